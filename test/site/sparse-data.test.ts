import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistData } from '../../src/data/checklist.ts';
import { orgTypesData } from '../../src/data/org-types.ts';
import { qualityData } from '../../src/data/quality.ts';
import { registryData } from '../../src/data/registry.ts';
import { checklistAbsence, checklistDefaultYear } from '../../src/components/checklist-heatmap.ts';
import { yearsPhrase } from '../../src/components/empty-note.ts';
import { reportedCounts, shareAbsence } from '../../src/components/org-type-trend.ts';
import { registryAbsence } from '../../src/components/registry-table.ts';
import { writeFixtureSnapshot } from './fixture-snapshot.ts';

// A sparse collection, as real ones are: years with forms, but no checklist, no registry and no shares. The pages'
// data modules take their years from meta, and the sentences the pages print say what is missing and why.

const BROKEN = /\b(null|undefined|NaN|Infinity)\b/;

describe("sparse snapshot: pages' data and their Russian empty states", () => {
  let dir: string;
  const previous = process.env.SNAPSHOT_DIR;
  beforeAll(async () => {
    dir = await writeFixtureSnapshot();
    // the fixture's empty tables stand for a collection with no checklist and a registry that was never synced
    await writeFile(
      path.join(dir, 'ops_runs.json'),
      JSON.stringify([
        {
          run_id: 'r1',
          started_at: '2026-11-22T04:00:00.000Z',
          finished_at: '2026-11-22T04:01:00.000Z',
          status: 'success',
          files_seen: 0,
          files_loaded: 0,
          files_rejected: 0,
          files_skipped: 0,
          error: null,
        },
      ]),
    );
    await writeFile(
      path.join(dir, 'ops_run_steps.json'),
      JSON.stringify([
        {
          run_id: 'r1',
          step: 'registry',
          started_at: '2026-11-22T04:00:10.000Z',
          finished_at: '2026-11-22T04:00:11.000Z',
          status: 'skipped',
          detail: JSON.stringify({ reason: 'не задан REGISTRY_URL' }),
        },
      ]),
    );
    process.env.SNAPSHOT_DIR = dir;
  });
  afterAll(async () => {
    if (previous == null) delete process.env.SNAPSHOT_DIR;
    else process.env.SNAPSHOT_DIR = previous;
    await rm(dir, { recursive: true, force: true });
  });

  it("checklist: years from meta, none with a checklist, and the page's sentence says so", () => {
    const data = checklistData();
    expect(data.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(data.checklist_years).toEqual([]);
    expect(checklistDefaultYear(data.years, data.checklist_years)).toBe(2024);
    const text = checklistAbsence(data.years, data.checklist_years, 2024, null, false);
    expect(text).toBe('Чек-лист за 2020–2024 годы не присылала ни одна организация.');
    expect(checklistAbsence(data.years, [2022], 2024, null, false)).toBe(
      'Чек-лист за 2024 год не присылала ни одна организация; он есть за 2022 год.',
    );
    expect(checklistAbsence([], [], null, null, false)).toMatch(/не принято ни одной формы/);
  });

  it("registry: not loaded, and why (the latest run's step)", () => {
    const data = registryData();
    expect(data.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(data.status).toEqual({
      loaded: false,
      last_success_at: null,
      last_step: { status: 'skipped', reason: 'не задан REGISTRY_URL' },
    });
    expect(registryAbsence(data.status)).toBe(
      'Реестр наставников не загружался: не задан адрес реестра (REGISTRY_URL).',
    );
    expect(
      registryAbsence({ loaded: false, last_success_at: null, last_step: { status: 'failed', reason: 'HTTP 503' } }),
    ).toBe('Реестр наставников не загружался: последняя попытка не удалась (HTTP 503).');
    expect(registryAbsence({ ...data.status, loaded: true })).toBeNull();
  });

  it('org types: years from meta; a missing share names its denominator', () => {
    const data = orgTypesData();
    expect(data.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    for (const indicator of data.indicators) expect(indicator).toHaveProperty('denominator_genitive');
    expect(shareAbsence({ value_pct: null, numerator: null, denominator: null }, 'численности обучающихся')).toBe(
      'доля не рассчитана — нет численности обучающихся',
    );
    expect(shareAbsence({ value_pct: null, organisations_reporting: 0 }, 'численности обучающихся')).toMatch(
      /^нет данных/,
    );
    expect(shareAbsence(undefined, null)).not.toMatch(BROKEN);
    expect(shareAbsence({ value_pct: 12.5 }, null)).toBeNull();
    expect(
      reportedCounts(
        { value_pct: null, numerator_reported: 152, organisations_reporting: 5 },
        'Наставляемые обучающиеся',
      ),
    ).toBe('указано: наставляемые обучающиеся — 152 (организаций: 5)');
    expect(reportedCounts({ value_pct: null, numerator_reported: null }, 'Наставляемые обучающиеся')).toBe('');
  });

  it('quality: the registry never synced has a row saying why; the inbox that never loaded says so', () => {
    const data = qualityData();
    const inbox = data.sources.find((s) => s.source === 'inbox');
    expect(inbox).toMatchObject({ last_at: null, note: 'ни один файл ещё не принят' });
    expect(data.sources.find((s) => s.source === 'mentors_registry')).toMatchObject({
      last_at: null,
      note: 'не загружался: не задан REGISTRY_URL',
    });
    expect(data.files_total).toBe(0);
  });

  it('years in a sentence', () => {
    expect(yearsPhrase([2021, 2022])).toBe('2021–2022 годы');
    expect(yearsPhrase([2024])).toBe('2024 год');
    expect(yearsPhrase([2019, 2021, 2023])).toBe('2019, 2021 и 2023 годы');
  });
});
