import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { DuckDbDialect } from 'kysely-duckdb';
import type { Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { STORAGE_VERSION, upgradeStorageFormat } from './storage-format.ts';

export interface Warehouse {
  readonly file: string;
  readonly db: Kysely<Database>;
  /** A raw DuckDB connection for bulk work (Appender, multi-statement SQL); the caller closes it. */
  connect(): Promise<DuckDBConnection>;
  close(): Promise<void>;
}

const TIME_ZONE = "SET TimeZone='Asia/Vladivostok'";

/**
 * Opens (creating if needed) the DuckDB warehouse file, rewriting it first if it is in an older storage format,
 * and brings its schema to the latest migration.
 * @example const wh = await openWarehouse('data/warehouse.duckdb'); … await wh.close();
 */
export async function openWarehouse(file: string): Promise<Warehouse> {
  if (file !== ':memory:') {
    mkdirSync(path.dirname(file), { recursive: true });
    await upgradeStorageFormat(file);
  }
  const instance = await DuckDBInstance.create(file, { storage_compatibility_version: STORAGE_VERSION });
  const db = new Kysely<Database>({
    dialect: new DuckDbDialect({
      database: instance,
      tableMappings: {},
      onCreateConnection: async (c) => {
        await c.run(TIME_ZONE);
      },
    }),
  });
  await migrateToLatest(db);
  return {
    file,
    db,
    async connect() {
      const connection = await instance.connect();
      await connection.run(TIME_ZONE);
      return connection;
    },
    async close() {
      await db.destroy();
    },
  };
}
