import ExcelJS, { type Worksheet } from 'exceljs';
import { repackZip, STORED_ENTRIES } from '../contract/repack-zip.ts';
import type { Reference } from '../reference/reference.ts';
import { CONTINGENT_SHEET_NAME } from '../sources/contingent.ts';
import { INSTRUCTION_SHEET_NAME } from '../sources/form-layout.ts';
import {
  INPUT_FILL,
  TEMPLATE_CREATOR,
  type TemplateOptions,
  blockMeasures,
  box,
  headerValidation,
  kindValidation,
  orgTypesInOrder,
  templateDate,
  territoryNamesInYear,
} from './write-template.ts';

/** The contingent table's context columns, as the reader recognises them (context-labels.ts). */
export const CONTINGENT_COLUMNS = {
  territory: 'Муниципалитет',
  orgName: 'Организация',
  inn: 'ИНН',
  orgType: 'Тип',
} as const;
/** Rows of the template prepared for input (borders, fill, validation); more can be added below. */
const INPUT_ROWS = 300;

export function contingentTitle(year: number): string {
  return `Контингент организаций за ${year} год: численности для расчёта долей мониторинга целевой модели наставничества`;
}

/** The default file name: it contains «Контингент», which is how the pipeline tells the file from a form. */
export function contingentFileName(year: number): string {
  return `Контингент_${year}.xlsx`;
}

function writeInstruction(ws: Worksheet, ref: Reference, o: TemplateOptions): string {
  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 110;
  let row = 1;
  const line = (text: string, mark = '', bold = false) => {
    if (mark !== '') ws.getCell(row, 1).value = mark;
    const cell = ws.getCell(row, 2);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (bold) cell.font = { bold: true };
    row++;
  };
  const totals = blockMeasures(ref, 'totals');
  line(`Как заполнить контингент за ${o.year} год`, '', true);
  row++;
  [
    `Лист «${CONTINGENT_SHEET_NAME}»: одна строка — одна организация. Столбцы «${CONTINGENT_COLUMNS.orgName}» и «${CONTINGENT_COLUMNS.inn}» обязательны для сопоставления: организация находится по ИНН, без ИНН — по наименованию в своём муниципалитете.`,
    `«${CONTINGENT_COLUMNS.territory}» — из списка внизу этого листа; если муниципалитет один для всех строк, его можно указать над таблицей. «${CONTINGENT_COLUMNS.orgType}» — ${orgTypesInOrder(
      ref,
    )
      .map((t) => t.short_name)
      .join(', ')}, необязательно.`,
    `Численности (${totals.map((m) => m.name).join('; ')}) — целые числа не меньше 0. Пустая ячейка — численность не представлена.`,
    'Только численности: показатели форм наставничества, чек-листа и анкетирования присылаются в форме мониторинга, в этом файле они отклоняются.',
    'Значение из формы организации важнее; контингент дополняет то, чего в форме нет. Численность учитывается, только если организация прислала форму за этот год.',
    `Имя файла должно содержать слово «Контингент» (например, «${contingentFileName(o.year)}»), иначе файл будет прочитан как форма мониторинга.`,
    `Этот лист («${INSTRUCTION_SHEET_NAME}») при загрузке не читается.`,
  ].forEach((t, i) => line(t, `${i + 1}.`));
  row++;
  line(`Муниципальные образования (${o.year} год)`, '', true);
  const names = territoryNamesInYear(ref, o.year);
  const first = row;
  names.forEach((name, i) => line(name, `${i + 1}.`));
  return `'${INSTRUCTION_SHEET_NAME}'!$B$${first}:$B$${first + names.length - 1}`;
}

/**
 * The blank contingent for a year as an .xlsx: sheet «Контингент» (year and territory above a table of one row per
 * organisation: territory, organisation, ИНН, type, one column per totals measure of measures.csv) and «Инструкция».
 * It loads back through the pipeline as a contingent file. Same inputs, same bytes.
 */
export async function contingentTemplateWorkbook(ref: Reference, o: TemplateOptions): Promise<Buffer> {
  const date = templateDate(o.year);
  const wb = new ExcelJS.Workbook();
  wb.creator = TEMPLATE_CREATOR;
  wb.lastModifiedBy = TEMPLATE_CREATOR;
  wb.title = contingentTitle(o.year);
  wb.created = date;
  wb.modified = date;
  const ws = wb.addWorksheet(CONTINGENT_SHEET_NAME, { properties: { tabColor: { argb: 'FF5B9BD5' } } });
  const territoryList = writeInstruction(wb.addWorksheet(INSTRUCTION_SHEET_NAME), ref, o);
  const input = { territoryList, orgTypes: orgTypesInOrder(ref).map((t) => t.short_name) };
  const totals = blockMeasures(ref, 'totals');
  const headers = [
    CONTINGENT_COLUMNS.territory,
    CONTINGENT_COLUMNS.orgName,
    CONTINGENT_COLUMNS.inn,
    CONTINGENT_COLUMNS.orgType,
    ...totals.map((m) => m.name),
  ];
  const widths = [32, 50, 14, 8, ...totals.map(() => 22)];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  ws.getCell(1, 1).value = contingentTitle(o.year);
  ws.getCell(1, 1).font = { bold: true, size: 12 };
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell(2, 1).value = 'Отчётный год';
  ws.getCell(2, 2).value = o.year;
  ws.getCell(2, 2).dataValidation = headerValidation('year', input)!;
  ws.getCell(3, 1).value = 'Муниципальное образование';
  if (o.territory) ws.getCell(3, 2).value = o.territory;
  const territoryValidation = headerValidation('territory', input);
  if (territoryValidation) ws.getCell(3, 2).dataValidation = territoryValidation;
  for (const r of [2, 3]) {
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 2).fill = INPUT_FILL;
    ws.getCell(r, 2).border = box;
    ws.getCell(r, 2).alignment = { horizontal: 'left' };
  }
  ws.getCell(4, 1).value =
    `Одна строка — одна организация. Муниципальное образование над таблицей действует для строк, где оно не указано. Порядок заполнения — на листе «${INSTRUCTION_SHEET_NAME}».`;
  ws.getCell(4, 1).font = { italic: true };

  const head = 5;
  headers.forEach((h, i) => {
    const cell = ws.getCell(head, i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = box;
  });
  ws.getRow(head).height = 75;
  const validations = [
    territoryValidation,
    headerValidation('orgName', input),
    headerValidation('inn', input),
    headerValidation('orgType', input),
    ...totals.map((m) => kindValidation(m.kind)),
  ];
  for (let r = head + 1; r <= head + INPUT_ROWS; r++) {
    validations.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.fill = INPUT_FILL;
      cell.border = box;
      if (i === 2) cell.numFmt = '@';
      if (v) cell.dataValidation = v;
    });
  }
  ws.views = [{ state: 'frozen', ySplit: head, xSplit: 2 }];
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return Buffer.from(await repackZip(new Uint8Array(await wb.xlsx.writeBuffer(STORED_ENTRIES)), date));
}
