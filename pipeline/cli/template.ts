import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../config.ts';
import { Normaliser } from '../reference/normaliser.ts';
import { loadReference } from '../reference/reference.ts';
import { contingentFileName, contingentTemplateWorkbook } from '../template/write-contingent-template.ts';
import { allFormNames, officialTerritoryName, templateWorkbook } from '../template/write-template.ts';

const HELP = `Бланк формы мониторинга реализации целевой модели наставничества (.xlsx), который рассылается
организациям; заполненный бланк загружается конвейером без доработки.

  npm run template -- --year ГОД [--out ФАЙЛ] [--territory МО] [--send-to ТЕКСТ]
  npm run template -- --contingent --year ГОД [--territory МО] [--out ФАЙЛ]

  --year ГОД          отчётный год (обязательно), например 2025
  --out ФАЙЛ          куда записать (по умолчанию data/template/Форма_мониторинга_<год>.xlsx)
  --territory МО      заполнить «Муниципальное образование» (любое написание из справочника:
                      «Лазо», «г. Хабаровск»…; в бланк пишется официальное наименование на этот год)
  --send-to ТЕКСТ     куда направлять заполненные формы (абзац на листе «Инструкция»)
  --contingent        бланк контингента вместо формы: одна строка на организацию, столбцы
                      Муниципалитет, Организация, ИНН, Тип и численности (блок totals справочника
                      показателей); по умолчанию data/template/Контингент_<год>.xlsx
  --help              эта справка

Формы наставничества и показатели берутся из справочников (REFERENCE_DIR, по умолчанию data/reference).
Одинаковые параметры дают побайтно одинаковый файл.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        year: { type: 'string' },
        out: { type: 'string' },
        territory: { type: 'string' },
        'send-to': { type: 'string' },
        contingent: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    return fail(`${(e as Error).message}\n\n${HELP}`);
  }
})();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (values.year === undefined) fail(`Не указан отчётный год (--year).\n\n${HELP}`);
const year = Number(values.year);
if (!Number.isInteger(year) || year < 2015 || year > 2100)
  fail(`Отчётный год «${values.year}» не распознан: нужен год четырьмя цифрами, 2015–2100`);

try {
  const config = loadConfig();
  const ref = loadReference(config.REFERENCE_DIR);
  const territory =
    values.territory === undefined ? null : officialTerritoryName(ref, new Normaliser(ref), values.territory, year);
  if (values.contingent) {
    const out =
      values.out === undefined
        ? path.join(PROJECT_ROOT, 'data', 'template', contingentFileName(year))
        : path.resolve(values.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, await contingentTemplateWorkbook(ref, { year, territory }));
    const totals = ref.measures.filter((m) => m.block === 'totals').length;
    console.log(
      `Бланк контингента за ${year} год записан: ${out}\n  численностей ${totals}` +
        (territory === null ? '' : `; муниципальное образование: ${territory}`),
    );
    process.exit(0);
  }
  const out =
    values.out === undefined
      ? path.join(PROJECT_ROOT, 'data', 'template', `Форма_мониторинга_${year}.xlsx`)
      : path.resolve(values.out);
  const buffer = await templateWorkbook(ref, { year, territory, sendTo: values['send-to'] ?? null });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, buffer);
  const measures = ref.measures.length;
  console.log(
    `Бланк формы мониторинга за ${year} год записан: ${out}\n` +
      `  форм наставничества ${allFormNames(ref).length}, показателей ${measures}` +
      (territory === null ? '' : `; муниципальное образование: ${territory}`),
  );
} catch (e) {
  fail(`Бланк не записан: ${e instanceof Error ? e.message : String(e)}`);
}
