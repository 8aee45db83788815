import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

/**
 * Runs a script of `;`-separated SQL statements on one connection (statements hold no `;` in strings). An aborted
 * `signal` ends it before the next statement: DuckDB's interrupt ends the running one, but one that finds no statement
 * running (between two) is forgotten.
 */
export async function runSqlScript(connection: DuckDBConnection, script: string, signal?: AbortSignal): Promise<void> {
  const statements = script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s !== '');
  for (const statement of statements) {
    signal?.throwIfAborted();
    await connection.run(statement);
  }
}

/** Runs a file of `;`-separated SQL statements on one connection (`signal`: as runSqlScript). */
export async function runSqlFile(connection: DuckDBConnection, file: string, signal?: AbortSignal): Promise<void> {
  await runSqlScript(connection, readFileSync(file, 'utf8'), signal);
}
