import ExcelJS, { type Border, type DataValidation, type Fill, type Worksheet } from 'exceljs';
import { repackZip, STORED_ENTRIES } from '../contract/repack-zip.ts';
import type { Normaliser } from '../reference/normaliser.ts';
import { type Measure, type Reference, territoryNameIn } from '../reference/reference.ts';
import type { ContextField } from '../sources/context-labels.ts';
import {
  BLANK,
  FORMS_LABEL,
  HEADER_LABELS,
  INSTRUCTION_SHEET_NAME,
  ORG_PREFIX,
  RESPONSIBLE_PREFIX,
  SECTION_TITLES,
  SHEET_NAME,
  TABLE_LABEL,
  templateTitle,
} from '../sources/form-layout.ts';

export type CellValue = number | string | null;
type Kind = Measure['kind'];
type Block = Measure['block'];

/**
 * Everything one organisation's monitoring form shows; null values are left blank. The same data model serves the
 * blank template the ministry sends out and the filled-in files of the synthetic sample.
 */
export interface OrganisationFormData {
  title: string;
  /** Seed 002's line under the title, «Образовательное учреждение: <name>» («_____» for a null name); null when the header block names the organisation instead. */
  orgLine: { name: string | null } | null;
  /** A hint in the line under the title, written when there is no orgLine. */
  note?: string;
  /** Label | value rows between the title and the table, in this order; empty for a pure seed-002 form. */
  header: { field: ContextField; value: CellValue }[];
  formNames: string[];
  /** The form-block rows: label, the measure's kind, one cell per form. */
  formRows: { label: string; kind: Kind; cells: CellValue[] }[];
  sections: { title: string; rows: { label: string; kind: Kind; value: CellValue }[] }[];
  responsible: { name: string; phone: string } | null;
}

/** Layout options of the blank template; without them the sheet is written as the sample's filled-in files are. */
export interface FormSheetOptions {
  /**
   * Marks every value cell as an input cell (fill, border, data validation by the measure's kind), freezes the
   * labels and the table's head, sets up A4 landscape printing.
   */
  input?: {
    /** A list-validation source of territory names, e.g. `'Инструкция'!$B$40:$B$59`; null: no list. */
    territoryList: string | null;
    /** Short names of the organisation types, for the list validation of «Тип организации». */
    orgTypes: string[];
  };
}

const thin: Partial<Border> = { style: 'thin' };
export const box = { top: thin, left: thin, bottom: thin, right: thin };
export const INPUT_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const SECTION_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
/** Column widths (characters): the sample's files keep the first layout, the template is narrower to print. */
const WIDTHS = { sample: { label: 70, form: 18 }, template: { label: 62, form: 15 } } as const;
/** Header values span this many columns in the template, so a long organisation name fits. */
const HEADER_VALUE_SPAN = 5;
/** The first year a monitoring form can report (validation accepts nothing earlier). */
const MIN_YEAR = 2015;

export function kindValidation(kind: Kind): DataValidation {
  switch (kind) {
    case 'count':
      return {
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        allowBlank: true,
        showInputMessage: true,
        promptTitle: 'Количество',
        prompt: 'Целое число не меньше 0. Пусто — данные не представлены, 0 — нет ни одного.',
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Нужно целое число',
        error:
          'Введите целое число не меньше 0, без единиц измерения и пояснений. Нет данных — оставьте ячейку пустой.',
      };
    case 'pct':
      return {
        type: 'decimal',
        operator: 'between',
        formulae: [0, 100],
        allowBlank: true,
        showInputMessage: true,
        promptTitle: 'Процент',
        prompt: 'Число от 0 до 100 без знака %, можно с десятичной запятой: 87,5',
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Нужен процент от 0 до 100',
        error: 'Введите число от 0 до 100 без знака % (например, 87,5).',
      };
    case 'flag':
      return {
        type: 'list',
        formulae: ['"да,нет"'],
        allowBlank: true,
        showInputMessage: true,
        promptTitle: 'Да или нет',
        prompt: 'Выберите «да» или «нет» из списка.',
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Нужно «да» или «нет»',
        error: 'Выберите «да» или «нет» из списка.',
      };
  }
}

export function headerValidation(
  field: ContextField,
  input: NonNullable<FormSheetOptions['input']>,
): DataValidation | null {
  const warning = { allowBlank: true, showErrorMessage: true, errorStyle: 'warning', showInputMessage: true } as const;
  switch (field) {
    case 'year':
      return {
        ...warning,
        type: 'whole',
        operator: 'between',
        formulae: [MIN_YEAR, 2100],
        errorStyle: 'stop',
        promptTitle: 'Отчётный год',
        prompt: 'Год, за который представлены данные, четырьмя цифрами.',
        errorTitle: 'Нужен год',
        error: `Введите год четырьмя цифрами (не ранее ${MIN_YEAR}).`,
      };
    case 'territory':
      return input.territoryList === null
        ? null
        : {
            ...warning,
            type: 'list',
            formulae: [input.territoryList],
            promptTitle: 'Муниципальное образование',
            prompt: 'Выберите из списка; краевые организации выбирают «Краевые организации».',
            errorTitle: 'Нет в списке',
            error: 'Такого муниципального образования нет в списке (лист «Инструкция»). Проверьте написание.',
          };
    case 'orgName':
      // Type «any»: no check, only the hint shown when the cell is selected (exceljs writes no type attribute).
      return {
        type: 'any' as DataValidation['type'],
        formulae: [],
        showInputMessage: true,
        promptTitle: 'Образовательное учреждение',
        prompt: 'Полное наименование организации, как в уставе. Одна организация — один лист.',
      };
    case 'inn':
      return {
        ...warning,
        type: 'textLength',
        operator: 'between',
        formulae: [10, 12],
        promptTitle: 'ИНН',
        prompt: 'ИНН организации: 10 цифр.',
        errorTitle: 'Проверьте ИНН',
        error: 'ИНН организации состоит из 10 цифр.',
      };
    case 'orgType':
      return {
        ...warning,
        type: 'list',
        formulae: [`"${input.orgTypes.join(',')}"`],
        promptTitle: 'Тип организации',
        prompt: `${input.orgTypes.join(', ')}: выберите из списка.`,
        errorTitle: 'Нет в списке',
        error: `Тип организации: ${input.orgTypes.join(', ')}.`,
      };
  }
}

/**
 * Writes the monitoring form of seed 002, extended with the header block, totals, checklist and survey, into an
 * empty worksheet: the one layout of both the blank template (with `options.input`) and the sample's files. The
 * XLSX reader finds everything by its labels (read-xlsx.ts); test/sources/template.test.ts reads the template back.
 * @example writeOrganisationForm(workbook.addWorksheet(SHEET_NAME), blankOrganisationForm(ref, { year: 2025 }), { input })
 */
export function writeOrganisationForm(ws: Worksheet, data: OrganisationFormData, options: FormSheetOptions = {}): void {
  const input = options.input;
  const nForms = Math.max(1, data.formNames.length);
  const lastCol = 1 + nForms;
  const widths = input ? WIDTHS.template : WIDTHS.sample;
  ws.getColumn(1).width = widths.label;
  for (let c = 2; c <= lastCol; c++) ws.getColumn(c).width = widths.form;

  const title = ws.getCell(1, 1);
  title.value = data.title;
  title.font = { bold: true, size: 12 };
  title.alignment = { wrapText: true, vertical: 'middle' };
  ws.mergeCells(1, 1, 1, lastCol);
  ws.getRow(1).height = 32;
  if (data.orgLine) {
    ws.getCell(2, 1).value = ORG_PREFIX + (data.orgLine.name ?? BLANK);
    ws.getCell(2, 1).font = { bold: true };
  } else if (data.note) {
    ws.getCell(2, 1).value = data.note;
    ws.getCell(2, 1).font = { italic: true };
  }

  let row = 3;
  const put = (r: number, c: number, v: CellValue) => {
    if (v !== null && v !== '') ws.getCell(r, c).value = v;
  };
  const markInput = (r: number, c: number, validation: DataValidation | null) => {
    const cell = ws.getCell(r, c);
    cell.fill = INPUT_FILL;
    cell.border = box;
    if (validation) cell.dataValidation = validation;
  };
  for (const h of data.header) {
    ws.getCell(row, 1).value = HEADER_LABELS[h.field];
    put(row, 2, h.value);
    if (h.field === 'inn') ws.getCell(row, 2).numFmt = '@';
    if (input) {
      ws.getCell(row, 1).font = { bold: true };
      ws.getCell(row, 1).border = box;
      markInput(row, 2, headerValidation(h.field, input));
      ws.getCell(row, 2).alignment = { horizontal: 'left' };
      const spanEnd = Math.min(lastCol, 1 + HEADER_VALUE_SPAN);
      if (spanEnd > 2) ws.mergeCells(row, 2, row, spanEnd);
    }
    row++;
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
    if (input) for (let c = 2; c <= lastCol; c++) markInput(row, c, kindValidation(fr.kind));
    row++;
  }
  row++;

  for (const section of data.sections) {
    ws.getCell(row, 1).value = section.title;
    ws.getCell(row, 1).font = { bold: true };
    if (input) {
      ws.getCell(row, 1).fill = SECTION_FILL;
      ws.getCell(row, 2).fill = SECTION_FILL;
    }
    row++;
    for (const r of section.rows) {
      ws.getCell(row, 1).value = r.label;
      ws.getCell(row, 1).alignment = { wrapText: true };
      put(row, 2, r.value);
      ws.getCell(row, 1).border = box;
      ws.getCell(row, 2).border = box;
      if (input) {
        markInput(row, 2, kindValidation(r.kind));
        ws.getCell(row, 2).alignment = { horizontal: 'center', vertical: 'middle' };
      }
      row++;
    }
  }
  row++;
  const who = data.responsible;
  ws.getCell(row, 1).value = `${RESPONSIBLE_PREFIX}ФИО: ${who?.name ?? BLANK} тел.: ${who?.phone ?? BLANK}`;

  if (input) {
    // Labels and the table's head stay in view; the first input cell is selected on opening.
    const firstInput = data.header.length > 0 ? 'B3' : `B${head + 2}`;
    ws.views = [{ state: 'frozen', xSplit: 1, ySplit: head + 1, topLeftCell: `B${head + 2}`, activeCell: firstInput }];
    ws.pageSetup = {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    };
    ws.headerFooter = { oddFooter: '&CСтраница &P из &N' };
  }
}

/** Measures of a block in measures.csv order (the seed-002 wording for the form block). */
export function blockMeasures(ref: Reference, block: Block): Measure[] {
  return ref.measures.filter((m) => m.block === block).sort((a, b) => a.sort_order - b.sort_order);
}

/** Names of the forms of mentoring as forms.csv prints them, in its order. */
export function allFormNames(ref: Reference): string[] {
  return [...ref.forms].sort((a, b) => a.sort_order - b.sort_order).map((f) => f.name);
}

/**
 * The form to fill in: the header block (year, territory, organisation, ИНН, type), every form of forms.csv as a
 * column, every measure of measures.csv as a row, every value blank.
 */
export function blankOrganisationForm(
  ref: Reference,
  context: { year: number; territory?: string | null; formNames?: string[] },
): OrganisationFormData {
  const formNames = context.formNames ?? allFormNames(ref);
  const rows = (block: 'totals' | 'checklist' | 'survey') =>
    blockMeasures(ref, block).map((m) => ({ label: m.name, kind: m.kind, value: null }));
  return {
    title: templateTitle(context.year),
    orgLine: null,
    note: `Заполните выделенные цветом ячейки. Порядок заполнения — на листе «${INSTRUCTION_SHEET_NAME}».`,
    header: [
      { field: 'year', value: context.year },
      { field: 'territory', value: context.territory ?? null },
      { field: 'orgName', value: null },
      { field: 'inn', value: null },
      { field: 'orgType', value: null },
    ],
    formNames,
    formRows: blockMeasures(ref, 'form').map((m) => ({
      label: m.name,
      kind: m.kind,
      cells: formNames.map(() => null),
    })),
    sections: [
      { title: SECTION_TITLES.totals, rows: rows('totals') },
      { title: SECTION_TITLES.checklist, rows: rows('checklist') },
      { title: SECTION_TITLES.survey, rows: rows('survey') },
    ],
    responsible: null,
  };
}

export function orgTypesInOrder(ref: Reference) {
  return [...ref.orgTypes].sort((a, b) => a.sort_order - b.sort_order);
}

/** Official names of the territories in a year (territory_names.csv), in territories.csv order. */
export function territoryNamesInYear(ref: Reference, year: number): string[] {
  return [...ref.territories]
    .sort((a, b) => a.sort_order - b.sort_order)
    .map((t) => territoryNameIn(ref, t.territory_id, year).name);
}

/**
 * The official name a template prints for a territory typed on the command line («Лазо» → «муниципальный район
 * имени Лазо»); throws a Russian message when the spelling fits no territory.
 */
export function officialTerritoryName(ref: Reference, normaliser: Normaliser, text: string, year: number): string {
  const match = normaliser.territory(text);
  if (match.id === null)
    throw new Error(
      `${match.reason}: укажите муниципальное образование по справочнику (data/reference/territory_names.csv)`,
    );
  return territoryNameIn(ref, match.id, year).name;
}

export const TEMPLATE_CREATOR = 'Наставничество·Мониторинг';

/** The date stamped into a template's zip and properties: 1 January after the reporting year, so the bytes depend on the inputs only. */
export function templateDate(year: number): Date {
  return new Date(Date.UTC(year + 1, 0, 1));
}

export interface TemplateOptions {
  year: number;
  /** The territory's name as the template prints it (see officialTerritoryName); null leaves the cell empty. */
  territory?: string | null;
  /** Where filled-in forms go; null: the usual route (municipal education authority, regional organisations to ХК ИРО). */
  sendTo?: string | null;
}

const DEFAULT_SEND_TO =
  'Заполненный файл направьте в орган местного самоуправления, осуществляющий управление в сфере образования, вашего ' +
  'муниципального образования; краевые государственные организации направляют файл в ХК ИРО (оператору мониторинга). ' +
  'Срок и адрес электронной почты указаны в письме о проведении мониторинга.';

/**
 * The instruction sheet: how to fill the form in, what blank and 0 mean, where to send it, and the list of
 * territories that the form's «Муниципальное образование» cell offers. Returns that list's range.
 */
function writeInstructionSheet(ws: Worksheet, ref: Reference, o: TemplateOptions): string {
  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 110;
  let row = 1;
  const heading = (text: string, size = 11) => {
    const cell = ws.getCell(row, 2);
    cell.value = text;
    cell.font = { bold: true, size };
    cell.alignment = { wrapText: true, vertical: 'top' };
    row++;
  };
  const para = (text: string, mark = '') => {
    if (mark !== '') {
      ws.getCell(row, 1).value = mark;
      ws.getCell(row, 1).alignment = { vertical: 'top', horizontal: 'right' };
    }
    ws.getCell(row, 2).value = text;
    ws.getCell(row, 2).alignment = { wrapText: true, vertical: 'top' };
    row++;
  };
  const gap = () => row++;
  const list = (items: string[]) => items.forEach((t, i) => para(t, `${i + 1}.`));
  const bullets = (items: string[]) => items.forEach((t) => para(t, '•'));

  heading(`Как заполнить форму мониторинга реализации целевой модели наставничества за ${o.year} год`, 13);
  gap();
  heading('Общий порядок');
  list([
    `Заполните лист «${SHEET_NAME}»: ячейки для заполнения выделены цветом. При выборе ячейки появляется подсказка, что в неё вводить.`,
    'Одна организация — один лист. Можно прислать отдельный файл на каждую организацию или одну книгу на несколько организаций: ' +
      `для каждой организации сделайте копию листа «${SHEET_NAME}» (правой кнопкой мыши по ярлыку листа → «Переместить или скопировать…» → «Создать копию») и заполните её.`,
    'Назовите файл по наименованию организации, например «МБОУ СОШ № 1 с. Переяславка.xlsx». Сохраняйте файл в формате «Книга Excel (.xlsx)»; формат .xls (Excel 97–2003) не принимается.',
    'Не меняйте формулировки показателей и названия форм наставничества, не вставляйте пустые строки внутрь таблицы. ' +
      'Столбцы форм наставничества, которые в организации не реализуются, оставьте пустыми.',
    `Этот лист («${INSTRUCTION_SHEET_NAME}») при загрузке не читается, удалять его не нужно.`,
  ]);
  gap();
  heading('Шапка формы');
  bullets([
    `«${HEADER_LABELS.year}» уже указан (${o.year}); меняйте его, только если данные за другой год.`,
    `«${HEADER_LABELS.territory}» — выберите из списка внизу этого листа. Краевые государственные организации выбирают «Краевые организации».`,
    `«${HEADER_LABELS.orgName}» — полное наименование организации, как в уставе.`,
    `«${HEADER_LABELS.inn}» — ИНН организации (10 цифр). По ИНН данные организации сопоставляются из года в год.`,
    `«${HEADER_LABELS.orgType}» — ${orgTypesInOrder(ref)
      .map((t) => `${t.short_name} (${t.name.replace(/\s*\([^()]*\)$/, '')})`)
      .join(', ')}.`,
  ]);
  gap();
  heading('Как вводить значения');
  bullets([
    'Пустая ячейка означает «данные не представлены», 0 — «нет ни одного». Если показатель равен нулю, поставьте 0; если данных нет — оставьте ячейку пустой. Не ставьте прочерки, «нет» или пробелы вместо чисел.',
    'Только числа, без единиц измерения и пояснений: «12», а не «12 чел.». Количества — целые числа не меньше 0; пробелы между разрядами допускаются («1 234»).',
    'Проценты (уровень удовлетворённости) — число от 0 до 100 без знака %, можно с десятичной запятой: «87,5». Не вводите «87,5%»: Excel превратит это в 0,875.',
    'Чек-лист — «да» или «нет» (выбор из списка в ячейке). Количество персонализированных программ — целое число.',
    'Если значения посчитаны формулами, откройте файл в Excel и сохраните его перед отправкой, чтобы в книге были сохранены вычисленные значения.',
    'Строка «Ответственный за реализацию программы в ОУ» нужна для связи с вами; в базу данных мониторинга она не загружается.',
  ]);
  gap();
  heading('Куда направить');
  para(o.sendTo ?? DEFAULT_SEND_TO);
  gap();
  heading('Что будет после отправки');
  bullets([
    'Файл проверяется автоматически. Ошибка (например, текст вместо числа или наставляемых больше, чем всего обучающихся) отклоняет данные организации за год целиком — исправьте и пришлите форму заново. Предупреждение данные не отклоняет.',
    'Исправленный файл присылайте целиком: более новый файл по той же организации и тому же году заменяет прежний.',
  ]);
  gap();
  heading(`Муниципальные образования (${o.year} год)`);
  const names = territoryNamesInYear(ref, o.year);
  const first = row;
  names.forEach((name, i) => para(name, `${i + 1}.`));
  ws.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return `'${INSTRUCTION_SHEET_NAME}'!$B$${first}:$B$${first + names.length - 1}`;
}

/**
 * The blank monitoring form for a year as an .xlsx: sheet «Мониторинг» (the form) and «Инструкция». Same inputs,
 * same bytes.
 */
export async function templateWorkbook(ref: Reference, o: TemplateOptions): Promise<Buffer> {
  const date = templateDate(o.year);
  const wb = new ExcelJS.Workbook();
  wb.creator = TEMPLATE_CREATOR;
  wb.lastModifiedBy = TEMPLATE_CREATOR;
  wb.title = templateTitle(o.year);
  wb.created = date;
  wb.modified = date;
  const form = wb.addWorksheet(SHEET_NAME, { properties: { tabColor: { argb: 'FFFFC000' } } });
  const instruction = wb.addWorksheet(INSTRUCTION_SHEET_NAME);
  const territoryList = writeInstructionSheet(instruction, ref, o);
  const orgTypes = orgTypesInOrder(ref).map((t) => t.short_name);
  writeOrganisationForm(form, blankOrganisationForm(ref, { year: o.year, territory: o.territory ?? null }), {
    input: { territoryList, orgTypes },
  });
  return Buffer.from(await repackZip(new Uint8Array(await wb.xlsx.writeBuffer(STORED_ENTRIES)), date));
}
