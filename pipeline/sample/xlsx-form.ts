import type { Border, Worksheet } from 'exceljs';
import type { Reference } from '../reference/reference.ts';

export type CellValue = number | string | null;

/** Everything one organisation's monitoring form shows; null values are left blank. */
export interface OrganisationFormData {
  /** null writes the blank line «Образовательное учреждение: _____» of seed 002. */
  orgName: string | null;
  /** The label | value block under the name; null for a pure seed-002 form. */
  header: { inn: CellValue; orgType: CellValue; territory: CellValue; year: CellValue } | null;
  formNames: string[];
  /** The four form-block rows: label and one cell per form. */
  formRows: { label: string; cells: CellValue[] }[];
  sections: { title: string; rows: { label: string; value: CellValue }[] }[];
  responsible: { name: string; phone: string } | null;
}

export const SHEET_NAME = 'Мониторинг';
export const FORM_TITLE = 'Показатели эффективности реализации целевой модели наставничества (синтетические данные)';
export const ORG_PREFIX = 'Образовательное учреждение: ';
export const HEADER_LABELS = { inn: 'ИНН', orgType: 'Тип организации', territory: 'Муниципальное образование', year: 'Отчётный год' } as const;
export const TABLE_LABEL = 'Наименование показателя';
export const FORMS_LABEL = 'Форма наставничества';
export const SECTION_TITLES = { totals: 'Общие сведения об организации', checklist: 'Чек-лист', survey: 'Анкетирование' } as const;
export const RESPONSIBLE_PREFIX = 'Ответственный за реализацию программы в ОУ: ';
const BLANK = '_____';

const thin: Partial<Border> = { style: 'thin' };
const box = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * Writes the monitoring form of seed 002, extended with the header block, totals, checklist and survey, into an
 * empty worksheet. With blank data it is the template organisations fill in.
 * @example writeOrganisationForm(workbook.addWorksheet(SHEET_NAME), blankOrganisationForm(ref))
 */
export function writeOrganisationForm(ws: Worksheet, data: OrganisationFormData): void {
  const nForms = Math.max(1, data.formNames.length);
  const lastCol = 1 + nForms;
  ws.getColumn(1).width = 70;
  for (let c = 2; c <= lastCol; c++) ws.getColumn(c).width = 18;

  const title = ws.getCell(1, 1);
  title.value = FORM_TITLE;
  title.font = { bold: true, size: 12 };
  title.alignment = { wrapText: true, vertical: 'middle' };
  ws.mergeCells(1, 1, 1, lastCol);
  ws.getRow(1).height = 32;
  ws.getCell(2, 1).value = ORG_PREFIX + (data.orgName ?? BLANK);
  ws.getCell(2, 1).font = { bold: true };

  let row = 3;
  const put = (r: number, c: number, v: CellValue) => {
    if (v !== null && v !== '') ws.getCell(r, c).value = v;
  };
  if (data.header) {
    const h = data.header;
    for (const [label, value] of [
      [HEADER_LABELS.inn, h.inn],
      [HEADER_LABELS.orgType, h.orgType],
      [HEADER_LABELS.territory, h.territory],
      [HEADER_LABELS.year, h.year],
    ] as const) {
      ws.getCell(row, 1).value = label;
      put(row, 2, value);
      if (label === HEADER_LABELS.inn) ws.getCell(row, 2).numFmt = '@';
      row++;
    }
  }
  row++;

  const head = row;
  ws.getCell(head, 1).value = TABLE_LABEL;
  ws.getCell(head, 2).value = FORMS_LABEL;
  ws.mergeCells(head, 1, head + 1, 1);
  if (nForms > 1) ws.mergeCells(head, 2, head, lastCol);
  data.formNames.forEach((name, i) => (ws.getCell(head + 1, 2 + i).value = name));
  for (const r of [head, head + 1]) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: c === 1 ? 'left' : 'center' };
      cell.border = box;
    }
  }
  row = head + 2;
  for (const fr of data.formRows) {
    ws.getCell(row, 1).value = fr.label;
    ws.getCell(row, 1).alignment = { wrapText: true };
    fr.cells.forEach((v, i) => put(row, 2 + i, v));
    for (let c = 1; c <= lastCol; c++) ws.getCell(row, c).border = box;
    row++;
  }
  row++;

  for (const section of data.sections) {
    ws.getCell(row, 1).value = section.title;
    ws.getCell(row, 1).font = { bold: true };
    row++;
    for (const r of section.rows) {
      ws.getCell(row, 1).value = r.label;
      ws.getCell(row, 1).alignment = { wrapText: true };
      put(row, 2, r.value);
      ws.getCell(row, 1).border = box;
      ws.getCell(row, 2).border = box;
      row++;
    }
  }
  row++;
  const who = data.responsible;
  ws.getCell(row, 1).value = `${RESPONSIBLE_PREFIX}ФИО: ${who?.name ?? BLANK} тел.: ${who?.phone ?? BLANK}`;
}

/** Labels of a block in measures.csv order (the seed-002 wording for the form block). */
export function blockMeasures(ref: Reference, block: 'form' | 'totals' | 'checklist' | 'survey') {
  return ref.measures.filter((m) => m.block === block).sort((a, b) => a.sort_order - b.sort_order);
}

/** The form to fill in: the four forms of seed 002 unless others are given, every value blank. */
export function blankOrganisationForm(ref: Reference, formNames: string[] = ['Ученик – ученик', 'Учитель – учитель', 'Студент – ученик', 'Работодатель – ученик']): OrganisationFormData {
  const rows = (block: 'totals' | 'checklist' | 'survey') => blockMeasures(ref, block).map((m) => ({ label: m.name, value: null }));
  return {
    orgName: null,
    header: { inn: null, orgType: null, territory: null, year: null },
    formNames,
    formRows: blockMeasures(ref, 'form').map((m) => ({ label: m.name, cells: formNames.map(() => null) })),
    sections: [
      { title: SECTION_TITLES.totals, rows: rows('totals') },
      { title: SECTION_TITLES.checklist, rows: rows('checklist') },
      { title: SECTION_TITLES.survey, rows: rows('survey') },
    ],
    responsible: null,
  };
}
