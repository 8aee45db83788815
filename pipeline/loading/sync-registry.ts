import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import { type RegistrySettings, RegistrySettingsSchema } from '../config.ts';
import { insertFindings } from './load-file.ts';
import type { Normaliser } from '../reference/normaliser.ts';
import { type Finding, finding } from '../reference/finding.ts';
import { appendRows } from '../warehouse/append-rows.ts';
import type { Database } from '../warehouse/database.ts';
import { inTransaction, runCompiled } from '../warehouse/run-compiled.ts';
import { runSqlFile } from '../warehouse/run-sql-file.ts';
import type { RegistryRecord } from '../sources/registry/contract.ts';
import { RegistryError } from '../sources/registry/errors.ts';
import { fetchRegistry } from '../sources/registry/fetch-registry.ts';
import { normaliseMentor, REGISTRY_FILE_NAME } from '../sources/registry/normalise-mentor.ts';

/** The registry's key in ops_sources. */
export const REGISTRY_SOURCE = 'mentors_registry';

const COUNTS_SQL = path.join(import.meta.dirname, 'sql', 'registry-counts.sql');

export interface RegistrySyncResult {
  status: 'success' | 'skipped' | 'failed';
  /** Why it was skipped or failed, in Russian. */
  reason: string | null;
  /** The `updated_since` sent: null on the first sync. */
  updatedSince: string | null;
  fetched: number;
  pages: number;
  requests: number;
  retries: number;
  /** Records that became the current version of their mentor. */
  applied: number;
  /** Of the applied, mentors not seen before. */
  added: number;
  /** Of the applied, records marked deleted. */
  deleted: number;
  /** Free-text values that did not map (each one a finding). */
  unmapped: number;
  /** The stored watermark after the sync. */
  watermark: string | null;
  seconds: number;
}

export interface SyncRegistryOptions {
  /** Absent settings take their defaults (config.ts). */
  settings: Partial<RegistrySettings>;
  runId: string;
  normaliser: Normaliser;
  log?: (line: string) => void;
  /** Backoff bounds for the retries (tests shorten them). */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** The run's stop signal: a fetch in progress ends at once and the sync fails, writing nothing. */
  signal?: AbortSignal | undefined;
}

export function emptyRegistryResult(status: RegistrySyncResult['status'], reason: string | null): RegistrySyncResult {
  return {
    status,
    reason,
    updatedSince: null,
    fetched: 0,
    pages: 0,
    requests: 0,
    retries: 0,
    applied: 0,
    added: 0,
    deleted: 0,
    unmapped: 0,
    watermark: null,
    seconds: 0,
  };
}

async function readWatermark(connection: DuckDBConnection): Promise<number | null> {
  const rows = (
    await connection.runAndReadAll('select epoch_ms(watermark) as ms from ops_sources where source = $1', [
      REGISTRY_SOURCE,
    ])
  ).getRows();
  const ms = rows[0]?.[0];
  return ms === null || ms === undefined ? null : Number(ms);
}

/**
 * Pulls the registry (incrementally after the first time) and applies it all or nothing: every page is
 * fetched first, then one transaction writes history, current versions, forms, the counts, the findings
 * and the watermark. A failure leaves every registry table and the watermark as they were, is recorded
 * as a finding, and is returned (not thrown) so the other sources of the run still load.
 */
export async function syncRegistry(
  connection: DuckDBConnection,
  db: Kysely<Database>,
  o: SyncRegistryOptions,
): Promise<RegistrySyncResult> {
  const started = Date.now();
  const log = o.log ?? (() => {});
  const parsed = RegistrySettingsSchema.safeParse(o.settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return emptyRegistryResult('failed', `Реестр наставников: ошибка в настройках — ${problems}`);
  }
  const settings = parsed.data;
  const url = settings.REGISTRY_URL;
  if (!url) return emptyRegistryResult('skipped', 'не задан REGISTRY_URL');
  const result = emptyRegistryResult('success', null);
  try {
    const stored = await readWatermark(connection);
    result.updatedSince = stored === null ? null : new Date(stored).toISOString();
    result.watermark = result.updatedSince;
    const fetched = await fetchRegistry({
      url,
      token: settings.REGISTRY_TOKEN,
      pageSize: settings.REGISTRY_PAGE_SIZE,
      timeoutMs: settings.REGISTRY_TIMEOUT_MS,
      maxRetries: settings.REGISTRY_MAX_RETRIES,
      retryAfterMaxS: settings.REGISTRY_RETRY_AFTER_MAX_S,
      syncTimeoutMs: settings.REGISTRY_SYNC_TIMEOUT_MS,
      updatedSince: result.updatedSince,
      backoffMinMs: o.backoffMinMs,
      backoffMaxMs: o.backoffMaxMs,
      log,
      signal: o.signal,
    });
    Object.assign(result, {
      fetched: fetched.records.length,
      pages: fetched.pages,
      requests: fetched.requests,
      retries: fetched.retries,
    });
    const applied = await inTransaction(connection, () => applyRecords(connection, db, fetched.records, stored, o));
    Object.assign(result, applied);
    log(
      `registry: ${result.fetched} fetched, ${result.applied} applied (${result.added} new, ${result.deleted} deleted), ${result.unmapped} unmapped values`,
    );
  } catch (e) {
    const reason =
      e instanceof RegistryError
        ? e.message
        : `Реестр наставников: ошибка записи в хранилище — ${e instanceof Error ? e.message : String(e)}`;
    Object.assign(result, { status: 'failed', reason, applied: 0, added: 0, deleted: 0, unmapped: 0 });
    await insertFindings(connection, o.runId, null, [
      {
        ...finding(
          'error',
          'registry_sync_failed',
          `${reason}. Данные реестра в хранилище не изменены; следующий запуск повторит синхронизацию`,
        ),
        file: REGISTRY_FILE_NAME,
      },
    ]).catch(() => {});
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

type Applied = Pick<RegistrySyncResult, 'applied' | 'added' | 'deleted' | 'unmapped' | 'watermark'>;

/** Call inside a transaction: stages the records, merges them into core, rebuilds the counts, moves the watermark. */
async function applyRecords(
  connection: DuckDBConnection,
  db: Kysely<Database>,
  records: RegistryRecord[],
  stored: number | null,
  o: SyncRegistryOptions,
): Promise<Applied> {
  const current = new Map<string, number>();
  for (const [id, ms] of (
    await connection.runAndReadAll('select mentor_id, epoch_ms(updated_at) from core_mentors')
  ).getRows())
    current.set(String(id), Number(ms));

  // One row per id × updated_at (a repeat of the same version is the same version); the newest per id wins.
  const versions = new Map<string, RegistryRecord>();
  const newest = new Map<string, RegistryRecord>();
  for (const r of records) {
    versions.set(`${r.id}\u0000${r.updatedAtMs}`, r);
    const best = newest.get(r.id);
    if (!best || r.updatedAtMs >= best.updatedAtMs) newest.set(r.id, r);
  }
  const known = new Set<string>();
  if (records.length > 0) {
    let minMs = Infinity;
    for (const r of records) minMs = Math.min(minMs, r.updatedAtMs);
    const rows = (
      await connection.runAndReadAll(
        'select mentor_id, epoch_ms(updated_at) from core_mentor_versions where epoch_ms(updated_at) >= $1',
        [minMs],
      )
    ).getRows();
    for (const [id, ms] of rows) known.add(`${String(id)}\u0000${Number(ms)}`);
  }

  const findings: Finding[] = [];
  const staged: Parameters<typeof appendRows<'stg_registry_mentors'>>[2][number][] = [];
  let added = 0;
  let deleted = 0;
  let maxMs = stored ?? -Infinity;
  for (const [key, r] of versions) {
    maxMs = Math.max(maxMs, r.updatedAtMs);
    const isCurrent = newest.get(r.id) === r && (current.get(r.id) ?? -Infinity) < r.updatedAtMs;
    const isNewVersion = !known.has(key);
    if (!isCurrent && !isNewVersion) continue;
    const { attributes, findings: found } = normaliseMentor(r, o.normaliser);
    if (isCurrent) {
      if (!current.has(r.id)) added++;
      if (r.deleted) deleted++;
      // A deleted mentor does not count: its unmapped text is nobody's problem any more.
      else findings.push(...found);
    }
    staged.push({
      mentor_id: r.id,
      updated_at: new Date(r.updatedAtMs),
      is_deleted: r.deleted,
      territory_id: attributes.territoryId,
      org_inn: r.orgInn,
      org_name: r.orgName,
      org_type_id: attributes.orgTypeId,
      has_personalised_programme: r.personalisedProgramme,
      is_trained: r.trained,
      trained_at: r.trainedAt,
      registered_at: r.registeredAt,
      form_ids: attributes.formIds.join('|'),
      is_new_version: isNewVersion,
      is_current: isCurrent,
    });
  }
  const appliedCount = staged.filter((s) => s.is_current).length;

  await connection.run('delete from stg_registry_mentors');
  await appendRows(connection, 'stg_registry_mentors', staged);
  const columns =
    'is_deleted, territory_id, org_inn, org_name, org_type_id, has_personalised_programme, is_trained, trained_at::date, registered_at::date';
  await connection.run(
    `insert into core_mentor_versions select mentor_id, updated_at, $1, ${columns}, form_ids from stg_registry_mentors where is_new_version`,
    [o.runId],
  );
  await connection.run(
    'delete from core_mentor_forms where mentor_id in (select mentor_id from stg_registry_mentors where is_current)',
  );
  await connection.run(
    'delete from core_mentors where mentor_id in (select mentor_id from stg_registry_mentors where is_current)',
  );
  await connection.run(
    `insert into core_mentors select mentor_id, updated_at, $1, ${columns} from stg_registry_mentors where is_current`,
    [o.runId],
  );
  await connection.run(
    "insert into core_mentor_forms select mentor_id, form_id from (select mentor_id, unnest(string_split(form_ids, '|')) as form_id from stg_registry_mentors where is_current and form_ids <> '')",
  );
  await connection.run('delete from stg_registry_mentors');
  await runSqlFile(connection, COUNTS_SQL);
  await insertFindings(connection, o.runId, null, findings);

  const watermark = Number.isFinite(maxMs) ? new Date(maxMs) : null;
  await runCompiled(connection, db.deleteFrom('ops_sources').where('source', '=', REGISTRY_SOURCE));
  await runCompiled(
    connection,
    db.insertInto('ops_sources').values({
      source: REGISTRY_SOURCE,
      watermark,
      last_success_at: new Date(),
      last_run_id: o.runId,
      records_fetched: records.length,
      records_applied: appliedCount,
    }),
  );
  return {
    applied: appliedCount,
    added,
    deleted,
    unmapped: findings.length,
    watermark: watermark?.toISOString() ?? null,
  };
}
