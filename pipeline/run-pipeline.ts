import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildSite as buildStaticSite } from './site/build-site.ts';
import { type Config, DEFAULT_FILE_TIMEOUT_S, RegistrySettingsSchema, type RegistrySettings } from './config.ts';
import { buildCore } from './loading/build-core.ts';
import { type InboxResult, ingestInbox } from './loading/ingest-inbox.ts';
import { refreshReference } from './loading/refresh-reference.ts';
import type { InboxFile } from './loading/scan-inbox.ts';
import { buildMarts } from './marts/build-marts.ts';
import { DATA_CHECKS } from './marts/data-checks.ts';
import { publishSnapshot, removeSnapshotLeftovers } from './publish/publish-snapshot.ts';
import { Normaliser } from './reference/normaliser.ts';
import { loadReference } from './reference/reference.ts';
import { emptyRegistryResult, type RegistrySyncResult, syncRegistry } from './loading/sync-registry.ts';
import { openWarehouse } from './warehouse/open-warehouse.ts';
import { runCompiled } from './warehouse/run-compiled.ts';
import { sqlString } from './warehouse/sql-string.ts';
import { type ReprocessedFile, type ReprocessSelection, reprocessArchive } from './loading/reprocess-archive.ts';

/** Registry settings and the file budget are optional here: absent ones take their defaults, an absent REGISTRY_URL skips the source. */
export type PipelineConfig = Pick<
  Config,
  'INBOX_DIR' | 'WAREHOUSE_PATH' | 'ARCHIVE_DIR' | 'SNAPSHOT_DIR' | 'REFERENCE_DIR' | 'DATA_IS_SYNTHETIC'
> &
  Partial<RegistrySettings> &
  Partial<Pick<Config, 'SITE_DIST_DIR' | 'FILE_TIMEOUT_S'>>;

/** The named steps of a run, in order; `site` only when asked for. */
export const STEPS = ['reference', 'inbox', 'reprocess', 'registry', 'core', 'marts', 'snapshot', 'site'] as const;
export type StepName = (typeof STEPS)[number];
/** `interrupted`: stopped by a signal, or left `running` by a killed process (marked so by the next run). */
export type StepStatus = 'running' | 'success' | 'failed' | 'skipped' | 'interrupted';

/** A step started (`running`) or ended; `detail` is what ops_run_steps.detail holds (counts, or the error). */
export interface StepEvent {
  runId: string;
  step: StepName;
  status: StepStatus;
  seconds: number;
  detail: Record<string, unknown> | null;
}

/** The optional last step: the static site rebuilt from the new snapshot. */
export interface SiteResult {
  status: 'success' | 'failed';
  distDir: string;
  seconds: number;
  error: string | null;
}

/** What a run did: the inbox's counts and rejections (InboxResult), the registry, the site, and how it ended. */
export interface RunSummary extends InboxResult {
  runId: string;
  /** `interrupted`: stopped by a signal (SIGTERM, SIGINT) between or inside steps; nothing half-written. */
  status: 'success' | 'partial' | 'failed' | 'interrupted';
  /** The mentors' registry: synced, skipped (no REGISTRY_URL) or failed (the warehouse keeps what it had). */
  registry: RegistrySyncResult;
  /** Null unless the site was asked for (RunOptions.buildSite) and its step was reached. */
  site: SiteResult | null;
  /** Archived files read again (RunOptions.reprocess), with their status before and after. */
  reprocessed: ReprocessedFile[];
  /** Every step that started, as recorded in ops_run_steps. */
  steps: { step: StepName; status: StepStatus; seconds: number }[];
  error: string | null;
  seconds: number;
}

export interface RunOptions {
  /** A line of progress, in English, for logs. */
  log?: (line: string) => void;
  /** Called after each inbox file is settled (loaded, rejected or skipped). */
  onFileDone?: (done: number, total: number, file: InboxFile) => void;
  /** Called when a step starts and when it ends. */
  onStep?: (event: StepEvent) => void;
  /** Backoff bounds of the registry's retries (tests shorten them). */
  registryBackoffMs?: { min: number; max: number };
  /**
   * Stops the run gracefully: checked before every step and after every transaction of inbox files, so the run
   * ends `interrupted` with whole files and whole steps only.
   */
  signal?: AbortSignal;
  /** Inbox files written per transaction (ingest-inbox.ts: FILES_PER_TRANSACTION); tests lower it to stop or crash between two. */
  filesPerTransaction?: number;
  /**
   * Read the selected archived files again with the current reference and rules, after the inbox (`--reprocess`):
   * each keeps its arrival time, so the newest submission of an organisation-year still wins by the same rule.
   */
  reprocess?: ReprocessSelection;
  /** Rebuild the static site (SITE_DIST_DIR) from the new snapshot as the last step; a failed build makes the run partial. */
  buildSite?: boolean;
}

/** 0 success, 1 partial (some files or organisations rejected, the registry or the site failed; the rest loaded), 2 failure or interrupted. */
export function exitCode(summary: RunSummary): 0 | 1 | 2 {
  return summary.status === 'success' ? 0 : summary.status === 'partial' ? 1 : 2;
}

/** Thrown inside a run when its AbortSignal fires; the run ends `interrupted`. */
export class RunInterruptedError extends Error {
  constructor(readonly reason: string) {
    super(`остановлен по сигналу ${reason}`);
    this.name = 'RunInterruptedError';
  }
}

function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (typeof r === 'string') return r;
  if (r instanceof Error && r.name !== 'AbortError') return r.message;
  return 'остановки';
}

function pickRegistrySettings(config: PipelineConfig): Partial<RegistrySettings> {
  return Object.fromEntries(
    Object.keys(RegistrySettingsSchema.shape).map((k) => [k, config[k as keyof RegistrySettings]]),
  );
}

function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Text from outside (a file name, a library's message) made safe to print as part of one line: control characters
 * are shown as their Unicode pictures (a line feed as ␊, a carriage return as ␍, a tab as ␉), and the line and
 * paragraph separators as ⏎, so a file named «…\nЗапуск завершён успешно.csv» cannot forge a line of the summary or
 * of the log.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\u23ce';
  });
}

/** The steps' names in Russian, for messages. */
const STEP_TITLES: Record<StepName, string> = {
  reference: 'справочники',
  inbox: 'входящие файлы',
  reprocess: 'перечитывание архива',
  registry: 'реестр наставников',
  core: 'ядро хранилища',
  marts: 'витрины',
  snapshot: 'снимок для сайта',
  site: 'сайт',
};

/**
 * A step failed: its message is a Russian sentence naming the step and, where one caused it, the inbox file; the
 * library's own text (DuckDB's, Node's) comes only after «подробности:». The original error is its `cause`.
 */
export class StepFailedError extends Error {
  constructor(
    readonly step: StepName,
    readonly file: string | null,
    readonly detail: string,
    cause: unknown,
  ) {
    super(
      `Шаг «${STEP_TITLES[step]}» (${step}) не выполнен${file === null ? '' : `: ошибка при обработке файла «${printable(file)}»`}; подробности: ${printable(detail)}`,
      { cause },
    );
    this.name = 'StepFailedError';
  }
}

/** The inbox file an error names, if any: a Node error's `path`, or a path under the inbox in the text (DuckDB's). */
function fileOfError(e: unknown, inboxDir: string): string | null {
  const inbox = path.resolve(inboxDir);
  const relative = (p: string) => {
    const r = path.relative(inbox, path.resolve(p));
    return r.startsWith('..') || path.isAbsolute(r) ? p : r;
  };
  const own = (e as NodeJS.ErrnoException | null)?.path;
  if (typeof own === 'string' && own !== '') return relative(own);
  const text = errorText(e);
  const at = text.indexOf(inbox + path.sep);
  if (at < 0) return null;
  const end = text.slice(at).search(/["'`»\n]/);
  return relative(end < 0 ? text.slice(at) : text.slice(at, at + end));
}

/** ops_run_steps.detail stays short: a long error is cut. */
const MAX_DETAIL = 2000;
function detailJson(detail: Record<string, unknown>): string {
  const json = JSON.stringify(detail);
  if (json.length <= MAX_DETAIL) return json;
  return JSON.stringify({ ...detail, error: `${String(detail.error ?? '').slice(0, MAX_DETAIL - 200)}…` });
}

/**
 * One pass, as named steps recorded in ops_run_steps: reference → inbox files (archived, validated, loaded whole,
 * several to a transaction) → registry of mentors (all or nothing, skipped without REGISTRY_URL) → core → marts (built,
 * checked by the data checks, then swapped in) → snapshot → site (when asked). Files seen before (same content hash) are
 * skipped, so a rerun changes nothing. An aborted `signal` stops it before the next step or transaction of inbox files.
 */
export async function runPipeline(config: PipelineConfig, options: RunOptions = {}): Promise<RunSummary> {
  const { onFileDone = () => {}, onStep = () => {}, registryBackoffMs, signal, filesPerTransaction } = options;
  // one line each, whatever a file name holds
  const log = (line: string) => (options.log ?? (() => {}))(printable(line));
  const started = new Date();
  const runId = newRunId(started);
  const summary: RunSummary = {
    runId,
    status: 'success',
    filesSeen: 0,
    files: { loaded: 0, partial: 0, rejected: 0, skipped: 0 },
    errors: 0,
    warnings: 0,
    rejections: [],
    reprocessed: [],
    registry: emptyRegistryResult('skipped', 'не выполнялся'),
    site: null,
    steps: [],
    error: null,
    seconds: 0,
  };
  const interruption = () => new RunInterruptedError(signal ? abortReason(signal) : 'остановки');
  const ref = loadReference(config.REFERENCE_DIR);
  const normaliser = new Normaliser(ref);
  const wh = await openWarehouse(config.WAREHOUSE_PATH, ref.region.time_zone);
  const connection = await wh.connect();
  /** `ended`: the run is over and its status final; before that the row keeps `running` (a kill leaves it so). */
  const recordRun = (ended = true) => {
    summary.seconds = (Date.now() - started.getTime()) / 1000;
    return runCompiled(
      connection,
      wh.db
        .updateTable('ops_runs')
        .where('run_id', '=', runId)
        .set({
          finished_at: ended ? new Date() : null,
          status: ended ? summary.status : 'running',
          files_seen: summary.filesSeen,
          files_loaded: summary.files.loaded + summary.files.partial,
          files_rejected: summary.files.rejected,
          files_skipped: summary.files.skipped,
          error: summary.error,
        }),
    );
  };

  /** Runs one named step: a `running` row first (a killed run leaves it), then how it ended, its counts or error. */
  async function step<T>(
    name: StepName,
    work: () => Promise<T>,
    outcome: (result: T) => { status?: StepStatus; detail?: Record<string, unknown> } = () => ({}),
  ): Promise<T> {
    if (signal?.aborted) throw interruption();
    const stepStarted = new Date();
    await runCompiled(
      connection,
      wh.db
        .insertInto('ops_run_steps')
        .values({ run_id: runId, step: name, started_at: stepStarted, status: 'running' }),
    );
    onStep({ runId, step: name, status: 'running', seconds: 0, detail: null });
    const finish = async (status: StepStatus, detail: Record<string, unknown>) => {
      const finished = new Date();
      const seconds = (finished.getTime() - stepStarted.getTime()) / 1000;
      await runCompiled(
        connection,
        wh.db
          .updateTable('ops_run_steps')
          .where('run_id', '=', runId)
          .where('step', '=', name)
          .set({ finished_at: finished, status, detail: detailJson(detail) }),
      );
      summary.steps.push({ step: name, status, seconds });
      onStep({ runId, step: name, status, seconds, detail });
    };
    // A stop inside the step's DuckDB statements (core, marts, a large CSV, a transaction of files) ends the running
    // one at once, its transaction rolled back; DuckDB forgets an interrupt that finds no statement running, so it is
    // repeated until the step has ended.
    let repeating: NodeJS.Timeout | undefined;
    const interruptStatements = () => {
      connection.interrupt();
      repeating = setInterval(() => connection.interrupt(), 50);
    };
    const stopInterrupting = () => {
      signal?.removeEventListener('abort', interruptStatements);
      clearInterval(repeating);
    };
    if (signal?.aborted) interruptStatements();
    else signal?.addEventListener('abort', interruptStatements, { once: true });
    let result: T;
    try {
      result = await work();
      stopInterrupting();
    } catch (e) {
      stopInterrupting();
      const interrupted = e instanceof RunInterruptedError || signal?.aborted === true;
      if (interrupted) {
        await finish('interrupted', { error: errorText(e) }).catch(() => {});
        throw e instanceof RunInterruptedError ? e : interruption();
      }
      const failure =
        e instanceof StepFailedError ? e : new StepFailedError(name, fileOfError(e, config.INBOX_DIR), errorText(e), e);
      await finish('failed', { error: failure.message }).catch(() => {});
      throw failure;
    }
    const { status = 'success', detail = {} } = outcome(result);
    await finish(status, detail);
    return result;
  }

  /** One row of counts as plain numbers. */
  async function count(sql: string): Promise<Record<string, number>> {
    const row = (await connection.runAndReadAll(sql)).getRowObjects()[0] ?? {};
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  }

  // How far the inbox got, for the summary of a run stopped inside it.
  let inboxProgress = { done: 0, total: 0 };
  try {
    // The run lock (run-lock.ts) and DuckDB's file lock let one process hold the warehouse: a run or step still
    // marked running here was killed. A run is `success`/`partial` only once it has ended, but a warehouse written by an
    // older version may hold a finished status for a run with a step left running: that run was killed too.
    await runCompiled(
      connection,
      wh.db
        .updateTable('ops_runs')
        .set({ status: 'interrupted' })
        .where((eb) =>
          eb.or([
            eb('status', '=', 'running'),
            eb('run_id', 'in', eb.selectFrom('ops_run_steps').select('run_id').where('status', '=', 'running')),
          ]),
        ),
    );
    await runCompiled(
      connection,
      wh.db.updateTable('ops_run_steps').set({ status: 'interrupted' }).where('status', '=', 'running'),
    );
    await runCompiled(
      connection,
      wh.db
        .insertInto('ops_runs')
        .values({ run_id: runId, started_at: started, status: 'running', inbox_dir: config.INBOX_DIR }),
    );
    // what a publication killed midway left beside the snapshot (the previous snapshot is moved back if need be)
    for (const dir of removeSnapshotLeftovers(config.SNAPSHOT_DIR))
      log(`snapshot: removed the leftover ${dir} of a killed run`);
    await step(
      'reference',
      () => refreshReference(connection, wh.db, ref),
      () => ({ detail: { territories: ref.territories.length, indicators: ref.indicators.length } }),
    );

    const inbox = await step(
      'inbox',
      () =>
        ingestInbox({
          connection,
          db: wh.db,
          inboxDir: config.INBOX_DIR,
          archiveDir: config.ARCHIVE_DIR,
          runId,
          ref,
          normaliser,
          log,
          onFileDone: (done, total, file) => {
            inboxProgress = { done, total };
            onFileDone(done, total, file);
          },
          // between transactions: the files written so far are committed whole, the next ones not begun
          betweenTransactions: () => {
            if (signal?.aborted) throw interruption();
          },
          filesPerTransaction,
          fileTimeoutSeconds: config.FILE_TIMEOUT_S ?? DEFAULT_FILE_TIMEOUT_S,
          signal,
        }),
      (r) => ({ detail: { seen: r.filesSeen, ...r.files, errors: r.errors, warnings: r.warnings } }),
    );
    Object.assign(summary, inbox);
    if (options.reprocess) {
      const selection = options.reprocess;
      summary.reprocessed = await step(
        'reprocess',
        () =>
          reprocessArchive({
            connection,
            db: wh.db,
            archiveDir: config.ARCHIVE_DIR,
            runId,
            ref,
            normaliser,
            selection,
            fileTimeoutSeconds: config.FILE_TIMEOUT_S ?? DEFAULT_FILE_TIMEOUT_S,
            betweenFiles: () => {
              if (signal?.aborted) throw interruption();
            },
            signal,
          }),
        (r) => ({ detail: reprocessDetail(r) }),
      );
    }
    // After the files, so a registry that is down or broken never holds up the forms.
    summary.registry = await step(
      'registry',
      () =>
        syncRegistry(connection, wh.db, {
          settings: pickRegistrySettings(config),
          runId,
          normaliser,
          log,
          backoffMinMs: registryBackoffMs?.min,
          backoffMaxMs: registryBackoffMs?.max,
          signal,
        }),
      (r) => ({
        status: r.status === 'failed' && signal?.aborted ? 'interrupted' : r.status,
        detail:
          r.status === 'success'
            ? {
                fetched: r.fetched,
                applied: r.applied,
                added: r.added,
                deleted: r.deleted,
                unmapped: r.unmapped,
                pages: r.pages,
              }
            : { reason: r.reason },
      }),
    );
    summary.warnings += summary.registry.unmapped;
    if (summary.registry.status === 'failed') summary.errors++;
    await step(
      'core',
      async () => {
        await buildCore(connection, signal);
        summary.warnings += await reportSameTimeResubmissions();
        return count(
          'select (select count(*) from core_organisations) as organisations, (select count(*) from core_submissions where is_current) as submissions',
        );
      },
      (detail) => ({ detail }),
    );
    await step(
      'marts',
      async () => {
        await buildMarts(connection, signal); // the data checks run inside, before the marts are swapped in
        return {
          checks: DATA_CHECKS.length,
          ...(await count('select count(*) as indicator_values from mart_indicator_values')),
        };
      },
      (detail) => ({ detail }),
    );
    summary.status =
      summary.files.rejected + summary.files.partial > 0 || summary.registry.status === 'failed'
        ? 'partial'
        : 'success';
    // its counts recorded before publishing, still `running` (a kill from here on leaves the run interrupted); the
    // snapshot shows the status it is going to end with, so the data-quality page shows this run as it ended
    await recordRun(false);
    const finalStatus = summary.status;
    await step(
      'snapshot',
      () =>
        publishSnapshot(
          connection,
          config.SNAPSHOT_DIR,
          {
            generated_at: new Date().toISOString(),
            run_id: runId,
            synthetic: config.DATA_IS_SYNTHETIC,
            region: ref.region,
          },
          { runStatus: finalStatus },
        ),
      (meta) => ({ detail: { dir: config.SNAPSHOT_DIR, years: meta.years } }),
    );
    if (options.buildSite) {
      const distDir = config.SITE_DIST_DIR ?? 'dist';
      try {
        const built = await step(
          'site',
          () => buildStaticSite({ snapshotDir: config.SNAPSHOT_DIR, distDir, quiet: true, swap: true, signal }),
          (b) => ({ detail: { dir: b.distDir, seconds: Math.round(b.durationMs / 100) / 10 } }),
        );
        summary.site = { status: 'success', distDir: built.distDir, seconds: built.durationMs / 1000, error: null };
      } catch (e) {
        if (e instanceof RunInterruptedError) throw e;
        // the data is loaded and published; only the static pages are stale
        summary.site = { status: 'failed', distDir, seconds: 0, error: errorText(e) };
        summary.status = 'partial';
        summary.error = e instanceof StepFailedError ? e.message : `Сайт не собран: ${errorText(e)}`;
      }
    }
  } catch (e) {
    if (e instanceof RunInterruptedError || signal?.aborted) {
      summary.status = 'interrupted';
      const last = summary.steps.at(-1);
      const inside =
        last && last.status === 'interrupted' ? `во время шага ${last.step}` : `после шага ${last?.step ?? '(нет)'}`;
      summary.error = `Запуск ${e instanceof RunInterruptedError ? e.message : `остановлен по сигналу ${abortReason(signal!)}`} ${inside}: завершённые шаги и загруженные файлы сохранены целиком, следующий запуск продолжит.`;
      await countSettledFiles().catch(() => {});
    } else {
      summary.status = 'failed';
      summary.error =
        e instanceof StepFailedError ? e.message : `Запуск прерван ошибкой вне шагов; подробности: ${errorText(e)}`;
    }
  } finally {
    await recordRun().catch(() => {});
    connection.closeSync();
    await wh.close();
  }
  return summary;

  /**
   * Two accepted submissions of one organisation and year with the same time: build-core.sql keeps the one whose file
   * has the larger SHA-256 (docs/formats.md, «Повторная отправка: какой файл действует»). Each such decision is a
   * warning `same_time_resubmission` on the file not taken, recorded once (not again on every run). Returns how many
   * were recorded now.
   */
  async function reportSameTimeResubmissions(): Promise<number> {
    const fmt = "strftime(lose.submitted_at at time zone 'UTC', '%d.%m.%Y %H:%M:%S UTC')";
    const found = `
      select lose.file_sha256, lf.file_name, wf.file_name as winner,
        'Формы организации «' || coalesce(o.name, lose.org_key) || '» за ' || lose.year || ' год из файлов «' || lf.file_name || '» и «' || wf.file_name
          || '» изменены в одно время (' || ${fmt} || '): действует «' || wf.file_name
          || '», у которого больше контрольная сумма SHA-256, этот файл не учитывается. Чтобы действовал нужный файл, пришлите его с более поздней датой изменения' as message
      from core_submissions as lose
      join core_submissions as win on win.org_key = lose.org_key and win.year = lose.year and win.is_current and win.submitted_at = lose.submitted_at
      join raw_files as lf on lf.file_sha256 = lose.file_sha256
      join raw_files as wf on wf.file_sha256 = win.file_sha256
      left join core_organisations as o on o.org_key = lose.org_key
      where not lose.is_current and lose.file_sha256 <> win.file_sha256`;
    const inserted = await connection.runAndReadAll(`
      insert into ops_findings (run_id, file_sha256, file_name, sheet, row_number, column_name, value, severity, code, message)
      select distinct ${sqlString(runId)}, n.file_sha256, n.file_name, null, null, null, n.winner, 'warning', 'same_time_resubmission', n.message
      from (${found}) as n
      where not exists (select 1 from ops_findings as x where x.code = 'same_time_resubmission' and x.file_sha256 = n.file_sha256 and x.message = n.message)
      returning 1`);
    const added = inserted.getRows().length;
    if (added > 0)
      log(
        `step core: ${added} submissions with the same time decided by the larger SHA-256 (warnings same_time_resubmission)`,
      );
    return added;
  }

  /** A run stopped inside the inbox step: what it settled, from raw_files (the step's own counts were not returned). */
  async function countSettledFiles(): Promise<void> {
    if (summary.filesSeen > 0 || inboxProgress.total === 0) return;
    const rows = await wh.db
      .selectFrom('raw_files')
      .select(['status', (eb) => eb.fn.countAll<bigint>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('status')
      .execute();
    const files = { loaded: 0, partial: 0, rejected: 0, skipped: 0 };
    for (const r of rows) if (r.status in files) files[r.status as 'loaded'] = Number(r.n);
    files.skipped = Math.max(0, inboxProgress.done - files.loaded - files.partial - files.rejected);
    summary.filesSeen = inboxProgress.total;
    summary.files = files;
  }
}

/** The run's outcome in Russian, for the person who started it. */
/** The reprocess step's counts (ops_run_steps.detail): files read, changed, and loaded now that were rejected before. */
function reprocessDetail(files: readonly ReprocessedFile[]): Record<string, number> {
  const changed = files.filter((f) => f.before.status !== f.after.status || f.before.accepted !== f.after.accepted);
  return {
    read: files.length,
    changed: changed.length,
    now_loaded: changed.filter((f) => f.before.status === 'rejected' && f.after.status !== 'rejected').length,
  };
}

const FILE_STATUS_RU: Record<string, string> = { loaded: 'загружен', partial: 'частично', rejected: 'отклонён' };

/** The summary's lines on reprocessed files: how many, and each that changed. */
function describeReprocessed(files: readonly ReprocessedFile[]): string[] {
  if (files.length === 0) return [];
  const changed = files.filter((f) => f.before.status !== f.after.status || f.before.accepted !== f.after.accepted);
  const state = (x: ReprocessedFile['before']) => `${FILE_STATUS_RU[x.status] ?? x.status}, принято форм ${x.accepted}`;
  return [
    `Перечитано из архива с текущими справочниками: ${files.length}; изменилось: ${changed.length}.`,
    ...changed
      .slice(0, 20)
      .map((f) => `  перечитан: ${printable(f.file)} — было: ${state(f.before)}; стало: ${state(f.after)}`),
    ...(changed.length > 20 ? [`  … и ещё ${changed.length - 20}`] : []),
  ];
}

export function describeSummary(s: RunSummary): string {
  const why = [
    ...(s.files.rejected + s.files.partial > 0 ? ['есть отклонённые данные'] : []),
    ...(s.registry.status === 'failed' ? ['реестр наставников не загружен'] : []),
    ...(s.site?.status === 'failed' ? ['сайт не собран'] : []),
  ];
  const status = {
    success: 'успешно',
    partial: `частично (${why.join('; ') || 'есть отклонённые данные'})`,
    failed: 'с ошибкой',
    interrupted: 'досрочно (прерван)',
  }[s.status];
  const siteLine =
    s.site === null
      ? []
      : s.site.status === 'success'
        ? [`Сайт собран за ${s.site.seconds.toFixed(1).replace('.', ',')} с: ${s.site.distDir}.`]
        : [`Сайт не собран; данные загружены и снимок опубликован, прежняя версия сайта не изменена.`];
  return [
    `Запуск ${s.runId} завершён ${status} за ${s.seconds.toFixed(1).replace('.', ',')} с.`,
    `Файлов во входящих: ${s.filesSeen}; загружено: ${s.files.loaded}, частично: ${s.files.partial}, отклонено: ${s.files.rejected}, уже были загружены: ${s.files.skipped}.`,
    `Замечаний: ошибок ${s.errors}, предупреждений ${s.warnings} (полный список — в таблице ops_findings хранилища).`,
    ...s.rejections
      .slice(0, 20)
      .map(
        (r) => `  ${r.status === 'rejected' ? 'отклонён' : 'частично'}: ${printable(r.file)} — ${printable(r.reason)}`,
      ),
    ...(s.rejections.length > 20 ? [`  … и ещё ${s.rejections.length - 20}`] : []),
    ...describeReprocessed(s.reprocessed),
    describeRegistry(s.registry),
    ...siteLine,
    ...(s.error ? [`Ошибка: ${printable(s.error)}`] : []),
  ].join('\n');
}

const n = (x: number) => x.toLocaleString('ru-RU');

/** One line on the registry source, in Russian. */
export function describeRegistry(r: RegistrySyncResult): string {
  if (r.status === 'skipped') return `Реестр наставников: пропущен — ${printable(String(r.reason))}.`;
  if (r.status === 'failed') {
    return `Реестр наставников: не загружен. ${printable(String(r.reason))}. Данные реестра в хранилище не изменены; следующий запуск повторит загрузку.`;
  }
  const since = r.updatedSince === null ? 'полная загрузка' : `изменения с ${r.updatedSince}`;
  return [
    `Реестр наставников: ${since}; получено записей ${n(r.fetched)} (страниц ${r.pages}${r.retries > 0 ? `, повторов запросов ${r.retries}` : ''}),`,
    `применено ${n(r.applied)} (новых наставников ${n(r.added)}, удалено ${n(r.deleted)}), не сопоставлено значений ${n(r.unmapped)}.`,
  ].join(' ');
}
