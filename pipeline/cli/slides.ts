import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../config.ts';
import { releaseFolders } from '../release/release.ts';
import { renderSlides } from '../slides/render-slides.ts';
import { commandLine } from './common.ts';

const HELP = `Картинки для слайдов семинара: стандартный набор графиков сайта (обзор, муниципалитеты, отстающие,
формы наставничества, страница каждого муниципалитета) в PNG 3840×2160 и SVG 1920×1080 — headless Chromium.

  npm run slides -- --year ГОД [--territory МО] [--out ПАПКА] [--dist ПАПКА] [--scale 2|3]

  --year ГОД          год данных (обязательно), например 2024
  --territory МО      из страниц муниципалитетов — только этот (код, наименование или краткое наименование)
  --out ПАПКА         куда писать (по умолчанию data/slides); файлы — в ПАПКА/<год>/
  --dist ПАПКА        готовый сайт, собранный из того же снимка (иначе сайт собирается во временную папку)
  --scale N           плотность PNG: 2 (3840×2160, по умолчанию) или 3 (5760×3240)
  --release ВЫПУСК    слайды из выпуска (npm run release) вместо текущего снимка; сайт собирается из него
  --help              эта справка

Снимок витрин — SNAPSHOT_DIR (по умолчанию data/snapshot). Имена файлов:
<год>/<раздел>_<номер>_<что на слайде>.png и .svg, например 2024/01_обзор_01_Обучающиеся-ОО-в-наставничестве.png;
список слайдов с заголовками — <год>/slides.json.`;

const values = commandLine(
  {
    year: { type: 'string' },
    territory: { type: 'string' },
    out: { type: 'string' },
    dist: { type: 'string' },
    scale: { type: 'string' },
    release: { type: 'string' },
    help: { type: 'boolean' },
  },
  HELP,
);
const year = Number(values.year);
if (values.year === undefined || !Number.isInteger(year)) {
  console.error(`Не указан год данных (--year ГОД).\n\n${HELP}`);
  process.exit(2);
}
const scale = values.scale === undefined ? 2 : Number(values.scale);
if (scale !== 2 && scale !== 3) {
  console.error(`--scale: 2 или 3, а не «${values.scale}».`);
  process.exit(2);
}

try {
  const outDir = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'data', 'slides'));
  const started = performance.now();
  if (values.release !== undefined && values.dist !== undefined)
    throw new Error('--release и --dist вместе не указываются: сайт выпуска собирается из его снимка.');
  const config = loadConfig();
  const snapshotDir =
    values.release === undefined
      ? config.SNAPSHOT_DIR
      : (await releaseFolders(config.RELEASES_DIR, values.release)).snapshotDir;
  const slides = await renderSlides({
    snapshotDir,
    distDir: values.dist === undefined ? undefined : path.resolve(values.dist),
    year,
    territory: values.territory,
    outDir,
    scale,
  });
  console.log(
    `Слайдов: ${slides.length} (PNG и SVG) за ${((performance.now() - started) / 1000).toFixed(0)} с в ${path.join(outDir, String(year))}`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
