import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

/** Runs a script of `;`-separated SQL statements on one connection (statements hold no `;` in strings). */
export async function runSqlScript(connection: DuckDBConnection, script: string): Promise<void> {
  const statements = script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s !== '');
  for (const statement of statements) await connection.run(statement);
}

/** Runs a file of `;`-separated SQL statements on one connection. */
export async function runSqlFile(connection: DuckDBConnection, file: string): Promise<void> {
  await runSqlScript(connection, readFileSync(file, 'utf8'));
}
