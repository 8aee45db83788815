import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checklistData } from '../../src/data/checklist.ts';
import { formsData } from '../../src/data/forms.ts';
import { laggingData } from '../../src/data/lagging.ts';
import { metaData } from '../../src/data/meta.ts';
import { orgTypesData } from '../../src/data/org-types.ts';
import { overviewData } from '../../src/data/overview.ts';
import { qualityData } from '../../src/data/quality.ts';
import { registryData } from '../../src/data/registry.ts';
import { territoriesData } from '../../src/data/territories.ts';
import { territoryPage } from '../../src/data/territory-page.ts';
import { overviewView } from '../../src/components/overview-view.ts';
import {
  arbitrarySnapshot,
  describeSnapshot,
  type Snapshot,
  removeWrittenSnapshots,
  writeSnapshot,
} from '../fixtures/arbitrary-snapshot.ts';
import { expectNoBrokenText, silenceStderr } from './helpers.ts';

// Every page's shaping module (the members of src/data/pages.zip.ts, and territoryPage for each territory) and the
// words of «Обзор» (overviewView) on generated snapshots: no exception, no broken text in what they produce. The
// snapshot reaches the modules the way it reaches the site: files in a folder named by SNAPSHOT_DIR (a new folder per
// case, since readSnapshot caches by file path).

/** pages.zip.ts's members, without chart-font.json (it reads the font package, not the snapshot). */
const PAGES: Record<string, () => unknown> = {
  'meta.json': metaData,
  'overview.json': overviewData,
  'territories.json': territoriesData,
  'lagging.json': laggingData,
  'org-types.json': orgTypesData,
  'forms.json': formsData,
  'registry.json': registryData,
  'checklist.json': checklistData,
  'quality.json': qualityData,
};

/** Runs `fn`, naming the module and the snapshot's shape when it throws. */
function run<T>(s: Snapshot, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${what} threw on a snapshot [${describeSnapshot(s)}]: ${(error as Error).stack ?? error}`);
  }
}

/** Numbers that JSON would turn into null: NaN and ±Infinity in what a module returns. */
function nonFinite(value: unknown, at = '$'): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${at} = ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinite(value[i], `${at}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nonFinite(v, `${at}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/** A page's data exactly as the archive carries it (JSON text parsed back); no NaN or Infinity silently nulled. */
function pageJson(s: Snapshot, name: string): unknown {
  const raw = run(s, name, PAGES[name]!);
  const bad = nonFinite(raw);
  if (bad) throw new Error(`${name} on [${describeSnapshot(s)}]: a non-finite number (JSON writes it as null): ${bad}`);
  return JSON.parse(JSON.stringify(raw));
}

const savedDir = process.env.SNAPSHOT_DIR;
beforeAll(() => silenceStderr());
afterAll(() => {
  removeWrittenSnapshots();
  if (savedDir === undefined) delete process.env.SNAPSHOT_DIR;
  else process.env.SNAPSHOT_DIR = savedDir;
});

describe('data modules on generated snapshots', () => {
  for (const name of Object.keys(PAGES)) {
    it(`${name}: no exception, no broken text`, () => {
      fc.assert(
        fc.property(arbitrarySnapshot, ({ snapshot }) => {
          process.env.SNAPSHOT_DIR = writeSnapshot(snapshot);
          const json = pageJson(snapshot, name);
          expectNoBrokenText(`${name} [${describeSnapshot(snapshot)}]`, json);
        }),
      );
    });
  }

  it('territory/<id>.json (territoryPage) for every territory: no exception, no broken text', () => {
    fc.assert(
      fc.property(arbitrarySnapshot, ({ snapshot }) => {
        process.env.SNAPSHOT_DIR = writeSnapshot(snapshot);
        for (const { territory_id } of snapshot.ref_territories) {
          const raw = run(snapshot, `territoryPage(${territory_id})`, () => territoryPage(territory_id));
          const bad = nonFinite(raw);
          if (bad)
            throw new Error(
              `territoryPage(${territory_id}) on [${describeSnapshot(snapshot)}]: a non-finite number: ${bad}`,
            );
          const json = JSON.parse(JSON.stringify(raw));
          expectNoBrokenText(`territoryPage(${territory_id}) [${describeSnapshot(snapshot)}]`, json);
        }
      }),
    );
  });

  it('overviewView (the words of «Обзор») for every indicator × year: no exception, no broken text', () => {
    fc.assert(
      fc.property(arbitrarySnapshot, ({ snapshot }) => {
        process.env.SNAPSHOT_DIR = writeSnapshot(snapshot);
        // what the page gets: overview.json as JSON
        const data = pageJson(snapshot, 'overview.json') as Parameters<typeof overviewView>[0];
        const indicatorIds = [null, ...data.indicators.map((i) => i.indicator_id)];
        // the page's year selector offers data.years; with none it still shows the latest year it knows of (none): try 2024
        const years = data.years.length > 0 ? data.years : [2024];
        for (const indicatorId of indicatorIds) {
          for (const year of years) {
            const view = run(snapshot, `overviewView(${indicatorId}, ${year})`, () =>
              overviewView(data, { indicatorId, year }),
            );
            expectNoBrokenText(`overviewView(${indicatorId}, ${year}) [${describeSnapshot(snapshot)}]`, {
              ...view,
              indicator: null,
            });
          }
        }
      }),
    );
  });
});
