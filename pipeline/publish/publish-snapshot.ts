import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MARTS } from '../marts/build-marts.ts';
import type { Region } from '../reference/reference.ts';

/** What the site reads besides the marts: reference tables, with only the columns pages need. */
const REFERENCE_EXPORTS: Record<string, string> = {
  ref_territories: 'select territory_id, name, short_name, kind, tile_col, tile_row, sort_order from core_territories order by sort_order',
  ref_indicators: 'select indicator_id, name, short_name, org_type_id, baseline_year, baseline_pct, target_year, target_pct, sort_order from core_indicators order by sort_order',
};

export interface SnapshotMeta {
  generated_at: string;
  run_id: string;
  years: number[];
  synthetic: boolean;
  /** The region of the reference data: its name and the time zone dates are shown in. */
  region: Region;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Writes the marts and reference tables as JSON arrays into a fresh folder and swaps it in, so the
 * site never reads a half-written snapshot and never needs the warehouse's lock.
 */
export async function publishSnapshot(connection: DuckDBConnection, snapshotDir: string, meta: Omit<SnapshotMeta, 'years'>): Promise<SnapshotMeta> {
  const staging = `${snapshotDir}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const queries: Record<string, string> = { ...REFERENCE_EXPORTS };
  for (const mart of MARTS) queries[mart] = `select * from ${mart}`;
  for (const [name, query] of Object.entries(queries)) {
    await connection.run(`copy (${query}) to ${sqlString(path.join(staging, `${name}.json`))} (format json, array true)`);
  }
  const years = (await connection.runAndReadAll('select distinct year::integer as year from mart_indicator_values order by year')).getRowObjects().map((r) => Number(r.year));
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
