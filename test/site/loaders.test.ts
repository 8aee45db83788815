import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { writeFixtureSnapshot } from './fixture-snapshot.ts';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

/** Runs the pages' data loader the way Framework does: tsx, project root as cwd, the archive on stdout. */
function runPagesLoader(snapshotDir: string): SpawnSyncReturns<Buffer> {
  return spawnSync(TSX, [path.join('src', 'data', 'pages.zip.ts')], {
    cwd: PROJECT_ROOT,
    // no release beside the fixture: «Изменения после выпуска» gets an empty list
    env: { ...process.env, SNAPSHOT_DIR: snapshotDir, RELEASES_DIR: path.join(snapshotDir, 'no-releases') },
  });
}

/** One page's member of the archive, as Framework extracts it for `data/pages/<name>`. */
async function pageData(archive: SpawnSyncReturns<Buffer>, name: string) {
  expect(archive.status, archive.stderr.toString()).toBe(0);
  const member = (await JSZip.loadAsync(archive.stdout)).file(name);
  expect(member, `no ${name} in the archive`).not.toBeNull();
  return JSON.parse(await member!.async('string'));
}

describe('site data loaders', () => {
  let snapshotDir: string;
  let archive: SpawnSyncReturns<Buffer>;
  let emptyDir: string;

  beforeAll(async () => {
    snapshotDir = await writeFixtureSnapshot();
    archive = runPagesLoader(snapshotDir);
    emptyDir = await mkdtemp(path.join(os.tmpdir(), 'no-snapshot-'));
  });
  afterAll(async () => {
    await rm(snapshotDir, { recursive: true, force: true });
    await rm(emptyDir, { recursive: true, force: true });
  });

  it("one archive holds each page's data and one member per territory, nothing else", async () => {
    expect(archive.status, archive.stderr.toString()).toBe(0);
    const zip = await JSZip.loadAsync(archive.stdout);
    expect(
      Object.values(zip.files)
        .filter((f) => !f.dir)
        .map((f) => f.name)
        .sort(),
    ).toEqual([
      'changes.json',
      'chart-font.json',
      'checklist.json',
      'forms.json',
      'lagging.json',
      'meta.json',
      'org-types.json',
      'overview.json',
      'quality.json',
      'registry.json',
      'territories.json',
      'territory/khabarovsk.json',
      'territory/komsomolsk.json',
      'territory/lazo.json',
      'territory/regional.json',
    ]);
    expect(await pageData(archive, 'changes.json')).toEqual({ releases: [] });
  });

  it('meta.json ships the load time, years, the synthetic flag, the region and the releases only', async () => {
    expect(await pageData(archive, 'meta.json')).toEqual({
      generated_at: '2026-11-22T05:00:00.000Z',
      years: [2020, 2021, 2022, 2023, 2024],
      synthetic: true,
      region: {
        name: 'Хабаровский край',
        name_prepositional: 'в Хабаровском крае',
        time_zone: 'Asia/Vladivostok',
        time_zone_city: 'Хабаровск',
      },
      // a release's site names its release; the current site lists those it carries (none built here)
      release: null,
      releases: [],
    });
  });

  it('overview.json ships only the columns the page uses', async () => {
    const overview = await pageData(archive, 'overview.json');
    expect(overview.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(overview.indicators.map((d: { indicator_id: string }) => d.indicator_id)).toEqual([
      'oo_students_share',
      'youth_mentors_share',
    ]);
    expect(overview.territories).toHaveLength(4);
    expect(overview.region).toHaveLength(2 * 5);
    expect(overview.territory).toHaveLength(2 * 5 * 4);
    // with who is behind each value, so the page can say why a share is missing
    expect(Object.keys(overview.region[0]).sort()).toEqual([
      'change_pp',
      'indicator_id',
      'is_lagging',
      'numerator_reported',
      'organisations_counted',
      'organisations_denominator_missing',
      'organisations_denominator_zero',
      'organisations_reporting',
      'prev_value_pct',
      'trajectory_pct',
      'value_basis',
      'value_pct',
      'year',
    ]);
    // the fixture: 4 territories × 5 organisations expected and reported every year
    expect(overview.coverage).toEqual(
      [2020, 2021, 2022, 2023, 2024].map((year) => ({
        year,
        organisations_reported: 20,
        organisations_expected: 20,
        territories_reported: 4,
        territories_total: 4,
      })),
    );
    expect(Object.keys(overview.territory[0]).sort()).toEqual([
      'indicator_id',
      'is_lagging',
      'numerator_reported',
      'organisations_counted',
      'organisations_denominator_missing',
      'organisations_denominator_zero',
      'organisations_reporting',
      'territory_id',
      'value_basis',
      'value_pct',
      'year',
    ]);
    const oo2024 = overview.region.find(
      (d: { indicator_id: string; year: number }) => d.indicator_id === 'oo_students_share' && d.year === 2024,
    );
    expect(oo2024.value_pct).toBeCloseTo(66.1, 10);
  });

  it('fails with a Russian message when there is no snapshot', () => {
    const result = runPagesLoader(emptyDir);
    expect(result.status).not.toBe(0);
    expect(result.stderr.toString()).toContain('Нет снимка витрин');
    expect(result.stderr.toString()).toContain('запустите npm run pipeline');
    expect(result.stdout.length).toBe(0);
  });
});

describe('loaders of «Муниципалитеты» and «Отстающие»', () => {
  let snapshotDir: string;
  let archive: SpawnSyncReturns<Buffer>;
  beforeAll(async () => {
    snapshotDir = await writeFixtureSnapshot();
    archive = runPagesLoader(snapshotDir);
  });
  afterAll(async () => {
    await rm(snapshotDir, { recursive: true, force: true });
  });

  it('territories.json ships one series per indicator × territory, aligned with the years', async () => {
    const data = await pageData(archive, 'territories.json');
    expect(data.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(data.territories.map((t: { territory_id: string }) => t.territory_id)).toEqual([
      'khabarovsk',
      'komsomolsk',
      'lazo',
      'regional',
    ]);
    expect(Object.keys(data.territories[0]).sort()).toEqual([
      'name',
      'short_name',
      'territory_id',
      'tile_col',
      'tile_row',
    ]);
    expect(data.series).toHaveLength(2 * 4);
    const oo = data.indicators.find((d: { indicator_id: string }) => d.indicator_id === 'oo_students_share');
    expect(oo.trajectory_pct).toEqual([10, 25, 40, 55, 70]);
    expect(oo.region_pct[4]).toBeCloseTo(66.1, 10);
    const komsomolsk = data.series.find(
      (s: { indicator_id: string; territory_id: string }) =>
        s.indicator_id === 'oo_students_share' && s.territory_id === 'komsomolsk',
    );
    expect(komsomolsk.value_pct).toEqual([10, 18, 36, 50, 60]);
    expect(komsomolsk.is_lagging).toEqual([false, true, true, true, true]);
    expect(komsomolsk.change_pp[0]).toBeNull();
    expect(komsomolsk.change_pp[4]).toBeCloseTo(10, 10);
  });

  it('lagging.json ships only the rows below the trajectory, with the years in a row', async () => {
    const data = await pageData(archive, 'lagging.json');
    const index = (id: string) => data.territories.findIndex((t: { territory_id: string }) => t.territory_id === id);
    const oo = data.lagging.territory.oo_students_share;
    // Комсомольск 60 % and Лазо 40 % against 70 %, both below since 2021 (2020 sits on the baseline)
    expect(oo[4]).toEqual([
      [index('komsomolsk'), 60, 4],
      [index('lazo'), 40, 4],
    ]);
    expect(oo[2]).toEqual([
      [index('komsomolsk'), 36, 2],
      [index('lazo'), 30, 2],
    ]);
    expect(oo[0]).toEqual([]);
    expect(data.indicators[0].trajectory_pct).toEqual([10, 25, 40, 55, 70]);
    expect(data.no_data.oo_students_share[4]).toEqual([]);
    expect(data.organisations).toEqual([]);
  });
});
