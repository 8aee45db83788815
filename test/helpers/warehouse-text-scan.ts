import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Searches every text column of every table for each needle (case-insensitive) and returns where it
 * was found. Reading the file's bytes would miss compressed strings; SQL sees what a reader sees.
 */
export async function findTextInWarehouse(file: string, needles: string[]): Promise<string[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const hits: string[] = [];
  try {
    const columns = (
      await connection.runAndReadAll(
        "select table_name, column_name from information_schema.columns where data_type = 'VARCHAR' and table_schema = 'main'",
      )
    ).getRowObjects();
    for (const { table_name, column_name } of columns) {
      for (const needle of needles) {
        const rows = (
          await connection.runAndReadAll(
            `select count(*)::integer as n from "${table_name}" where "${column_name}" ilike $1`,
            [`%${needle}%`],
          )
        ).getRowObjects();
        if (Number(rows[0]!.n) > 0) hits.push(`${table_name}.${column_name}: ${needle}`);
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return hits;
}
