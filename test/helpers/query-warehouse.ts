import { DuckDBInstance } from '@duckdb/node-api';

/** Runs one query on a warehouse file opened read-only, as an outside tool would; rows as plain JSON values. */
export async function queryWarehouse(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
