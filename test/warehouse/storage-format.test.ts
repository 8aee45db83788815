import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../../pipeline/warehouse/open-warehouse.ts';
import { upgradeStorageFormat } from '../../pipeline/warehouse/storage-format.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';

const storageVersion = async (file: string) =>
  (
    await queryWarehouse(
      file,
      `select tags['storage_version'] as v from duckdb_databases() where not internal and database_name <> 'memory'`,
    )
  )[0]!.v;

/**
 * A warehouse made before the storage format was set: DuckDB's default, readable by 1.0. Its last rows are left in
 * the WAL (no checkpoint at close), as after a run that was killed.
 */
async function oldWarehouse(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file, { storage_compatibility_version: 'v1.0.0' });
  const connection = await instance.connect();
  await connection.run(`create table ops_notes (id integer, note varchar)`);
  await connection.run(`insert into ops_notes select i, 'запись ' || i from range(1000) as r(i)`);
  await connection.run('checkpoint');
  await connection.run(`insert into ops_notes values (1000, 'в журнале')`);
  await connection.run('pragma disable_checkpoint_on_shutdown');
  connection.closeSync();
  instance.closeSync();
}

describe('warehouse storage format', () => {
  it('rewrites an older warehouse file in the 1.5 format, keeping every row (those in the WAL too), and leaves no file behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'warehouse.duckdb');
    await oldWarehouse(file);
    expect(existsSync(`${file}.wal`)).toBe(true);
    expect(await storageVersion(file)).toBe('v1.0.0+');

    const wh = await openWarehouse(file, REGION_TIME_ZONE);
    const connection = await wh.connect();
    const notes = (
      await connection.runAndReadAll(
        `select count(*)::integer as n, count(*) filter (where note = 'в журнале')::integer as from_wal from ops_notes`,
      )
    ).getRowObjectsJson();
    connection.closeSync();
    const migrated = await wh.db.introspection.getTables();
    await wh.close();

    expect(notes).toEqual([{ n: 1001, from_wal: 1 }]);
    expect(migrated.map((t) => t.name)).toContain('core_facts');
    expect(await storageVersion(file)).toBe('v1.5.0+');
    expect(readdirSync(dir).filter((f) => f.includes('upgrade'))).toEqual([]);
  });

  it('leaves a warehouse already in the format alone', async () => {
    const file = path.join(tempDir(), 'warehouse.duckdb');
    await (await openWarehouse(file, REGION_TIME_ZONE)).close();
    expect(await storageVersion(file)).toBe('v1.5.0+');
    expect(await upgradeStorageFormat(file)).toBe(false);
    expect(await upgradeStorageFormat(path.join(path.dirname(file), 'none.duckdb'))).toBe(false);
  });
});
