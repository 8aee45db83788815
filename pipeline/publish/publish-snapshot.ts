import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MARTS, PUBLISHED_ORDER } from '../marts/build-marts.ts';
import type { SnapshotMeta } from '../contract/snapshot.ts';
import { LIMITS } from '../reference/limits.ts';
import { isProcessAlive } from '../run-lock.ts';
import { sqlString } from '../warehouse/sql-string.ts';

/**
 * What the site reads besides the marts: reference tables and the pipeline's own records (runs, sources,
 * files, findings) for the data-quality page, with only the columns pages need. No registry table is
 * exported: the registry reaches the site only through mart_registry's counts.
 */
// Times as ISO 8601 in UTC, which every browser parses; the site shows them in the region's zone.
const iso = (column: string) => `strftime(${column} at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') as ${column}`;

const EXPORTS: Record<string, string> = {
  ref_territories:
    'select territory_id, name, short_name, kind, tile_col, tile_row, sort_order from core_territories order by sort_order, territory_id',
  ref_territory_names:
    'select territory_id, name, kind, valid_from, valid_to from core_territory_names order by territory_id, valid_from nulls first, valid_to nulls first, name, kind',
  ref_indicators: `select indicator_id, name, short_name, org_type_id, method, numerator_measure, denominator_measure, baseline_year, baseline_pct,
                          target_year, target_pct, sort_order from core_indicators order by sort_order, indicator_id`,
  ref_measures:
    'select measure_id, block, kind, name, short_name, name_genitive, sort_order from core_measures order by sort_order, measure_id',
  ref_org_types:
    'select org_type_id, name, short_name, sort_order from core_org_types order by sort_order, org_type_id',
  ref_forms: 'select form_id, name, mentee_group, sort_order from core_forms order by sort_order, form_id',
  ref_checklist_criteria:
    'select criterion_id, name, short_name, sort_order from core_checklist_criteria order by sort_order, criterion_id',
  ref_organisations:
    'select org_key, name, territory_id, org_type_id, first_year, last_year from core_organisations order by territory_id, name, org_key',
  ops_runs: `select run_id, ${iso('started_at')}, ${iso('finished_at')}, status, files_seen, files_loaded, files_rejected, files_skipped, error
             from ops_runs order by started_at desc, run_id limit 50`,
  // the named steps of the last 50 runs, with a short JSON of counts or the error (publishSnapshot adjusts this run's own)
  ops_run_steps: `select s.run_id, s.step, ${iso('s.started_at').replace(' as s.', ' as ')}, ${iso('s.finished_at').replace(' as s.', ' as ')}, s.status, s.detail
                  from ops_run_steps as s join (select run_id from ops_runs order by started_at desc, run_id limit 50) as r using (run_id)
                  order by s.started_at desc, s.run_id, s.step`,
  ops_sources: `select source, ${iso('last_success_at')}, ${iso('watermark')}, records_fetched, records_applied from ops_sources order by source`,
  // one row per file received, with the territories and years its organisations named (none when unreadable); a
  // contingent file's come from its own staging (stg_contingent_rows), which is never a submission
  ops_files: `select f.file_sha256, f.file_name, f.source_path, ${iso('f.received_at').replace(' as f.', ' as ')}, f.format, f.status, f.org_years_accepted, f.org_years_rejected,
                     list(distinct s.territory_id order by s.territory_id) filter (where s.territory_id is not null) as territory_ids,
                     list(distinct s.year order by s.year) filter (where s.year is not null) as years
              from raw_files as f
              left join (select file_sha256, territory_id, year from stg_submissions
                         union all select file_sha256, territory_id, year from stg_contingent_rows) as s using (file_sha256)
              group by all order by received_at desc, f.file_name, f.file_sha256`,
  // at most LIMITS.snapshotFindingsPerFile findings of a file, errors first, each row with the file's count
  // (findings_in_file), so that one file's findings cannot swell the site's JSON
  ops_findings: `select file_sha256, file_name, sheet, row_number, column_name, value, severity, code, message, findings_in_file
                 from (select *, row_number() over w as nth, count(*) over (partition by file_sha256, file_name) as findings_in_file
                       from ops_findings
                       window w as (partition by file_sha256, file_name order by severity = 'error' desc, sheet, row_number, column_name, code, message))
                 where nth <= ${LIMITS.snapshotFindingsPerFile}
                 order by file_name, sheet, row_number, column_name, code`,
};

// meta.json as the contract declares it, which the site checks on reading
export type { SnapshotMeta };

/**
 * Removes what a killed publication left beside `snapshotDir`: `<snapshot>.new-<pid>` and `<snapshot>.old-<pid>` of
 * processes that no longer exist (or of this one). A process killed between its two renames leaves no snapshot but the
 * previous one moved aside as `.old-<pid>`: that one is moved back first. Returns the folders removed or restored.
 */
export function removeSnapshotLeftovers(snapshotDir: string): string[] {
  const parent = path.dirname(snapshotDir);
  const base = path.basename(snapshotDir);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const leftovers = entries.flatMap((name) => {
    if (!name.startsWith(`${base}.`)) return [];
    const match = /^(new|old)-(\d+)$/.exec(name.slice(base.length + 1));
    if (!match) return [];
    const pid = Number(match[2]);
    return pid === process.pid || !isProcessAlive(pid) ? [{ dir: path.join(parent, name), kind: match[1]! }] : [];
  });
  const done: string[] = [];
  const previous = leftovers.find((l) => l.kind === 'old' && existsSync(path.join(l.dir, 'meta.json')));
  if (!existsSync(snapshotDir) && previous) {
    renameSync(previous.dir, snapshotDir);
    done.push(previous.dir);
  }
  for (const l of leftovers) {
    if (l === previous && done.includes(l.dir)) continue;
    rmSync(l.dir, { recursive: true, force: true });
    done.push(l.dir);
  }
  return done;
}

export interface PublishOptions {
  /**
   * How this run will be recorded when it ends. Its ops_runs row stays `running` until the run has finished (a run
   * killed while publishing is then marked `interrupted` by the next one), so the snapshot shows this status instead.
   */
  runStatus?: 'success' | 'partial';
}

/**
 * Writes the marts and reference tables as JSON arrays into a fresh folder and swaps it in, so the
 * site never reads a half-written snapshot and never needs the warehouse's lock. Every export is in a total order,
 * so two runs over the same data give the same bytes (only meta.json and the ops_* files carry times and run ids).
 */
export async function publishSnapshot(
  connection: DuckDBConnection,
  snapshotDir: string,
  meta: Omit<SnapshotMeta, 'years'>,
  options: PublishOptions = {},
): Promise<SnapshotMeta> {
  removeSnapshotLeftovers(snapshotDir);
  const staging = `${snapshotDir}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const queries: Record<string, string> = { ...EXPORTS };
  // The snapshot step of this run is still `running` while it writes these files; a snapshot that exists is one
  // whose step succeeded (a failed one is never swapped in), so it is published as such.
  queries.ops_run_steps = `select run_id, step, started_at,
      case when run_id = ${sqlString(meta.run_id)} and step = 'snapshot' and status = 'running' then ${sqlString(meta.generated_at)} else finished_at end as finished_at,
      case when run_id = ${sqlString(meta.run_id)} and step = 'snapshot' and status = 'running' then 'success' else status end as status,
      detail
    from (${EXPORTS.ops_run_steps}) order by started_at desc, run_id, step`;
  if (options.runStatus) {
    queries.ops_runs = `select run_id, started_at,
        case when run_id = ${sqlString(meta.run_id)} and status = 'running' then ${sqlString(meta.generated_at)} else finished_at end as finished_at,
        case when run_id = ${sqlString(meta.run_id)} and status = 'running' then ${sqlString(options.runStatus)} else status end as status,
        files_seen, files_loaded, files_rejected, files_skipped, error
      from (${EXPORTS.ops_runs}) order by started_at desc, run_id`;
  }
  // a mart without a published order is written in the order of all its columns: the same rows, the same bytes
  for (const mart of MARTS)
    queries[mart] =
      `select * from ${mart} order by ${PUBLISHED_ORDER[mart] ? `${PUBLISHED_ORDER[mart]}, columns(*)` : 'all'}`;
  for (const [name, query] of Object.entries(queries)) {
    await connection.run(
      `copy (${query}) to ${sqlString(path.join(staging, `${name}.json`))} (format json, array true)`,
    );
  }
  const years = (
    await connection.runAndReadAll('select distinct year::integer as year from mart_indicator_values order by year')
  )
    .getRowObjects()
    .map((r) => Number(r.year));
  const full: SnapshotMeta = { ...meta, years };
  writeFileSync(path.join(staging, 'meta.json'), `${JSON.stringify(full, null, 2)}\n`);
  const old = `${snapshotDir}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(snapshotDir, old);
  } catch {
    // first publication: nothing to move aside
  }
  renameSync(staging, snapshotDir);
  rmSync(old, { recursive: true, force: true });
  return full;
}
