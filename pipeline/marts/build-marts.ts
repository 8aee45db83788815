import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { runSqlFile } from '../warehouse/run-sql-file.ts';

/** The published marts, in build order; each `sql/<name>.sql` replaces its table from core. */
export const MARTS = ['mart_indicator_values', 'mart_coverage'] as const;
export type MartName = (typeof MARTS)[number];

export async function buildMarts(connection: DuckDBConnection): Promise<void> {
  await inTransaction(connection, async () => {
    for (const mart of MARTS) await runSqlFile(connection, path.join(import.meta.dirname, 'sql', `${mart}.sql`));
  });
}
