import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { buildMarts } from '../../pipeline/marts/build-marts.ts';
import { openWarehouse } from '../../pipeline/warehouse/open-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';

interface ColumnShape {
  name: string;
  type: string;
  nullable: boolean;
}

/** Reads `interface Database` and its table interfaces from the source, as the type checker sees them. */
function declaredSchema(): Map<string, ColumnShape[]> {
  const file = path.resolve(import.meta.dirname, '../../pipeline/warehouse/database.ts');
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true });
  const source = program.getSourceFile(file)!;
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const tables = new Map<string, ColumnShape[]>();
  for (const member of interfaces.get('Database')!.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = (member.name as ts.Identifier).text;
    const decl = interfaces.get(member.type.getText(source))!;
    tables.set(
      table,
      decl.members.filter(ts.isPropertySignature).map((p) => {
        const parts = p
          .type!.getText(source)
          .split('|')
          .map((s) => s.trim());
        return {
          name: (p.name as ts.Identifier).text,
          type: parts.filter((s) => s !== 'null').join('|'),
          nullable: parts.includes('null'),
        };
      }),
    );
  }
  return tables;
}

/** Which DuckDB types each TypeScript column type may stand for. */
const TYPE_MAP: Record<string, string[]> = {
  // an ENUM (its values listed in the type's name) is read as text
  string: ['VARCHAR', 'ENUM'],
  number: ['INTEGER', 'DOUBLE', 'BIGINT'],
  boolean: ['BOOLEAN'],
  Timestamp: ['TIMESTAMP WITH TIME ZONE'],
  CalendarDate: ['DATE'],
  Count: ['INTEGER'],
  'ColumnType<bigint, number': ['BIGINT'],
};

async function liveSchema(file: string) {
  const wh = await openWarehouse(file, REGION_TIME_ZONE);
  const connection = await wh.connect();
  await buildMarts(connection);
  connection.closeSync();
  const tables = await wh.db.introspection.getTables();
  await wh.close();
  return tables
    .map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({ name: c.name, type: c.dataType, nullable: c.isNullable })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('warehouse schema', () => {
  const dir = tempDir();

  it('is the same after migrating an empty file and after re-running on it', async () => {
    const file = path.join(dir, 'w.duckdb');
    const first = await liveSchema(file);
    const second = await liveSchema(file);
    expect(second).toEqual(first);
    expect(first.map((t) => t.name)).toContain('core_facts');
  });

  it('matches the Database interface: tables, columns, types and nullability', async () => {
    const live = await liveSchema(path.join(dir, 'w2.duckdb'));
    const declared = declaredSchema();
    expect(live.map((t) => t.name).sort()).toEqual([...declared.keys()].sort());
    for (const table of live) {
      const want = declared.get(table.name)!;
      expect(
        table.columns.map((c) => c.name),
        table.name,
      ).toEqual(want.map((c) => c.name));
      for (const [i, column] of table.columns.entries()) {
        const w = want[i]!;
        const typeKey = Object.keys(TYPE_MAP).find((k) => w.type.startsWith(k));
        expect(typeKey, `${table.name}.${w.name}: ${w.type}`).toBeDefined();
        expect(TYPE_MAP[typeKey!], `${table.name}.${column.name}`).toContain(
          column.type.startsWith('ENUM(') ? 'ENUM' : column.type,
        );
        // Marts are created by CREATE TABLE AS, which declares no NOT NULL; their data checks cover it.
        if (!table.name.startsWith('mart_'))
          expect(column.nullable, `${table.name}.${column.name} nullable`).toBe(w.nullable);
      }
    }
  });
});

describe('the warehouse session', () => {
  it('works in the time zone it is opened with (the region’s), on the Kysely and the raw connection alike', async () => {
    const wh = await openWarehouse(path.join(tempDir(), 'tz.duckdb'), 'Asia/Kamchatka');
    const connection = await wh.connect();
    try {
      // 2024-12-31 13:30 UTC is already 1 January in Kamchatka (UTC+12)
      const sql =
        "select current_setting('TimeZone') as zone, (timestamptz '2024-12-31 13:30:00+00')::date::varchar as day";
      expect((await connection.runAndReadAll(sql)).getRowObjects()).toEqual([
        { zone: 'Asia/Kamchatka', day: '2025-01-01' },
      ]);
      const { rows } = await wh.db.executeQuery(CompiledQuery.raw(sql));
      expect(rows).toEqual([{ zone: 'Asia/Kamchatka', day: '2025-01-01' }]);
    } finally {
      connection.closeSync();
      await wh.close();
    }
    await expect(openWarehouse(':memory:', "UTC'; drop table x; --")).rejects.toThrow('Недопустимый часовой пояс');
  });
});
