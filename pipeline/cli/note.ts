import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pluralRu } from '../contract/plural.ts';
import { loadConfig, PROJECT_ROOT } from '../config.ts';
import { readNoteData } from '../note/note-data.ts';
import { notesZip } from '../note/notes-zip.ts';
import { readRules, RULES_FILE } from '../note/rules.ts';
import { resolveTerritory } from '../note/territory.ts';
import { writeNote } from '../note/write-note.ts';
import { releaseFolders } from '../release/release.ts';
import { commandLine } from './common.ts';

const HELP = `Аналитическая справка по результатам мониторинга за год (DOCX и Markdown) из опубликованного снимка витрин.

  npm run note -- --year ГОД [--compare ГОД] [--territory МО] [--out ПАПКА] [--with-charts [--dist ПАПКА] | --charts ПАПКА]

  --year ГОД          отчётный год (обязательно), например 2021
  --compare ГОД       год сравнения (по умолчанию предыдущий, если он есть в снимке)
  --territory МО      справка по одному муниципалитету (код, краткое или официальное наименование)
  --out ПАПКА         куда записать (по умолчанию data/notes/<год>/)
  --with-charts       нарисовать диаграммы справки (те же слайды, что npm run slides) и вложить их; PNG — рядом
                      со справкой в папке <имя справки>_диаграммы; без --dist сайт собирается во временную папку
  --dist ПАПКА        для --with-charts: готовый сайт, собранный из того же снимка
  --charts ПАПКА      папка выгрузки слайдов (npm run slides): из PNG за год вкладываются диаграммы справки
  --snapshot ПАПКА    снимок витрин (по умолчанию SNAPSHOT_DIR, data/snapshot)
  --release ВЫПУСК    справка из выпуска (npm run release): его снимок и справочники — те же байты, что в день выпуска
  --rules ФАЙЛ        правила рекомендаций (по умолчанию REFERENCE_DIR/recommendations.csv)
  --zip ФАЙЛ          справки за все годы снимка (DOCX, без диаграмм) одним архивом ZIP; «-» — в stdout
                      (так их берёт сайт); --year не нужен
  --help              эта справка

Справка читает только снимок витрин, не хранилище: её можно формировать во время работы конвейера.`;

const values = commandLine(
  {
    year: { type: 'string' },
    compare: { type: 'string' },
    territory: { type: 'string' },
    out: { type: 'string' },
    charts: { type: 'string' },
    'with-charts': { type: 'boolean' },
    dist: { type: 'string' },
    snapshot: { type: 'string' },
    release: { type: 'string' },
    rules: { type: 'string' },
    zip: { type: 'string' },
    help: { type: 'boolean' },
  },
  HELP,
);

async function releaseSettings(releasesDir: string, id: string) {
  const { snapshotDir, referenceDir } = await releaseFolders(releasesDir, id);
  return { SNAPSHOT_DIR: snapshotDir, REFERENCE_DIR: referenceDir };
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function yearOf(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const year = Number(text);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    fail(`${flag} «${text}» не распознан: нужен год четырьмя цифрами`);
  return year;
}

if (values.zip !== undefined) {
  try {
    const config = loadConfig(values.snapshot ? { SNAPSHOT_DIR: path.resolve(values.snapshot) } : {});
    const data = readNoteData(config.SNAPSHOT_DIR);
    const rules = readRules(values.rules ? path.resolve(values.rules) : path.join(config.REFERENCE_DIR, RULES_FILE));
    const { bytes, notes, warnings } = await notesZip(data, rules);
    for (const warning of warnings) console.error(warning);
    if (values.zip === '-') process.stdout.write(bytes);
    else writeFileSync(path.resolve(values.zip), bytes);
    console.error(`Справки за ${notes} ${pluralRu(notes, ['год', 'года', 'лет'])} в архиве: ${bytes.length} байт`);
    process.exit(0);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

const year = yearOf(values.year, '--year') ?? fail(`Не указан отчётный год (--year).\n\n${HELP}`);
const compare = yearOf(values.compare, '--compare');
if (values['with-charts'] && values.charts)
  fail(
    '--with-charts и --charts вместе не указываются: диаграммы либо рисуются для справки, либо берутся из папки слайдов.',
  );
if (values.dist && !values['with-charts']) fail('--dist нужен только с --with-charts.');

if (values.release !== undefined && values.snapshot !== undefined)
  fail('--release и --snapshot вместе не указываются: у выпуска свой снимок.');

try {
  const settings = loadConfig(values.snapshot ? { SNAPSHOT_DIR: path.resolve(values.snapshot) } : {});
  // a release brings its own snapshot and reference (the rules and names of the day it was made)
  const config =
    values.release === undefined
      ? settings
      : { ...settings, ...(await releaseSettings(settings.RELEASES_DIR, values.release)) };
  const data = readNoteData(config.SNAPSHOT_DIR);
  const rules = readRules(values.rules ? path.resolve(values.rules) : path.join(config.REFERENCE_DIR, RULES_FILE));
  const outDir = values.out ? path.resolve(values.out) : path.join(PROJECT_ROOT, 'data', 'notes', String(year));
  const written = await writeNote(data, {
    year,
    compare,
    territory: values.territory === undefined ? null : resolveTerritory(data, values.territory, config.REFERENCE_DIR),
    rules,
    outDir,
    chartsDir: values.charts ? path.resolve(values.charts) : null,
    renderCharts: values['with-charts']
      ? { snapshotDir: config.SNAPSHOT_DIR, ...(values.dist ? { distDir: path.resolve(values.dist) } : {}) }
      : null,
  });
  const { note } = written;
  for (const warning of note.warnings) console.error(warning);
  const figures = note.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'figure').length;
  console.log(
    `Аналитическая справка за ${note.year} год${note.compare === null ? '' : ` (в сравнении с ${note.compare})`} записана:\n` +
      `  ${written.docx}\n  ${written.markdown}\n` +
      (written.chartsDir ? `  ${written.chartsDir}\n` : '') +
      `  рекомендаций ${note.recommendations.length}, диаграмм ${figures}` +
      (values.charts || values['with-charts'] ? '' : ' (без --with-charts или --charts диаграммы не вкладываются)'),
  );
} catch (e) {
  fail(`Справка не записана: ${e instanceof Error ? e.message : String(e)}`);
}
