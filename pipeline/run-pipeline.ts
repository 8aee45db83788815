import { randomBytes } from 'node:crypto';
import { type Config, RegistrySettingsSchema, type RegistrySettings } from './config.ts';
import { buildCore } from './loading/build-core.ts';
import { type InboxResult, ingestInbox } from './loading/ingest-inbox.ts';
import { refreshReference } from './loading/refresh-reference.ts';
import type { InboxFile } from './loading/scan-inbox.ts';
import { buildMarts } from './marts/build-marts.ts';
import { publishSnapshot } from './publish/publish-snapshot.ts';
import { Normaliser } from './reference/normaliser.ts';
import { loadReference } from './reference/reference.ts';
import { emptyRegistryResult, type RegistrySyncResult, syncRegistry } from './sources/registry/sync-registry.ts';
import { openWarehouse } from './warehouse/open-warehouse.ts';
import { runCompiled } from './warehouse/run-compiled.ts';

/** Registry settings are optional here: absent ones take their defaults, an absent REGISTRY_URL skips the source. */
export type PipelineConfig = Pick<Config, 'INBOX_DIR' | 'WAREHOUSE_PATH' | 'ARCHIVE_DIR' | 'SNAPSHOT_DIR' | 'REFERENCE_DIR' | 'DATA_IS_SYNTHETIC'> &
  Partial<RegistrySettings>;

/** What a run did: the inbox's counts and rejections (InboxResult), the registry, and how it ended. */
export interface RunSummary extends InboxResult {
  runId: string;
  status: 'success' | 'partial' | 'failed';
  /** The mentors' registry: synced, skipped (no REGISTRY_URL) or failed (the warehouse keeps what it had). */
  registry: RegistrySyncResult;
  error: string | null;
  seconds: number;
}

export interface RunOptions {
  /** A line of progress, in English, for logs. */
  log?: (line: string) => void;
  /** Called after each inbox file is settled (loaded, rejected or skipped). */
  onFileDone?: (done: number, total: number, file: InboxFile) => void;
  /** Backoff bounds of the registry's retries (tests shorten them). */
  registryBackoffMs?: { min: number; max: number };
}

/** 0 success, 1 partial (some files or organisations rejected, or the registry failed; the rest loaded), 2 failure. */
export function exitCode(summary: RunSummary): 0 | 1 | 2 {
  return summary.status === 'success' ? 0 : summary.status === 'partial' ? 1 : 2;
}

function pickRegistrySettings(config: PipelineConfig): Partial<RegistrySettings> {
  return Object.fromEntries(Object.keys(RegistrySettingsSchema.shape).map((k) => [k, config[k as keyof RegistrySettings]]));
}

function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;
}

/**
 * One pass: reference → inbox files (archived, validated, each loaded in its own transaction) →
 * registry of mentors (all or nothing, skipped without REGISTRY_URL) → core → marts → snapshot.
 * Files seen before (same content hash) are skipped, so a rerun changes nothing.
 */
export async function runPipeline(config: PipelineConfig, { log = () => {}, onFileDone = () => {}, registryBackoffMs }: RunOptions = {}): Promise<RunSummary> {
  const started = new Date();
  const runId = newRunId(started);
  const summary: RunSummary = {
    runId, status: 'success', filesSeen: 0, files: { loaded: 0, partial: 0, rejected: 0, skipped: 0 }, errors: 0, warnings: 0, rejections: [],
    registry: emptyRegistryResult('skipped', 'не выполнялся'), error: null, seconds: 0,
  };
  const ref = loadReference(config.REFERENCE_DIR);
  const normaliser = new Normaliser(ref);
  const wh = await openWarehouse(config.WAREHOUSE_PATH);
  const connection = await wh.connect();
  const recordRun = () => {
    summary.seconds = (Date.now() - started.getTime()) / 1000;
    return runCompiled(
      connection,
      wh.db.updateTable('ops_runs').where('run_id', '=', runId).set({
        finished_at: new Date(),
        status: summary.status,
        files_seen: summary.filesSeen,
        files_loaded: summary.files.loaded + summary.files.partial,
        files_rejected: summary.files.rejected,
        files_skipped: summary.files.skipped,
        error: summary.error,
      }),
    );
  };
  try {
    // DuckDB lets one process hold the file, so a run still marked running here was killed.
    await runCompiled(connection, wh.db.updateTable('ops_runs').set({ status: 'interrupted' }).where('status', '=', 'running'));
    await runCompiled(connection, wh.db.insertInto('ops_runs').values({ run_id: runId, started_at: started, status: 'running', inbox_dir: config.INBOX_DIR }));
    await refreshReference(connection, wh.db, ref);
    log('step reference: refreshed');

    const inbox = await ingestInbox({ connection, db: wh.db, inboxDir: config.INBOX_DIR, archiveDir: config.ARCHIVE_DIR, runId, ref, normaliser, onFileDone, log });
    Object.assign(summary, inbox);
    // After the files, so a registry that is down or broken never holds up the forms.
    summary.registry = await syncRegistry(connection, wh.db, {
      settings: pickRegistrySettings(config),
      runId,
      normaliser,
      log,
      backoffMinMs: registryBackoffMs?.min,
      backoffMaxMs: registryBackoffMs?.max,
    });
    summary.warnings += summary.registry.unmapped;
    if (summary.registry.status === 'failed') summary.errors++;
    log(`step registry: ${summary.registry.status}${summary.registry.reason ? ` (${summary.registry.reason})` : ''}`);
    await buildCore(connection);
    log('step core: rebuilt');
    await buildMarts(connection);
    log('step marts: rebuilt');
    summary.status = summary.files.rejected + summary.files.partial > 0 || summary.registry.status === 'failed' ? 'partial' : 'success';
    // recorded before publishing, so the data-quality page shows this run as it ended; a failure below rewrites it
    await recordRun();
    await publishSnapshot(connection, config.SNAPSHOT_DIR, { generated_at: new Date().toISOString(), run_id: runId, synthetic: config.DATA_IS_SYNTHETIC, region: ref.region });
    log(`step snapshot: ${config.SNAPSHOT_DIR}`);
  } catch (e) {
    summary.status = 'failed';
    summary.error = e instanceof Error ? e.message : String(e);
  } finally {
    await recordRun().catch(() => {});
    connection.closeSync();
    await wh.close();
  }
  return summary;
}

/** The run's outcome in Russian, for the person who started it. */
export function describeSummary(s: RunSummary): string {
  const why = [
    ...(s.files.rejected + s.files.partial > 0 ? ['есть отклонённые данные'] : []),
    ...(s.registry.status === 'failed' ? ['реестр наставников не загружен'] : []),
  ];
  const status = { success: 'успешно', partial: `частично (${why.join('; ') || 'есть отклонённые данные'})`, failed: 'с ошибкой' }[s.status];
  return [
    `Запуск ${s.runId} завершён ${status} за ${s.seconds.toFixed(1).replace('.', ',')} с.`,
    `Файлов во входящих: ${s.filesSeen}; загружено: ${s.files.loaded}, частично: ${s.files.partial}, отклонено: ${s.files.rejected}, уже были загружены: ${s.files.skipped}.`,
    `Замечаний: ошибок ${s.errors}, предупреждений ${s.warnings} (полный список — в таблице ops_findings хранилища).`,
    ...s.rejections.slice(0, 20).map((r) => `  ${r.status === 'rejected' ? 'отклонён' : 'частично'}: ${r.file} — ${r.reason}`),
    ...(s.rejections.length > 20 ? [`  … и ещё ${s.rejections.length - 20}`] : []),
    describeRegistry(s.registry),
    ...(s.error ? [`Ошибка: ${s.error}`] : []),
  ].join('\n');
}

const n = (x: number) => x.toLocaleString('ru-RU');

/** One line on the registry source, in Russian. */
export function describeRegistry(r: RegistrySyncResult): string {
  if (r.status === 'skipped') return `Реестр наставников: пропущен — ${r.reason}.`;
  if (r.status === 'failed') {
    return `Реестр наставников: не загружен. ${r.reason}. Данные реестра в хранилище не изменены; следующий запуск повторит загрузку.`;
  }
  const since = r.updatedSince === null ? 'полная загрузка' : `изменения с ${r.updatedSince}`;
  return [
    `Реестр наставников: ${since}; получено записей ${n(r.fetched)} (страниц ${r.pages}${r.retries > 0 ? `, повторов запросов ${r.retries}` : ''}),`,
    `применено ${n(r.applied)} (новых наставников ${n(r.added)}, удалено ${n(r.deleted)}), не сопоставлено значений ${n(r.unmapped)}.`,
  ].join(' ');
}
