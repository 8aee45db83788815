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
import { LIMITS } from '../reference/limits.ts';
import { type RawOrgBlock, field } from '../sources/raw-submission.ts';
import { LONG_CONTEXT, longColumnOf } from '../sources/read-csv.ts';
import { type CellRef, finding } from '../reference/finding.ts';
import type { PathContext } from './path-context.ts';
import {
  CONSISTENCY_PAIRS,
  checkValue,
  duplicateFinding,
  inconsistencies,
  isLocated,
  measuresById,
  type OrgYearSubmission,
  resolveContext,
  submissionOf,
  type ValueCell,
  type ValueCheck,
} from './validate-block.ts';
import type { ValidatedFile } from './validated-file.ts';
import { sqlString } from '../warehouse/sql-string.ts';

/** Long CSV files from this size on are parsed by DuckDB; smaller ones row by row in JS. */
export const BULK_MIN_BYTES = 4 * 1024 * 1024;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
type Row = Record<string, unknown>;

/**
 * A query's rows as plain objects, in no particular order. DuckDB writes them as one JSON text that V8
 * parses at once: the node-api converts value by value (about a microsecond each), which for the tens of
 * thousands of organisations of a large file costs more than the queries themselves.
 */
async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const json = (
    await connection.runAndReadAll(`select to_json(list(q))::varchar from (${sql}) as q`)
  ).getRows()[0]?.[0];
  return typeof json === 'string' ? (JSON.parse(json) as Row[]) : [];
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
  // A line over DuckDB's max_line_size (the line limit) fails the read below, and the row-by-row path then reports it.
  if (buffer.length > LIMITS.csvMaxBytes) return null;
  const utf8 = isUtf8(buffer);
  const bom = utf8 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const headerEnd = buffer.indexOf(10);
  // A header line over the limit (a file of one 100 MB line) is not given to Papa.parse: the row-by-row path rejects it
  // before parsing. Lines further on are bounded by max_line_size below; a read that fails goes to that path too.
  if (headerEnd < 0 || headerEnd > LIMITS.csvMaxLineBytes) return null;
  const headerBytes = buffer.subarray(bom ? 3 : 0, headerEnd < 0 ? buffer.length : headerEnd);
  const headerLine = utf8 ? headerBytes.toString('utf8') : iconv.decode(headerBytes, 'win1251');
  const parsedHeader = Papa.parse<string[]>(headerLine.replace(/\r$/, ''), {
    delimiter: '',
    delimitersToGuess: [';', '\t', ',', '|'],
  });
  const columns = (parsedHeader.data[0] ?? []).map((h) => h.trim());
  const delimiter = parsedHeader.meta.delimiter;
  const long = columns.map(longColumnOf);
  const context = columns.map((h) => contextFieldOf(h));
  const measureCol = long.indexOf('measure');
  const valueCol = long.indexOf('value');
  const formCol = long.indexOf('form');
  if (measureCol < 0 || valueCol < 0) return null;

  const inPlace = sourcePath !== undefined && utf8 && !bom;
  const file = inPlace
    ? sourcePath
    : path.join(os.tmpdir(), `nm-bulk-${process.pid}-${randomBytes(4).toString('hex')}.csv`);
  try {
    if (!inPlace)
      writeFileSync(file, utf8 ? buffer.subarray(bom ? 3 : 0) : Buffer.from(iconv.decode(buffer, 'win1251'), 'utf8'));
    await connection.run(
      `create or replace temp table bulk_rows as select * from read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ${sqlString(delimiter)}, quote = '"', escape = '"', null_padding = true, strict_mode = false, max_line_size = ${LIMITS.csvMaxLineBytes + 2})`,
    );
  } catch {
    return null;
  } finally {
    if (!inPlace) rmSync(file, { force: true });
  }
  const described = await rows(connection, 'describe bulk_rows');
  if (described.length !== columns.length) return null;
  const col = (i: number) => quote(String(described[i]!.column_name));
  const name = (i: number) => columns[i] ?? '';
  // DuckDB groups and joins on the cells as read (NULL for an empty one): trimming a million long texts in
  // SQL costs more than all the rest. JS does the text work on the few distinct ones, as the row-by-row
  // path does it (JS trim, '' for an empty cell).
  const textOf = (cell: unknown) => (cell === null || cell === undefined ? '' : String(cell));
  const same = (a: string, b: string) => `${a} is not distinct from ${b}`;

  // Blocks: one per organisation, as the row-by-row path groups them (text keys of the context cells).
  // DuckDB keeps the distinct context tuples; JS maps each to its block.
  const contextCols = LONG_CONTEXT.map((f) => [f, context.indexOf(f)] as const).filter(([, c]) => c >= 0);
  await connection.run(`
    create or replace temp table bulk_tuples as
    select (row_number() over (order by first_row) - 1)::integer as tuple, *
    from (select min(rowid)::integer as first_row, ${contextCols.map(([, c]) => `${col(c)} as k${c}`).join(', ') || "'' as k"} from bulk_rows group by all)`);
  const tuples = await rows(connection, 'select * from bulk_tuples');
  tuples.sort((a, b) => Number(a.tuple) - Number(b.tuple));
  // each context cell's place in a tuple and its column in the file
  const cells = contextCols.map(([f, c]) => ({ f, key: `k${c}`, column: name(c) }));
  const blockIndex = new Map<string, number>();
  const blocks: RawOrgBlock[] = [];
  await connection.run('create or replace temp table bulk_tuple_blocks (tuple integer, block integer)');
  const tupleAppender = await connection.createAppender('bulk_tuple_blocks', 'main', 'temp');
  for (const tuple of tuples) {
    let id = '';
    for (const cell of cells) id += `${textKey(textOf(tuple[cell.key]))}|`;
    let b = blockIndex.get(id);
    if (b === undefined) {
      b = blocks.length;
      blockIndex.set(id, b);
      const row = Number(tuple.first_row) + 2;
      const block: RawOrgBlock = {
        at: { sheet: null, row, column: null },
        year: null,
        territory: null,
        orgName: null,
        inn: null,
        orgType: null,
        values: [],
      };
      for (const cell of cells)
        block[cell.f] = field(textOf(tuple[cell.key]).trim(), { sheet: null, row, column: cell.column });
      blocks.push(block);
    }
    tupleAppender.appendInteger(Number(tuple.tuple));
    tupleAppender.appendInteger(b);
    tupleAppender.endRow();
  }
  tupleAppender.closeSync();

  // Every distinct (measure, form, value) text, checked once. Blank values are left out, so the join below
  // drops their rows. A slot numbers each form × measure, the key of duplicates.
  const measures = measuresById(ref);
  const triples = await rows(
    connection,
    `select distinct ${col(measureCol)} as m, ${formCol < 0 ? 'null' : col(formCol)} as f, ${col(valueCol)} as v from bulk_rows`,
  );
  await connection.run(
    'create or replace temp table bulk_checks (m varchar, f varchar, v varchar, chk integer, slot integer, form_id varchar, measure_id varchar, value double, noted boolean)',
  );
  const checkAppender = await connection.createAppender('bulk_checks', 'main', 'temp');
  const put = (s: unknown) =>
    s === null || s === undefined ? checkAppender.appendNull() : checkAppender.appendVarchar(String(s));
  const checks: { check: ValueCheck & { kind: 'accepted' | 'refused' }; value: string }[] = [];
  const slots = new Map<string, number>();
  for (const t of triples) {
    const f = textOf(t.f).trim();
    const value = textOf(t.v);
    const check = checkValue(textOf(t.m).trim(), f === '' ? null : f, value, normaliser, measures);
    if (check.kind === 'blank') continue;
    [t.m, t.f, t.v].forEach(put);
    checkAppender.appendInteger(checks.length);
    checks.push({ check, value });
    if (check.kind === 'accepted') {
      const key = `${check.formId ?? ''}|${check.measureId}`;
      if (!slots.has(key)) slots.set(key, slots.size);
      checkAppender.appendInteger(slots.get(key)!);
      put(check.formId);
      put(check.measureId);
      checkAppender.appendDouble(check.value);
      checkAppender.appendBoolean(check.warning !== null);
    } else {
      [null, null, null, null].forEach(put);
      checkAppender.appendBoolean(true);
    }
    checkAppender.endRow();
  }
  checkAppender.closeSync();

  // Each row that holds a value, by numbers only; the texts stay in bulk_checks and the file's rows go.
  const tupleJoin = contextCols.map(([, c]) => same(`t.k${c}`, `r.${col(c)}`)).join(' and ') || 'true';
  await connection.run(`
    create or replace temp table bulk_valued as
    select (r.rowid + 2)::integer as line, tb.block, c.chk, c.slot, c.value
    from bulk_rows as r
    join bulk_tuples as t on ${tupleJoin}
    join bulk_tuple_blocks as tb on tb.tuple = t.tuple
    join bulk_checks as c on ${same('c.m', `r.${col(measureCol)}`)} and ${formCol < 0 ? 'true' : same('c.f', `r.${col(formCol)}`)} and ${same('c.v', `r.${col(valueCol)}`)}`);
  await connection.run('drop table bulk_rows');
  // The same form × measure twice in a block: the first row counts, later ones are duplicates.
  await connection.run(`
    create or replace temp table bulk_repeats as
    select v.line, v.block, v.chk, f.chk as first_chk
    from bulk_valued as v
    join (
        select block, slot, min(line) as first_line
        from bulk_valued where slot is not null
        group by all having count(*) > 1
    ) as d on d.block = v.block and d.slot = v.slot and v.line > d.first_line
    join bulk_valued as f on f.line = d.first_line`);
  const kept = 'v.slot is not null and v.line not in (select line from bulk_repeats)';

  // Findings per block, in the order the row-by-row path gives them.
  const cellName: Record<ValueCell, string> = { measure: name(measureCol), form: name(formCol), value: name(valueCol) };
  const perBlock = blocks.map(() => [] as { line: number; order: number; f: ReturnType<typeof finding> }[]);
  const at = (line: number, on: ValueCell): CellRef => ({ sheet: null, row: line, column: cellName[on] });
  for (const r of await rows(
    connection,
    'select v.line, v.block, v.chk from bulk_valued as v join bulk_checks as c using (chk) where c.noted',
  )) {
    const { check } = checks[Number(r.chk)]!;
    const note = check.kind === 'refused' ? check.finding : check.warning!;
    perBlock[Number(r.block)]!.push({
      line: Number(r.line),
      order: 0,
      f: finding(note.severity, note.code, note.message, at(Number(r.line), note.on), note.value),
    });
  }
  for (const r of await rows(connection, 'select line, block, chk, first_chk from bulk_repeats')) {
    const again = checks[Number(r.chk)]!;
    const first = checks[Number(r.first_chk)]!.check as ValueCheck & { kind: 'accepted' };
    const { measureId, value } = again.check as ValueCheck & { kind: 'accepted' };
    const d = duplicateFinding(measures.get(measureId)!.name, first.value, value);
    perBlock[Number(r.block)]!.push({
      line: Number(r.line),
      order: 1,
      f: finding(d.severity, d.code, d.message, at(Number(r.line), 'value'), again.value),
    });
  }
  // The consistency rules need an organisation's sums only where a part exceeds its whole, and «no values»
  // only where none is kept: DuckDB finds those few, JS words the findings.
  const sum = (m: string) => `sum(v.value) filter (where c.measure_id = ${sqlString(m)})`;
  const firstLine = (m: string) => `min(v.line) filter (where c.measure_id = ${sqlString(m)})`;
  const measuresRead = [...new Set(CONSISTENCY_PAIRS.flat())];
  const suspects = await rows(
    connection,
    `select * from (
       select v.block, ${measuresRead.map((m) => `${sum(m)} as ${quote(`sum ${m}`)}, ${firstLine(m)} as ${quote(`line ${m}`)}`).join(', ')}
       from bulk_valued as v join bulk_checks as c using (chk) where ${kept} group by v.block)
     where ${CONSISTENCY_PAIRS.map(([part, whole]) => `${quote(`sum ${part}`)} > ${quote(`sum ${whole}`)}`).join(' or ')}`,
  );
  const sumsOf = new Map(suspects.map((r) => [Number(r.block), r]));
  const empty = await rows(
    connection,
    `select distinct block from bulk_tuple_blocks where block not in (select v.block from bulk_valued as v where ${kept})`,
  );
  const noValues = new Set(empty.map((r) => Number(r.block)));

  const submissions: OrgYearSubmission[] = blocks.map((block, b) => {
    const ctx = resolveContext(block, pathContext, normaliser, now);
    const mineOnRows = perBlock[b]!;
    // most organisations have no finding on their rows: their context's findings are all
    const findings =
      mineOnRows.length === 0
        ? ctx.findings
        : [...ctx.findings, ...mineOnRows.sort((x, y) => x.line - y.line || x.order - y.order).map((x) => x.f)];
    const mine = sumsOf.get(b);
    if (mine) {
      for (const i of inconsistencies((m) => (mine[`sum ${m}`] ?? null) as number | null)) {
        findings.push(
          finding('error', 'inconsistent', i.message, at(mine[`line ${i.whole}`] as number, 'value'), i.part),
        );
      }
    }
    if (noValues.has(b) && findings.every((f) => f.severity !== 'error')) {
      findings.push(finding('warning', 'no_values', 'В форме нет ни одного заполненного показателя', block.at));
    }
    return submissionOf(ctx, null, [], findings);
  });

  // The organisations to stage, accepted or not. Written now, before the file's transaction opens: a table written
  // inside it is read as if on one thread, and the insert of a million values that joins it took twice as long (2.0–2.7 s
  // instead of 1.1 s). Inside, SQL copies them, which is faster than an Appender call per cell there.
  await connection.run(`create or replace temp table bulk_blocks (block integer, year integer, territory_id varchar, org_inn varchar,
    org_name varchar, org_name_key varchar, org_type_id varchar, is_accepted boolean)`);
  const blockAppender = await connection.createAppender('bulk_blocks', 'main', 'temp');
  const putText = (s: string | null) => (s === null ? blockAppender.appendNull() : blockAppender.appendVarchar(s));
  submissions.forEach((s, b) => {
    if (!isLocated(s)) return;
    blockAppender.appendInteger(b);
    blockAppender.appendInteger(s.year!);
    [s.territoryId, s.inn, s.orgName, s.orgNameKey, s.orgTypeId].forEach(putText);
    blockAppender.appendBoolean(s.accepted);
    blockAppender.endRow();
  });
  blockAppender.closeSync();

  return {
    format: 'long-csv',
    submissions,
    findings: [],
    rejected: false,
    async stage(conn: DuckDBConnection, file: { sha256: string; submittedAt: Date }) {
      await conn.run(`
        insert into stg_submissions (file_sha256, sheet, year, territory_id, org_inn, org_name, org_name_key, org_type_id, submitted_at, is_accepted)
        select ${sqlString(file.sha256)}, null, year, territory_id, org_inn, org_name, org_name_key, org_type_id,
            ${sqlString(file.submittedAt.toISOString())}::timestamptz, is_accepted
        from bulk_blocks
        order by block`);
      await conn.run(`
        insert into stg_values (file_sha256, year, territory_id, org_name_key, form_id, measure_id, value, sheet, row_number, column_name)
        select ${sqlString(file.sha256)}, b.year, b.territory_id, b.org_name_key, c.form_id, c.measure_id, v.value, null, v.line, ${sqlString(cellName.value)}
        from bulk_valued as v join bulk_checks as c using (chk) join bulk_blocks as b on b.block = v.block
        where b.is_accepted and ${kept}`);
      for (const t of ['bulk_tuples', 'bulk_tuple_blocks', 'bulk_checks', 'bulk_valued', 'bulk_repeats', 'bulk_blocks'])
        await conn.run(`drop table if exists ${t}`);
    },
  };
}
