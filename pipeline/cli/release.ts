import { formatDateTime } from '../contract/format.ts';
import { loadConfig, regionTimeZone } from '../config.ts';
import { findRelease, listReleases, makeRelease, verifyRelease } from '../release/release.ts';
import { commandLine } from './common.ts';
import path from 'node:path';

const HELP = `Выпуски: опубликованный снимок витрин, закреплённый под названием (например, справка, отправленная в
министерство), чтобы её цифры можно было показать и воспроизвести после того, как загрузятся новые файлы.

  npm run release -- --year ГОД --label "НАЗВАНИЕ"   закрепить текущий снимок как выпуск за год
  npm run release -- --list                           список выпусков
  npm run release -- --show ВЫПУСК                    что в выпуске: запуск, файлы, справочники
  npm run release -- --verify [--release ВЫПУСК]      пересчитать контрольные суммы (всех выпусков или одного)

  --snapshot ПАПКА    снимок витрин (по умолчанию SNAPSHOT_DIR, data/snapshot)
  --releases ПАПКА    папка выпусков (по умолчанию RELEASES_DIR, data/releases)
  --help              эта справка

ВЫПУСК — имя папки выпуска или его начало. Выпуск не переписывается: повторный выпуск за тот же год — новая версия.
Код выхода: 0 — готово (выпуски целы), 1 — выпуск изменён после выпуска, 2 — ошибка.`;

const values = commandLine(
  {
    year: { type: 'string' },
    label: { type: 'string' },
    list: { type: 'boolean' },
    show: { type: 'string' },
    verify: { type: 'boolean' },
    release: { type: 'string' },
    snapshot: { type: 'string' },
    releases: { type: 'string' },
    help: { type: 'boolean' },
  },
  HELP,
);

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

try {
  const config = loadConfig({
    ...(values.snapshot ? { SNAPSHOT_DIR: path.resolve(values.snapshot) } : {}),
    ...(values.releases ? { RELEASES_DIR: path.resolve(values.releases) } : {}),
  });
  const timeZone = regionTimeZone(config.REFERENCE_DIR);
  const when = (iso: string) => formatDateTime(iso, timeZone);
  if (values.list) {
    const releases = await listReleases(config.RELEASES_DIR);
    if (releases.length === 0) console.log(`Выпусков нет (${config.RELEASES_DIR}).`);
    for (const r of releases)
      console.log(`${r.id}  ${r.year} год, версия ${r.version}, ${when(r.created_at)} — ${r.label}`);
  } else if (values.show !== undefined) {
    const { manifest: r } = await findRelease(config.RELEASES_DIR, values.show);
    console.log(
      [
        `Выпуск ${r.id}: «${r.label}»`,
        `Год ${r.year}, версия ${r.version}, сделан ${when(r.created_at)}`,
        `Снимок запуска ${r.run_id} от ${when(r.snapshot_generated_at)}`,
        `Справочники: SHA-256 ${r.reference_sha256}`,
        `Файлов в силе: ${r.files_in_force.length}; файлов выпуска: ${Object.keys(r.checksums).length}`,
      ].join('\n'),
    );
  } else if (values.verify) {
    const dirs = values.release
      ? [(await findRelease(config.RELEASES_DIR, values.release)).dir]
      : (await listReleases(config.RELEASES_DIR)).map((r) => path.join(config.RELEASES_DIR, r.id));
    let altered = 0;
    for (const dir of dirs) {
      const { id: name, problems } = await verifyRelease(dir);
      if (problems.length === 0) console.log(`${name}: цел`);
      else {
        altered += 1;
        console.log(`${name}: ИЗМЕНЁН после выпуска\n  ${problems.join('\n  ')}`);
      }
    }
    if (dirs.length === 0) console.log(`Выпусков нет (${config.RELEASES_DIR}).`);
    process.exit(altered > 0 ? 1 : 0);
  } else {
    const year = Number(values.year);
    if (values.year === undefined || !Number.isInteger(year)) fail(`Не указан год выпуска (--year ГОД).\n\n${HELP}`);
    const r = await makeRelease({
      snapshotDir: config.SNAPSHOT_DIR,
      releasesDir: config.RELEASES_DIR,
      referenceDir: config.REFERENCE_DIR,
      year,
      label: values.label ?? '',
      timeZone,
    });
    console.log(
      `Выпуск ${r.id}: «${r.label}», ${r.year} год, версия ${r.version}; файлов в силе: ${r.files_in_force.length}.\n` +
        `Папка: ${path.join(config.RELEASES_DIR, r.id)}`,
    );
  }
} catch (error) {
  fail((error as Error).message);
}
