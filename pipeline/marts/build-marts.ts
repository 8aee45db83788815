import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { runSqlFile } from '../warehouse/run-sql-file.ts';
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

/**
 * Rebuilds every mart and runs the data checks in one transaction: when a check fails, the marts stay as
 * they were (so the published snapshot is never replaced by numbers that break a rule) and this throws.
 */
export async function buildMarts(connection: DuckDBConnection): Promise<void> {
  await inTransaction(connection, async () => {
    for (const mart of MARTS) await runSqlFile(connection, path.join(import.meta.dirname, 'sql', `${mart}.sql`));
    const failures = await runDataChecks(connection);
    if (failures.length > 0) {
      throw new Error(`Проверки витрин не пройдены, витрины и снимок оставлены прежними: ${failures.map((f) => `${f.check} — строк: ${f.rows}`).join('; ')}`);
    }
  });
}
