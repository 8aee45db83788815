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

/**
 * Opens (creating if needed) the DuckDB warehouse file, rewriting it first if it is in an older storage format,
 * and brings its schema to the latest migration. Every session works in `timeZone`, the region's (region.csv's
 * `time_zone`, the same the scheduler reads), so that dates SQL derives from times are the region's.
 * @example const wh = await openWarehouse('data/warehouse.duckdb', ref.region.time_zone); … await wh.close();
 */
export async function openWarehouse(file: string, timeZone: string): Promise<Warehouse> {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timeZone)) throw new Error(`Недопустимый часовой пояс «${timeZone}»`);
  const setTimeZone = `SET TimeZone='${timeZone}'`;
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
        await c.run(setTimeZone);
      },
    }),
  });
  await migrateToLatest(db);
  return {
    file,
    db,
    async connect() {
      const connection = await instance.connect();
      await connection.run(setTimeZone);
      return connection;
    },
    async close() {
      await db.destroy();
    },
  };
}
