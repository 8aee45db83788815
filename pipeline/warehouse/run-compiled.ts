import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Compilable } from 'kysely';

/**
 * Runs a typed Kysely query on a pinned DuckDB connection, so that several statements and the
 * Appender share one transaction (kysely-duckdb opens a connection per query otherwise).
 */
export async function runCompiled(connection: DuckDBConnection, query: Compilable): Promise<void> {
  const { sql, parameters } = query.compile();
  await connection.run(sql, parameters.map(toDuckValue));
}

function toDuckValue(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  return value as DuckDBValue;
}

/** BEGIN … COMMIT on one connection; any error rolls back and is rethrown. */
export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (e) {
    await connection.run('ROLLBACK');
    throw e;
  }
}
