import type { DuckDBConnection } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

/** Runs a file of `;`-separated SQL statements on one connection (statements hold no `;` in strings). */
export async function runSqlFile(connection: DuckDBConnection, file: string): Promise<void> {
  const statements = readFileSync(file, 'utf8')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s !== '');
  for (const statement of statements) await connection.run(statement);
}
