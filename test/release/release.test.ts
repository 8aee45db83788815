import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { releaseChanges } from '../../pipeline/contract/release-diff.ts';
import { readNoteData } from '../../pipeline/note/note-data.ts';
import { readRules, RULES_FILE } from '../../pipeline/note/rules.ts';
import { writeNote } from '../../pipeline/note/write-note.ts';
import {
  findRelease,
  listReleases,
  makeRelease,
  releaseFolders,
  verifyRelease,
} from '../../pipeline/release/release.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { pipelineConfigIn, REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// A release on the seed-shaped collection (2021 and 2022, no contingent yet): frozen, then the 2022 contingent
// arrives and the current snapshot moves on while the release stays as it was.

const dir = tempDir('nm-release-');
const config = pipelineConfigIn(dir);
const releasesDir = path.join(dir, 'releases');
const LABEL = 'Справка в министерство';
const MADE_AT = new Date('2027-03-01T02:00:00Z'); // 1 March, 12:00 in Khabarovsk

/** Every file under `root` → its SHA-256. */
function hashes(root: string): Record<string, string> {
  return Object.fromEntries(
    (readdirSync(root, { recursive: true }) as string[])
      .sort()
      .filter((f) => !f.endsWith(path.sep) && !readdirSafe(path.join(root, f)))
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(path.join(root, f)))
          .digest('hex'),
      ]),
  );
}
const readdirSafe = (p: string) => {
  try {
    readdirSync(p);
    return true;
  } catch {
    return false;
  }
};

async function note(snapshotDir: string, referenceDir: string, outDir: string): Promise<Buffer> {
  const written = await writeNote(readNoteData(snapshotDir), {
    year: 2022,
    rules: readRules(path.join(referenceDir, RULES_FILE)),
    outDir,
    chartsDir: null,
    renderCharts: null,
  });
  return readFileSync(written.docx);
}

const release = (year: number, label = LABEL, now = MADE_AT) =>
  makeRelease({
    snapshotDir: config.SNAPSHOT_DIR,
    releasesDir,
    referenceDir: config.REFERENCE_DIR,
    year,
    label,
    timeZone: REGION_TIME_ZONE,
    now,
  });

let noteOnTheDay: Buffer;

beforeAll(async () => {
  await writeSeedShapedInbox(config.INBOX_DIR);
  expect((await runPipeline(config)).status).toBe('partial'); // the three bad files of the seed
  noteOnTheDay = await note(config.SNAPSHOT_DIR, config.REFERENCE_DIR, path.join(dir, 'note-on-the-day'));
}, 120_000);

describe('npm run release', () => {
  let first: Awaited<ReturnType<typeof release>>;
  let frozen: Record<string, string>;

  it('freezes the snapshot and the reference under the label, with the run, the files in force and every checksum', async () => {
    first = await release(2022);
    const meta = JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'meta.json'), 'utf8')) as {
      run_id: string;
      generated_at: string;
    };
    expect(first).toMatchObject({
      year: 2022,
      version: 1,
      label: LABEL,
      created_at: MADE_AT.toISOString(),
      run_id: meta.run_id,
      snapshot_generated_at: meta.generated_at,
    });
    expect(first.id).toMatch(/^2027-03-01_2022_v1_[0-9a-f]{12}$/);
    expect(first.id.endsWith(first.content_sha256.slice(0, 12))).toBe(true);
    // the seed's 4 schools' forms of two years (7 files, Ванинский's СОШ № 5 sent only 2021) and Лазо's long CSV are
    // in force; its three bad files are not
    const files = JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'ops_files.json'), 'utf8')) as {
      file_sha256: string;
      status: string;
    }[];
    expect(first.files_in_force.map((f) => f.file_sha256).sort()).toEqual(
      files
        .filter((f) => f.status !== 'rejected')
        .map((f) => f.file_sha256)
        .sort(),
    );
    expect(files.filter((f) => f.status === 'rejected')).toHaveLength(3);
    const folder = path.join(releasesDir, first.id);
    frozen = hashes(folder);
    expect(Object.keys(first.checksums).sort()).toEqual(Object.keys(frozen).filter((f) => f !== 'manifest.json'));
    expect(frozen['snapshot/meta.json']).toBe(hashes(config.SNAPSHOT_DIR)['meta.json']);
    expect(frozen['reference/recommendations.csv']).toBe(hashes(config.REFERENCE_DIR)['recommendations.csv']);
    expect(await verifyRelease(folder)).toEqual({ id: first.id, problems: [] });
  });

  it('stays byte for byte as it was when later files change the current snapshot', async () => {
    const before = readFileSync(path.join(config.SNAPSHOT_DIR, 'mart_indicator_values.json'), 'utf8');
    await writeSeedShapedInbox(config.INBOX_DIR, { contingent: true });
    expect((await runPipeline(config)).error).toBeNull();
    expect(readFileSync(path.join(config.SNAPSHOT_DIR, 'mart_indicator_values.json'), 'utf8')).not.toBe(before);
    expect(hashes(path.join(releasesDir, first.id))).toEqual(frozen);
  }, 60_000);

  it('says which figures differ now and which file came since: the 2022 contingent, and every share it made possible', async () => {
    const {
      changes,
      files,
      release: r,
    } = await releaseChanges(first, path.join(releasesDir, first.id, 'snapshot'), config.SNAPSHOT_DIR);
    expect(r).toEqual({ id: first.id, label: LABEL, year: 2022, version: 1, created_at: MADE_AT.toISOString() });
    expect(files.map((f) => [f.file_name, f.why])).toEqual([['ОО-1_2022.csv', 'new']]);
    // by hand from the seed: ОО 2022 mentees 152 of 1 500 pupils (Ванинский 62 / 600, Лазо 90 / 900); pupils-mentors
    // 34 of 380 aged 15–19 (Ванинский 18 / 150, Лазо 16 / 230); the contingent's own totals
    const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
    expect(changes.map((c) => [c.territory, c.name, c.year, c.before, round(c.after), c.change, c.files])).toEqual(
      (
        [
          ['весь край', 'Обучающиеся ОО в наставничестве', 10.133],
          ['Ванинский', 'Обучающиеся ОО в наставничестве', 10.333],
          ['имени Лазо', 'Обучающиеся ОО в наставничестве', 10],
          ['весь край', 'Подростки 15–19 лет — наставники', 8.947],
          ['Ванинский', 'Подростки 15–19 лет — наставники', 12],
          ['имени Лазо', 'Подростки 15–19 лет — наставники', 6.957],
          ['весь край', 'Обучающиеся, всего', 1500],
          ['Ванинский', 'Обучающиеся, всего', 600],
          ['имени Лазо', 'Обучающиеся, всего', 900],
          ['весь край', 'Обучающиеся 15–19 лет', 380],
          ['Ванинский', 'Обучающиеся 15–19 лет', 150],
          ['имени Лазо', 'Обучающиеся 15–19 лет', 230],
        ] as const
      ).map(([territory, name, after]) => [territory, name, 2022, null, after, null, ['ОО-1_2022.csv']]),
    );
  });

  it('gives the note of its day, byte for byte; the current snapshot gives another', async () => {
    const { snapshotDir, referenceDir } = await releaseFolders(releasesDir, first.id.slice(0, 16));
    expect(await note(snapshotDir, referenceDir, path.join(dir, 'note-from-release'))).toEqual(noteOnTheDay);
    const now = await note(config.SNAPSHOT_DIR, config.REFERENCE_DIR, path.join(dir, 'note-now'));
    expect(now.equals(noteOnTheDay)).toBe(false);
  });

  it('a second release of the year is a new version beside the first', async () => {
    const second = await release(2022, 'Справка, уточнённая', new Date('2027-05-20T02:00:00Z'));
    expect(second.version).toBe(2);
    expect(second.id).toMatch(/^2027-05-20_2022_v2_/);
    expect((await listReleases(releasesDir)).map((r) => [r.id, r.version])).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);
    expect(hashes(path.join(releasesDir, first.id))).toEqual(frozen);
    await expect(findRelease(releasesDir, '2027-')).rejects.toThrow(
      `«2027-» подходит к нескольким выпускам. Есть: ${first.id}, ${second.id}.`,
    );
  });

  it('refuses a year with no data and a label that cannot be printed, and leaves nothing behind', async () => {
    await expect(release(1999)).rejects.toThrow(
      'Нет данных за 1999 год: выпуск делать не из чего (в снимке годы 2021, 2022).',
    );
    await expect(release(2022, 'Справка\u0007 в министерство')).rejects.toThrow(
      'Название выпуска содержит управляющий символ U+0007 (позиция 8)',
    );
    await expect(release(2022, '   ')).rejects.toThrow('Не указано название выпуска (--label)');
    expect(readdirSync(releasesDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('a release folder edited by hand', () => {
  it('is named by --verify: each altered, missing or extra file and an edited manifest; nothing is drawn from it', async () => {
    const edited = await release(2021, 'Для правки');
    const folder = path.join(releasesDir, edited.id);
    const writable = (f: string) => chmodSync(path.join(folder, f), 0o644);
    chmodSync(folder, 0o755);
    chmodSync(path.join(folder, 'snapshot'), 0o755);
    writable('snapshot/mart_counts.json');
    writeFileSync(path.join(folder, 'snapshot/mart_counts.json'), '[]\n');
    writable('snapshot/ops_files.json');
    unlinkSync(path.join(folder, 'snapshot/ops_files.json'));
    writeFileSync(path.join(folder, 'snapshot/extra.json'), '{}\n');
    writable('manifest.json');
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { label: string };
    writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify({ ...manifest, label: 'Другая справка' }));

    const problems = [
      'manifest.json: изменён после выпуска (его содержимое не совпадает с хешем в имени папки)',
      'snapshot/mart_counts.json: изменён (контрольная сумма не совпадает)',
      'snapshot/ops_files.json: отсутствует',
      'snapshot/extra.json: лишний файл, которого не было в выпуске',
    ];
    expect(await verifyRelease(folder)).toEqual({ id: edited.id, problems });
    await expect(releaseFolders(releasesDir, edited.id)).rejects.toThrow(
      `Выпуск ${edited.id} изменён после выпуска, по нему ничего не строится:\n  ${problems.join('\n  ')}`,
    );

    // the command: the intact releases and the edited one, exit code 1
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'pipeline', 'cli', 'release.ts'), '--verify'],
      { cwd: PROJECT_ROOT, env: { ...process.env, RELEASES_DIR: releasesDir }, encoding: 'utf8' },
    );
    expect(cli.status).toBe(1);
    const lines = (await listReleases(releasesDir)).flatMap((r) =>
      r.id === edited.id ? [`${r.id}: ИЗМЕНЁН после выпуска`, ...problems.map((p) => `  ${p}`)] : [`${r.id}: цел`],
    );
    expect(lines).toHaveLength(3 + problems.length);
    expect(cli.stdout).toBe(`${lines.join('\n')}\n`);
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);
});
