import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { type RunSummary, runPipeline } from '../../pipeline/run-pipeline.ts';
import { contextFieldOf, type ContextField } from '../../pipeline/sources/context-labels.ts';
import {
  FORMS_LABEL,
  HEADER_LABELS,
  INSTRUCTION_SHEET_NAME,
  RESPONSIBLE_PREFIX,
  SECTION_TITLES,
  SHEET_NAME,
  TABLE_LABEL,
  templateTitle,
} from '../../pipeline/sources/form-layout.ts';
import { readXlsx } from '../../pipeline/sources/read-xlsx.ts';
import { officialTerritoryName, templateWorkbook } from '../../pipeline/template/write-template.ts';
import { withInnCheckDigit } from '../../pipeline/reference/inn.ts';
import { validateFile, type ValidatedFile } from '../../pipeline/validation/validate-file.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { findTextInWarehouse } from '../helpers/warehouse-text-scan.ts';

const ref = loadReference();
const normaliser = new Normaliser(ref);
const dir = tempDir('nm-template-');
const YEAR = 2025;
const ORG = 'МБОУ СОШ № 1 с. Переяславка';
const INN = withInnCheckDigit('272000123');
/** The file lies at the inbox's root: year and territory can only come from the form's own cells. */
const FILE = `${ORG}.xlsx`;

const formNames = [...ref.forms].sort((a, b) => a.sort_order - b.sort_order).map((f) => f.name);
const measuresOf = (block: string) =>
  ref.measures.filter((m) => m.block === block).sort((a, b) => a.sort_order - b.sort_order);
const measureName = (id: string) => ref.measures.find((m) => m.measure_id === id)!.name;
const formName = (id: string) => ref.forms.find((f) => f.form_id === id)!.name;

async function openWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

/** The row whose first column reads exactly `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): number {
  let found = 0;
  ws.eachRow((row, r) => {
    if (found === 0 && row.getCell(1).value === label) found = r;
  });
  if (found === 0) throw new Error(`no row «${label}»`);
  return found;
}

/** The column of a form's name in the row under «Форма наставничества». */
function columnOf(ws: ExcelJS.Worksheet, form: string): number {
  const row = ws.getRow(rowOf(ws, TABLE_LABEL) + 1);
  for (let c = 2; c <= ws.columnCount; c++) if (row.getCell(c).value === form) return c;
  throw new Error(`no column «${form}»`);
}

/** What a person types, cell by cell: numbers, numbers as text, «да»/«нет», a decimal comma; the rest stays blank. */
const PER_FORM: [formId: string, measureId: string, typed: number | string, accepted: number][] = [
  ['teacher_teacher', 'mentees_young_teachers', 3, 3],
  ['pupil_pupil', 'mentees_students', '45', 45],
  ['pupil_pupil', 'mentors_students', 12, 12],
  ['teacher_pupil', 'mentees_students', 30, 30],
  ['employer_pupil', 'enterprises_mentors', 2, 2],
  ['employer_pupil', 'mentees_students', 0, 0],
];
const PER_ORG: [measureId: string, typed: number | string, accepted: number][] = [
  ['students_total', '1 234', 1234],
  ['students_15_19', 300, 300],
  ['young_teachers_total', 7, 7],
  // partner_enterprises stays blank: not reported, which is not zero
  ['has_web_page', 'да', 1],
  ['has_regulation', 'да', 1],
  ['has_roadmap', 'нет', 0],
  ['has_curator', 'да', 1],
  ['has_pairs_act', 'нет', 0],
  ['has_mentor_database', 'да', 1],
  ['has_incentives', 'нет', 0],
  ['has_personal_programmes', 'да', 1],
  ['personal_programmes_count', 4, 4],
  ['has_trained_mentors', 'да', 1],
  ['survey_mentees_respondents', 40, 40],
  ['satisfaction_mentees_pct', '87,5', 87.5],
  ['survey_mentors_respondents', '15', 15],
  ['satisfaction_mentors_pct', 92, 92],
];

async function fillIn(template: Buffer): Promise<Buffer> {
  const wb = await openWorkbook(template);
  const ws = wb.getWorksheet(SHEET_NAME)!;
  ws.getCell(rowOf(ws, HEADER_LABELS.orgName), 2).value = ORG;
  ws.getCell(rowOf(ws, HEADER_LABELS.inn), 2).value = INN;
  ws.getCell(rowOf(ws, HEADER_LABELS.orgType), 2).value = 'ОО';
  for (const [formId, measureId, typed] of PER_FORM)
    ws.getCell(rowOf(ws, measureName(measureId)), columnOf(ws, formName(formId))).value = typed;
  for (const [measureId, typed] of PER_ORG) ws.getCell(rowOf(ws, measureName(measureId)), 2).value = typed;
  const footer = ws.getCell(rowOf(ws, `${RESPONSIBLE_PREFIX}ФИО: _____ тел.: _____`), 1);
  footer.value = `${RESPONSIBLE_PREFIX}ФИО: Петрова Анна Ивановна тел.: +7 914 555-12-34`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the blank monitoring form', () => {
  let template: Buffer;
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  const territory = officialTerritoryName(ref, normaliser, 'Лазо', YEAR);

  beforeAll(async () => {
    template = await templateWorkbook(ref, { year: YEAR, territory });
    writeFileSync(path.join(dir, 'template.xlsx'), template);
    wb = await openWorkbook(template);
    ws = wb.getWorksheet(SHEET_NAME)!;
  });

  it('is byte-identical for the same inputs and differs for another year', async () => {
    expect((await templateWorkbook(ref, { year: YEAR, territory })).equals(template)).toBe(true);
    expect((await templateWorkbook(ref, { year: YEAR + 1, territory })).equals(template)).toBe(false);
  });

  it('has the form sheet and the instruction sheet, titled with the year', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual([SHEET_NAME, INSTRUCTION_SHEET_NAME]);
    expect(ws.getCell('A1').value).toBe(`Мониторинг реализации целевой модели наставничества за ${YEAR} год`);
    expect(ws.getCell('A1').value).toBe(templateTitle(YEAR));
  });

  it('has the header block the reader recognises, year and territory filled in', () => {
    const order: ContextField[] = ['year', 'territory', 'orgName', 'inn', 'orgType'];
    const rows = order.map((f) => rowOf(ws, HEADER_LABELS[f]));
    expect(rows).toEqual([3, 4, 5, 6, 7]);
    for (const f of order) expect(contextFieldOf(HEADER_LABELS[f])).toBe(f);
    expect(ws.getCell('B3').value).toBe(YEAR);
    expect(ws.getCell('B4').value).toBe('муниципальный район имени Лазо');
    for (const a of ['B5', 'B6', 'B7']) expect(ws.getCell(a).value).toBeNull();
    expect(ws.getCell('B6').numFmt).toBe('@');
  });

  it('has the per-form table: merged header over every form of forms.csv, a row per form measure', () => {
    const head = rowOf(ws, TABLE_LABEL);
    const lastCol = 1 + formNames.length;
    expect(ws.getCell(head, 2).value).toBe(FORMS_LABEL);
    for (let c = 3; c <= lastCol; c++) expect(ws.getCell(head, c).master.address).toBe(ws.getCell(head, 2).address);
    expect(ws.getCell(head + 1, 1).master.address).toBe(ws.getCell(head, 1).address);
    expect(formNames).toHaveLength(12);
    expect(formNames.map((_, i) => ws.getCell(head + 1, 2 + i).value)).toEqual(formNames);
    expect(ws.getCell(head + 1, lastCol + 1).value).toBeNull();
    const formMeasures = measuresOf('form');
    expect(formMeasures.map((_, i) => ws.getCell(head + 2 + i, 1).value)).toEqual(formMeasures.map((m) => m.name));
    // every value cell of the table is blank, highlighted and takes whole numbers ≥ 0
    for (let r = head + 2; r < head + 2 + formMeasures.length; r++) {
      for (let c = 2; c <= lastCol; c++) {
        const cell = ws.getCell(r, c);
        expect(cell.value).toBeNull();
        expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
        expect(cell.dataValidation).toMatchObject({
          type: 'whole',
          operator: 'greaterThanOrEqual',
          formulae: [0],
          allowBlank: true,
        });
      }
    }
    expect(ws.getCell(head + 2 + formMeasures.length, 1).value).toBeNull();
  });

  it('has the totals, checklist and survey blocks with every measure, validated by kind', () => {
    for (const [block, title] of Object.entries(SECTION_TITLES)) {
      const top = rowOf(ws, title);
      const measures = measuresOf(block);
      expect(measures.map((_, i) => ws.getCell(top + 1 + i, 1).value)).toEqual(measures.map((m) => m.name));
      measures.forEach((m, i) => {
        const cell = ws.getCell(top + 1 + i, 2);
        expect(cell.value).toBeNull();
        const expected = {
          count: { type: 'whole', formulae: [0] },
          pct: { type: 'decimal', operator: 'between', formulae: [0, 100] },
          flag: { type: 'list', formulae: ['"да,нет"'] },
        }[m.kind];
        expect(cell.dataValidation, m.measure_id).toMatchObject(expected);
      });
    }
    expect(measuresOf('checklist').filter((m) => m.kind === 'flag')).toHaveLength(9);
  });

  it('offers the territories of that year and the organisation types as lists', () => {
    const list = ws.getCell('B4').dataValidation;
    expect(list.type).toBe('list');
    const m = /^'Инструкция'!\$B\$(\d+):\$B\$(\d+)$/.exec(String(list.formulae[0]));
    expect(m).not.toBeNull();
    const sheet = wb.getWorksheet(INSTRUCTION_SHEET_NAME)!;
    const names: unknown[] = [];
    for (let r = Number(m![1]); r <= Number(m![2]); r++) names.push(sheet.getCell(r, 2).value);
    expect(names).toHaveLength(20);
    expect(names).toContain('Охотский муниципальный округ');
    expect(names).toContain('Бикинский муниципальный округ');
    expect(names).not.toContain('Охотский муниципальный район');
    expect(names).toContain('Краевые организации');
    expect(names).toContain(ws.getCell('B4').value);
    expect(ws.getCell('B7').dataValidation).toMatchObject({ type: 'list', formulae: ['"ОО,СПО,ДО"'] });
    expect(ws.getCell('B3').dataValidation).toMatchObject({ type: 'whole', operator: 'between' });
  });

  it('has the footer, frozen labels and A4 landscape printing', () => {
    expect(rowOf(ws, `${RESPONSIBLE_PREFIX}ФИО: _____ тел.: _____`)).toBeGreaterThan(rowOf(ws, SECTION_TITLES.survey));
    const head = rowOf(ws, TABLE_LABEL);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: head + 1 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    expect(ws.getCell(head + 2, 1).alignment).toMatchObject({ wrapText: true });
  });

  it('reads back as one organisation: the instruction sheet is passed over', async () => {
    const read = await readXlsx(template);
    expect(read.findings).toEqual([]);
    expect(read.blocks).toHaveLength(1);
    expect(read.blocks[0]).toMatchObject({
      at: { sheet: SHEET_NAME },
      year: { text: YEAR },
      territory: { text: 'муниципальный район имени Лазо' },
      orgName: null,
      values: [],
    });

    const onlyInstruction = await openWorkbook(template);
    onlyInstruction.removeWorksheet(onlyInstruction.getWorksheet(SHEET_NAME)!.id);
    const alone = await readXlsx(Buffer.from(await onlyInstruction.xlsx.writeBuffer()));
    expect(alone.blocks).toEqual([]);
    expect(alone.findings.map((f) => f.code)).toEqual(['no_form_table']);
  });

  it('leaves the territory empty unless one is given', async () => {
    const blank = await openWorkbook(await templateWorkbook(ref, { year: YEAR }));
    expect(blank.getWorksheet(SHEET_NAME)!.getCell('B4').value).toBeNull();
    expect(() => officialTerritoryName(ref, normaliser, 'Лазовский район Приморья', YEAR)).toThrow(
      /неизвестный муниципалитет/,
    );
  });
});

describe('the template filled in by hand', () => {
  const inbox = path.join(dir, 'inbox');
  const config = pipelineConfigIn(dir, inbox);
  let filled: Buffer;
  let validated: ValidatedFile;
  let summary: RunSummary;
  const query = (sql: string) => queryWarehouse(config.WAREHOUSE_PATH, sql);

  beforeAll(async () => {
    const territory = officialTerritoryName(ref, normaliser, 'Лазо', YEAR);
    filled = await fillIn(await templateWorkbook(ref, { year: YEAR, territory }));
    validated = await validateFile(FILE, filled, normaliser, ref);
    mkdirSync(inbox, { recursive: true });
    writeFileSync(path.join(inbox, FILE), filled);
    const mtime = new Date('2026-01-20T10:00:00+10:00');
    utimesSync(path.join(inbox, FILE), mtime, mtime);
    summary = await runPipeline(config);
  }, 120_000);

  it('validates with no findings: year, territory, type and ИНН from the cells', () => {
    expect(validated.format).toBe('xlsx');
    expect(validated.rejected).toBe(false);
    expect(validated.findings).toEqual([]);
    expect(validated.submissions).toHaveLength(1);
    const s = validated.submissions[0]!;
    expect(s.findings).toEqual([]);
    expect(s).toMatchObject({
      accepted: true,
      sheet: SHEET_NAME,
      year: YEAR,
      territoryId: 'lazo',
      orgName: ORG,
      inn: INN,
      orgTypeId: 'OO',
    });
  });

  it('accepts exactly the values typed: text numbers, a thousands space, 0, да/нет, a decimal comma; blanks are not values', () => {
    const got = Object.fromEntries(
      validated.submissions[0]!.values.map((v) => [`${v.formId ?? '—'} × ${v.measureId}`, v.value]),
    );
    const expected = Object.fromEntries([
      ...PER_FORM.map(([f, m, , value]) => [`${f} × ${m}`, value] as const),
      ...PER_ORG.map(([m, , value]) => [`— × ${m}`, value] as const),
    ]);
    expect(got).toEqual(expected);
  });

  it('loads through the whole pipeline into core facts', async () => {
    expect(summary.error).toBeNull();
    expect(summary.files).toEqual({ loaded: 1, partial: 0, rejected: 0, skipped: 0 });
    expect(summary.errors + summary.warnings).toBe(0);
    expect(
      await query(
        'select org_key, inn, name, territory_id, org_type_id, first_year, last_year from core_organisations',
      ),
    ).toEqual([
      { org_key: INN, inn: INN, name: ORG, territory_id: 'lazo', org_type_id: 'OO', first_year: YEAR, last_year: YEAR },
    ]);
    const facts = await query(
      'select form_id, measure_id, value from core_facts where year = 2025 order by form_id, measure_id',
    );
    expect(facts).toEqual(
      PER_FORM.map(([form_id, measure_id, , value]) => ({ form_id, measure_id, value })).sort((a, b) =>
        a.form_id + a.measure_id < b.form_id + b.measure_id ? -1 : 1,
      ),
    );
    const orgFacts = await query('select measure_id, value from core_org_facts where year = 2025 order by measure_id');
    expect(orgFacts).toEqual(
      PER_ORG.map(([measure_id, , value]) => ({ measure_id, value })).sort((a, b) =>
        a.measure_id < b.measure_id ? -1 : 1,
      ),
    );
    expect(
      await query("select count(*)::integer as n from core_org_facts where measure_id = 'partner_enterprises'"),
    ).toEqual([{ n: 0 }]);
  });

  it('stores none of the footer’s personal data', async () => {
    expect(await findTextInWarehouse(config.WAREHOUSE_PATH, ['Петрова', '555-12-34'])).toEqual([]);
  });
});
