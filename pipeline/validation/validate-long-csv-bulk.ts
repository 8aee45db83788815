import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { textKey } from '../reference/text-key.ts';
import { contextFieldOf } from '../sources/context-labels.ts';
import { LIMITS } from '../sources/limits.ts';
import { type RawOrgBlock, field } from '../sources/raw-submission.ts';
import { LONG_CONTEXT, longColumnOf } from '../sources/read-csv.ts';
import { type CellRef, finding } from './finding.ts';
import type { PathContext } from './path-context.ts';
import { CONSISTENCY_MEASURES, checkValue, duplicateFinding, inconsistencies, measuresById, type OrgYearSubmission, resolveContext, type ValueCell } from './validate-block.ts';
import type { ValidatedFile } from './validate-file.ts';

/** Long CSV files from this size on are parsed by DuckDB; smaller ones row by row in JS. */
export const BULK_MIN_BYTES = 4 * 1024 * 1024;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
type Row = Record<string, unknown>;

async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

/**
 * Validates a large long-format CSV with the same rules as the row-by-row path, but lets DuckDB parse
 * the file and hold its rows: the rules (context, one value, duplicates, consistency) run in JS once per
 * distinct text instead of once per row, and the accepted values later go to staging by INSERT … SELECT.
 * Returns null when the file is not a long CSV DuckDB can read as such; the row-by-row path then reports.
 */
export async function validateLongCsvBulk(
  relativePath: string,
  buffer: Buffer,
  pathContext: PathContext,
  normaliser: Normaliser,
  ref: Reference,
  connection: DuckDBConnection,
  now: Date,
  /** The file on disk, read in place when it is UTF-8 without BOM; otherwise a UTF-8 copy is made. */
  sourcePath?: string,
): Promise<ValidatedFile | null> {
  // A line over DuckDB's max_line_size fails the read below, and the row-by-row path then reports it.
  if (buffer.length > LIMITS.csvMaxBytes) return null;
  const utf8 = isUtf8(buffer);
  const bom = utf8 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const headerEnd = buffer.indexOf(10);
  const headerBytes = buffer.subarray(bom ? 3 : 0, headerEnd < 0 ? buffer.length : headerEnd);
  const headerLine = utf8 ? headerBytes.toString('utf8') : iconv.decode(headerBytes, 'win1251');
  const parsedHeader = Papa.parse<string[]>(headerLine.replace(/\r$/, ''), { delimiter: '', delimitersToGuess: [';', '\t', ',', '|'] });
  const columns = (parsedHeader.data[0] ?? []).map((h) => h.trim());
  const delimiter = parsedHeader.meta.delimiter;
  const long = columns.map(longColumnOf);
  const context = columns.map((h) => contextFieldOf(h));
  const measureCol = long.indexOf('measure');
  const valueCol = long.indexOf('value');
  const formCol = long.indexOf('form');
  if (measureCol < 0 || valueCol < 0) return null;

  const inPlace = sourcePath !== undefined && utf8 && !bom;
  const file = inPlace ? sourcePath : path.join(os.tmpdir(), `nm-bulk-${process.pid}-${randomBytes(4).toString('hex')}.csv`);
  try {
    if (!inPlace) writeFileSync(file, utf8 ? buffer.subarray(bom ? 3 : 0) : Buffer.from(iconv.decode(buffer, 'win1251'), 'utf8'));
    await connection.run(
      `create or replace temp table bulk_rows as select * from read_csv(${literal(file)}, header = true, all_varchar = true, delim = ${literal(delimiter)}, quote = '"', escape = '"', null_padding = true, strict_mode = false)`,
    );
  } catch {
    return null;
  } finally {
    if (!inPlace) rmSync(file, { force: true });
  }
  const described = await rows(connection, 'describe bulk_rows');
  if (described.length !== columns.length) return null;
  const col = (i: number) => quote(String(described[i]!.column_name));
  // An empty CSV cell reads as NULL; the row-by-row path sees ''.
  const text = (i: number, alias = '') => `coalesce(${alias}${col(i)}, '')`;
  const name = (i: number) => columns[i] ?? '';

  // Blocks: one per organisation, as the row-by-row path groups them (text keys of the context cells).
  const contextCols = LONG_CONTEXT.map((f) => [f, context.indexOf(f)] as const).filter(([, c]) => c >= 0);
  const tupleSelect = contextCols.map(([, c]) => `${text(c)} as k${c}`);
  const tuples = await rows(connection, `select min(rowid)::integer as first_row, ${tupleSelect.join(', ') || "'' as k"} from bulk_rows group by all order by first_row`);
  const blockIndex = new Map<string, number>();
  const blockOfTuple: { tuple: Row; block: number }[] = [];
  const blocks: RawOrgBlock[] = [];
  for (const tuple of tuples) {
    const id = contextCols.map(([, c]) => textKey(String(tuple[`k${c}`]))).join('|');
    let b = blockIndex.get(id);
    if (b === undefined) {
      b = blocks.length;
      blockIndex.set(id, b);
      const row = Number(tuple.first_row) + 2;
      const block: RawOrgBlock = { at: { sheet: null, row, column: null }, year: null, territory: null, orgName: null, inn: null, orgType: null, values: [] };
      for (const [f, c] of contextCols) block[f] = field(String(tuple[`k${c}`]).trim(), { sheet: null, row, column: name(c) });
      blocks.push(block);
    }
    blockOfTuple.push({ tuple, block: b });
  }
  await connection.run(`create or replace temp table bulk_tuples (${[...contextCols.map(([, c]) => `k${c} varchar`), 'block integer'].join(', ')})`);
  const tupleAppender = await connection.createAppender('bulk_tuples', 'main', 'temp');
  for (const { tuple, block } of blockOfTuple) {
    for (const [, c] of contextCols) tupleAppender.appendVarchar(String(tuple[`k${c}`]));
    tupleAppender.appendInteger(block);
    tupleAppender.endRow();
  }
  tupleAppender.closeSync();

  // Every distinct (measure, form, value) text, checked once.
  const measures = measuresById(ref);
  const formText = formCol < 0 ? "''" : `trim(${text(formCol)})`;
  const triples = await rows(connection, `select distinct trim(${text(measureCol)}) as m, ${formText} as f, ${text(valueCol)} as v from bulk_rows`);
  await connection.run(
    'create or replace temp table bulk_checks (m varchar, f varchar, v varchar, kind varchar, form_id varchar, measure_id varchar, value double, severity varchar, code varchar, message varchar, on_cell varchar, finding_value varchar)',
  );
  const checkAppender = await connection.createAppender('bulk_checks', 'main', 'temp');
  const put = (s: string | null) => (s === null ? checkAppender.appendNull() : checkAppender.appendVarchar(s));
  for (const t of triples) {
    const m = String(t.m);
    const f = String(t.f);
    const v = String(t.v);
    const check = checkValue(m, f === '' ? null : f, v, normaliser, measures);
    const note = check.kind === 'refused' ? check.finding : check.kind === 'accepted' ? check.warning : null;
    [m, f, v, check.kind].forEach(put);
    put(check.kind === 'accepted' ? check.formId : null);
    put(check.kind === 'accepted' ? check.measureId : null);
    if (check.kind === 'accepted') checkAppender.appendDouble(check.value);
    else checkAppender.appendNull();
    [note?.severity ?? null, note?.code ?? null, note?.message ?? null, note?.on ?? null, note?.value ?? null].forEach(put);
    checkAppender.endRow();
  }
  checkAppender.closeSync();

  const tupleJoin = contextCols.map(([, c]) => `t.k${c} = ${text(c, 'r.')}`).join(' and ') || 'true';
  await connection.run(`
    create or replace temp table bulk_valued as
    select (r.rowid + 2)::integer as line, t.block, c.*
    from bulk_rows as r
    join bulk_tuples as t on ${tupleJoin}
    join bulk_checks as c
        on c.m = trim(${text(measureCol, 'r.')})
        and c.f = ${formCol < 0 ? "''" : `trim(${text(formCol, 'r.')})`}
        and c.v = ${text(valueCol, 'r.')}
    where c.kind <> 'blank'`);
  // The same form × measure twice in a block: the first row counts, later ones are duplicates.
  await connection.run(`
    create or replace temp table bulk_repeats as
    select v.line, v.block, v.measure_id, v.value, v.v, f.value as first_value
    from bulk_valued as v
    join (
        select block, form_id, measure_id, min(line) as first_line
        from bulk_valued where kind = 'accepted'
        group by all having count(*) > 1
    ) as d on d.block = v.block and d.form_id is not distinct from v.form_id and d.measure_id = v.measure_id and v.line > d.first_line
    join bulk_valued as f on f.line = d.first_line
    where v.kind = 'accepted'`);
  await connection.run(`
    create or replace temp table bulk_accepted as
    select * from bulk_valued where kind = 'accepted' and line not in (select line from bulk_repeats)`);

  // Findings per block, in the order the row-by-row path gives them.
  const cellName: Record<ValueCell, string> = { measure: name(measureCol), form: name(formCol), value: name(valueCol) };
  const perBlock = blocks.map(() => [] as { line: number; order: number; f: ReturnType<typeof finding> }[]);
  const at = (line: number, on: ValueCell): CellRef => ({ sheet: null, row: line, column: cellName[on] });
  for (const r of await rows(connection, "select line, block, severity, code, message, on_cell, finding_value from bulk_valued where severity is not null order by line")) {
    perBlock[Number(r.block)]!.push({ line: Number(r.line), order: 0, f: finding(r.severity as 'error' | 'warning', String(r.code), String(r.message), at(Number(r.line), r.on_cell as ValueCell), r.finding_value) });
  }
  for (const r of await rows(connection, "select line, block, measure_id, value, first_value, v from bulk_repeats order by line")) {
    const d = duplicateFinding(measures.get(String(r.measure_id))!.name, Number(r.first_value), Number(r.value));
    perBlock[Number(r.block)]!.push({ line: Number(r.line), order: 1, f: finding(d.severity, d.code, d.message, at(Number(r.line), 'value'), r.v) });
  }
  const sums = await rows(
    connection,
    `select block, measure_id, sum(value) as total, min(line)::integer as first_line from bulk_accepted
     where measure_id in (${CONSISTENCY_MEASURES.map(literal).join(', ')}) group by all`,
  );
  const counts = await rows(connection, 'select block, count(*)::integer as n from bulk_accepted group by all');
  const sumsByBlock = new Map<number, Map<string, { total: number; firstLine: number }>>();
  for (const r of sums) {
    const b = Number(r.block);
    if (!sumsByBlock.has(b)) sumsByBlock.set(b, new Map());
    sumsByBlock.get(b)!.set(String(r.measure_id), { total: Number(r.total), firstLine: Number(r.first_line) });
  }
  const valueCount = new Map(counts.map((r) => [Number(r.block), Number(r.n)]));

  const submissions: OrgYearSubmission[] = blocks.map((block, b) => {
    const ctx = resolveContext(block, pathContext, normaliser, now);
    const findings = [...ctx.findings, ...perBlock[b]!.sort((x, y) => x.line - y.line || x.order - y.order).map((x) => x.f)];
    const mine = sumsByBlock.get(b);
    for (const i of inconsistencies((m) => mine?.get(m)?.total ?? null)) {
      findings.push(finding('error', 'inconsistent', i.message, at(mine!.get(i.whole)!.firstLine, 'value'), i.part));
    }
    if (!valueCount.get(b) && findings.every((f) => f.severity !== 'error')) {
      findings.push(finding('warning', 'no_values', 'В форме нет ни одного заполненного показателя', block.at));
    }
    return { ...ctx, accepted: !findings.some((f) => f.severity === 'error'), sheet: null, values: [], findings };
  });

  return {
    format: 'long-csv',
    submissions,
    findings: [],
    rejected: false,
    async stageValues(conn: DuckDBConnection, sha256: string) {
      await conn.run('create or replace temp table bulk_blocks (block integer, year integer, territory_id varchar, org_name_key varchar)');
      const appender = await conn.createAppender('bulk_blocks', 'main', 'temp');
      submissions.forEach((s, b) => {
        if (!s.accepted) return;
        appender.appendInteger(b);
        appender.appendInteger(s.year!);
        appender.appendVarchar(s.territoryId!);
        appender.appendVarchar(s.orgNameKey);
        appender.endRow();
      });
      appender.closeSync();
      await conn.run(`
        insert into stg_values (file_sha256, year, territory_id, org_name_key, form_id, measure_id, value, sheet, row_number, column_name)
        select ${literal(sha256)}, b.year, b.territory_id, b.org_name_key, v.form_id, v.measure_id, v.value, null, v.line, ${literal(cellName.value)}
        from bulk_accepted as v join bulk_blocks as b using (block)`);
      for (const t of ['bulk_rows', 'bulk_tuples', 'bulk_checks', 'bulk_valued', 'bulk_repeats', 'bulk_accepted', 'bulk_blocks']) await conn.run(`drop table if exists ${t}`);
    },
  };
}
