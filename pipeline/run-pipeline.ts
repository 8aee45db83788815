import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, RegistrySettingsSchema, type RegistrySettings } from './config.ts';
import { archiveFile, sha256 } from './loading/archive-file.ts';
import { buildCore } from './loading/build-core.ts';
import { type FileStatus, insertFindings, loadFile } from './loading/load-file.ts';
import { refreshReference } from './loading/refresh-reference.ts';
import { type InboxFile, scanInbox } from './loading/scan-inbox.ts';
import { buildMarts } from './marts/build-marts.ts';
import { publishSnapshot } from './publish/publish-snapshot.ts';
import { Normaliser } from './reference/normaliser.ts';
import { loadReference } from './reference/reference.ts';
import { emptyRegistryResult, type RegistrySyncResult, syncRegistry } from './sources/registry/sync-registry.ts';
import { describePlace, finding } from './validation/finding.ts';
import { validateFile } from './validation/validate-file.ts';
import { openWarehouse } from './warehouse/open-warehouse.ts';
import { inTransaction, runCompiled } from './warehouse/run-compiled.ts';

/** Registry settings are optional here: absent ones take their defaults, an absent REGISTRY_URL skips the source. */
export type PipelineConfig = Pick<Config, 'INBOX_DIR' | 'WAREHOUSE_PATH' | 'ARCHIVE_DIR' | 'SNAPSHOT_DIR' | 'REFERENCE_DIR' | 'DATA_IS_SYNTHETIC'> &
  Partial<RegistrySettings>;

export interface RunSummary {
  runId: string;
  status: 'success' | 'partial' | 'failed';
  filesSeen: number;
  files: Record<FileStatus | 'skipped', number>;
  errors: number;
  warnings: number;
  /** Files with rejected organisations or rejected whole, each with its first error. */
  rejections: { file: string; status: FileStatus; reason: string }[];
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
 * registry of mentors (all or nothing, skipped without REGISTRY_URL) → core → marts → snapshot. Files seen before (same content hash) are skipped, so a rerun changes nothing.
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
  try {
    // DuckDB lets one process hold the file, so a run still marked running here was killed.
    await runCompiled(connection, wh.db.updateTable('ops_runs').set({ status: 'interrupted' }).where('status', '=', 'running'));
    await runCompiled(connection, wh.db.insertInto('ops_runs').values({ run_id: runId, started_at: started, status: 'running', inbox_dir: config.INBOX_DIR }));
    await refreshReference(connection, wh.db, ref);
    log('step reference: refreshed');

    const known = new Set((await wh.db.selectFrom('raw_files').select('file_sha256').execute()).map((r) => r.file_sha256));
    const { files, passedOver } = scanInbox(config.INBOX_DIR);
    summary.filesSeen = files.length;
    await insertFindings(connection, runId, null, passedOver.map((p) => ({
      ...finding('warning', 'not_a_regular_file', 'Не обычный файл (ссылка или устройство): не прочитан; положите во входящие сам файл'),
      file: p,
    })));
    summary.warnings += passedOver.length;
    for (const [i, file] of files.entries()) {
      const buffer = readFileSync(file.path);
      const hash = sha256(buffer);
      if (known.has(hash)) {
        summary.files.skipped++;
        onFileDone(i + 1, files.length, file);
        continue;
      }
      const validated = await validateFile(file.relativePath, buffer, normaliser, ref, { connection, sourcePath: file.path });
      const archivedPath = archiveFile(file.path, hash, config.ARCHIVE_DIR);
      const status = await inTransaction(connection, () =>
        loadFile(connection, wh.db, {
          sha256: hash,
          sourcePath: file.relativePath,
          fileName: path.basename(file.path),
          sizeBytes: file.sizeBytes,
          modifiedAt: file.modifiedAt,
          receivedAt: new Date(),
          archivedPath,
          runId,
        }, validated),
      );
      known.add(hash);
      summary.files[status]++;
      const all = [...validated.findings, ...validated.submissions.flatMap((s) => s.findings)];
      summary.errors += all.filter((f) => f.severity === 'error').length;
      summary.warnings += all.filter((f) => f.severity === 'warning').length;
      const firstError = all.find((f) => f.severity === 'error');
      if (status !== 'loaded' && firstError) {
        const place = describePlace({ ...firstError, file: null });
        summary.rejections.push({ file: file.relativePath, status, reason: place ? `${place}: ${firstError.message}` : firstError.message });
      }
      onFileDone(i + 1, files.length, file);
      if ((i + 1) % 200 === 0) log(`step inbox: ${i + 1}/${files.length} files`);
    }
    log(`step inbox: ${files.length} files seen`);
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
    await publishSnapshot(connection, config.SNAPSHOT_DIR, { generated_at: new Date().toISOString(), run_id: runId, synthetic: config.DATA_IS_SYNTHETIC, region: ref.region });
    log(`step snapshot: ${config.SNAPSHOT_DIR}`);
    summary.status = summary.files.rejected + summary.files.partial > 0 || summary.registry.status === 'failed' ? 'partial' : 'success';
  } catch (e) {
    summary.status = 'failed';
    summary.error = e instanceof Error ? e.message : String(e);
  } finally {
    summary.seconds = (Date.now() - started.getTime()) / 1000;
    await runCompiled(
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
    ).catch(() => {});
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
