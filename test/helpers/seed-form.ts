import ExcelJS from 'exceljs';

/** The four per-form row labels of the seed 002 form, verbatim. */
export const SEED_002_LABELS = [
  'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого',
  'Число учащихся в возрасте от 15 до 18 лет, вошедших в программу наставничества в роли наставника',
  'Число учителей-молодых специалистов (с опытом работы от 0 до 3 лет), вошедших в программу наставничества в роли наставляемого',
  'Количество предприятий (организаций), вошедших в программу наставничества, предоставив своих наставников (при наличии)',
] as const;

export interface SeedFormOptions {
  orgName: string;
  forms: string[];
  /** rows[i][j]: value of label i for form j; null leaves the cell blank. */
  rows: (number | string | null)[][];
  /** Label → value rows written under the table (totals, checklist, survey, context). */
  extra?: [string, number | string][];
  /** Label → value rows written above the table (ИНН, год, …). */
  header?: [string, number | string][];
  sheetName?: string;
}

/** Writes one organisation's sheet in the layout of seed 002 (title, «Образовательное учреждение: …», merged header). */
export function addSeedSheet(workbook: ExcelJS.Workbook, o: SeedFormOptions): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(o.sheetName ?? 'Лист1');
  const width = o.forms.length + 1;
  ws.addRow(['Показатели эффективности реализации целевой модели наставничества']);
  ws.mergeCells(1, 1, 1, width);
  ws.addRow([`Образовательное учреждение: ${o.orgName}`]);
  for (const [label, value] of o.header ?? []) ws.addRow([label, value]);
  const headerRow = ws.addRow(['Наименование показателя', 'Форма наставничества']).number;
  ws.mergeCells(headerRow, 2, headerRow, width);
  ws.addRow([null, ...o.forms]);
  ws.mergeCells(headerRow, 1, headerRow + 1, 1);
  o.rows.forEach((values, i) => ws.addRow([SEED_002_LABELS[i], ...values]));
  ws.addRow(['Ответственный за реализацию программы в ОУ: ФИО: Петрова Анна Ивановна тел.: +7 914 555-12-34']);
  if (o.extra) {
    ws.addRow([]);
    for (const [label, value] of o.extra) ws.addRow([label, value]);
  }
  return ws;
}

export async function seedWorkbook(o: SeedFormOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addSeedSheet(workbook, o);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
