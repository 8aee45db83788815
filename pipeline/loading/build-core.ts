import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { runSqlFile } from '../warehouse/run-sql-file.ts';

/**
 * The grain of each fact table. Checked after every rebuild instead of by primary keys: DuckDB's key
 * indexes made the rebuild of a million facts three times slower.
 */
const GRAINS: Record<string, string[]> = {
  core_facts: ['org_key', 'year', 'form_id', 'measure_id'],
  core_org_facts: ['org_key', 'year', 'measure_id'],
  core_organisations: ['org_key'],
};

/**
 * Rebuilds core organisations, submissions and facts from staging in one transaction; an aborted `signal` rolls it
 * back before its next statement.
 */
export async function buildCore(connection: DuckDBConnection, signal?: AbortSignal): Promise<void> {
  await inTransaction(connection, async () => {
    await runSqlFile(connection, path.join(import.meta.dirname, 'sql/build-core.sql'), signal);
    for (const [table, key] of Object.entries(GRAINS)) {
      const result = await connection.runAndReadAll(
        `select count(*)::integer as n from (select 1 from ${table} group by ${key.join(', ')} having count(*) > 1)`,
      );
      const n = Number(result.getRowObjects()[0]!.n);
      if (n > 0)
        throw new Error(
          `core rebuild broke the grain of ${table} (${key.join(' × ')}): ${n} duplicate keys; rolled back`,
        );
    }
  });
}
