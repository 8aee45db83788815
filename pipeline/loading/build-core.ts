import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { runSqlFile } from '../warehouse/run-sql-file.ts';

/** Rebuilds core organisations, submissions and facts from staging in one transaction. */
export async function buildCore(connection: DuckDBConnection): Promise<void> {
  await inTransaction(connection, () => runSqlFile(connection, path.join(import.meta.dirname, 'sql/build-core.sql')));
}
