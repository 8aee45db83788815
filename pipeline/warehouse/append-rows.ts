import { type DuckDBConnection, type DuckDBAppender, timestampTZValue } from '@duckdb/node-api';
import type { Insertable } from 'kysely';
import type { Database } from './database.ts';

type Appendable = string | number | bigint | boolean | Date | null | undefined;

function appendCell(appender: DuckDBAppender, type: string, value: Appendable): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (type) {
    case 'VARCHAR':
      return appender.appendVarchar(String(value));
    case 'INTEGER':
      return appender.appendInteger(Number(value));
    case 'BIGINT':
      return appender.appendBigInt(BigInt(value as number | bigint));
    case 'DOUBLE':
      return appender.appendDouble(Number(value));
    case 'BOOLEAN':
      return appender.appendBoolean(Boolean(value));
    case 'TIMESTAMP WITH TIME ZONE': {
      const ms = value instanceof Date ? value.getTime() : new Date(String(value)).getTime();
      return appender.appendTimestampTZ(timestampTZValue(BigInt(ms) * 1000n));
    }
    default:
      throw new Error(`appendRows: column type ${type} is not supported`);
  }
}

type Columns = { column_name: string; data_type: string }[];
/** Column lists per connection: the schema does not change while a connection is open. */
const columnCache = new WeakMap<DuckDBConnection, Map<string, Columns>>();

async function tableColumns(connection: DuckDBConnection, table: string): Promise<Columns> {
  let tables = columnCache.get(connection);
  if (!tables) columnCache.set(connection, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) {
    const result = await connection.runAndReadAll(
      "select column_name, data_type from information_schema.columns where table_schema = 'main' and table_name = $1 order by ordinal_position",
      [table],
    );
    columns = result.getRowObjects() as Columns;
    tables.set(table, columns);
  }
  return columns;
}

/**
 * Bulk-inserts rows through DuckDB's Appender on the caller's connection, so they join its transaction.
 * Values are matched to columns by name, in the table's own column order; absent ones are NULL.
 */
export async function appendRows<T extends keyof Database & string>(
  connection: DuckDBConnection,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = await tableColumns(connection, table);
  const appender = await connection.createAppender(table);
  try {
    for (const row of rows) {
      const record = row as Record<string, Appendable>;
      for (const { column_name, data_type } of columns) appendCell(appender, data_type, record[column_name]);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
