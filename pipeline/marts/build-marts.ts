import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { runSqlScript } from '../warehouse/run-sql-file.ts';
import { runDataChecks } from './data-checks.ts';

/** The published marts, in build order; each `sql/<name>.sql` replaces its table from core. */
export const MARTS = [
  'mart_indicator_values',
  'mart_value_findings',
  'mart_coverage_organisations',
  'mart_coverage',
  'mart_forms',
  'mart_checklist',
  'mart_registry',
] as const;
export type MartName = (typeof MARTS)[number];

/**
 * The order a mart's rows are published in, where its SQL does not set one: sorting 1.7 million rows at national
 * scale costs more than the snapshot's sort of what a region publishes, and readers of the table query it anyway.
 */
export const PUBLISHED_ORDER: Partial<Record<MartName, string>> = {
  mart_indicator_values: 'indicator_id, year, level, territory_id, org_type_id, form_id, org_key',
};

/** The name a mart is built under before its data checks pass. */
export const unchecked = (mart: string): string => ((MARTS as readonly string[]).includes(mart) ? `${mart}__unchecked` : mart);

/** A mart's SQL building it under its unchecked name, and reading the other marts under theirs. */
export function martSql(mart: MartName): string {
  return readFileSync(path.join(import.meta.dirname, 'sql', `${mart}.sql`), 'utf8').replace(/\bmart_[a-z_]+\b/g, unchecked);
}

/**
 * Rebuilds every mart under its unchecked name, runs the data checks on them, and only then swaps them in under the
 * published names: when a check fails, the marts stay as they were (so the published snapshot is never replaced by
 * numbers that break a rule) and this throws. The checks run after the build is committed because DuckDB reads a
 * table written in the open transaction on one thread: at national scale the checks took twice as long inside.
 * A crash before the swap leaves unchecked tables beside the published ones, which the next build replaces.
 */
export async function buildMarts(connection: DuckDBConnection): Promise<void> {
  await inTransaction(connection, async () => {
    for (const mart of MARTS) await runSqlScript(connection, martSql(mart));
  });
  const failures = await runDataChecks(connection, unchecked);
  await inTransaction(connection, async () => {
    for (const mart of MARTS) {
      if (failures.length > 0) {
        await connection.run(`drop table ${unchecked(mart)}`);
      } else {
        await connection.run(`drop table if exists ${mart}`);
        await connection.run(`alter table ${unchecked(mart)} rename to ${mart}`);
      }
    }
  });
  if (failures.length > 0) {
    throw new Error(`Проверки витрин не пройдены, витрины и снимок оставлены прежними: ${failures.map((f) => `${f.check} — строк: ${f.rows}`).join('; ')}`);
  }
}
