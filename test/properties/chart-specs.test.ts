// @vitest-environment happy-dom
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
import type { ChartExportSpec, SourceMeta } from '../../src/components/chart-export.ts';
import * as detail from '../../src/components/detail-slides.ts';
import * as overview from '../../src/components/overview-slides.ts';
import * as slides from '../../src/components/slide-charts.ts';
import { type SlideParams, SlideParamError } from '../../src/components/slide-params.ts';
import {
  describeSnapshot,
  type Snapshot,
  snapshotOf,
  worldArb,
  removeWrittenSnapshots,
  writeSnapshot,
} from '../fixtures/arbitrary-snapshot.ts';
import { brokenText, expectNoBrokenText, expectRussianMessage, runs, silenceStderr, stubCanvas } from './helpers.ts';

// Every chart spec builder (every exported …Slide of slide-charts.ts, overview-slides.ts and detail-slides.ts) on the
// page data the loaders make of generated snapshots, with default parameters and with parameters picked from the
// data (and now and then one that names nothing, as a hand-edited embed URL would): it either builds a spec or
// throws SlideParamError with a whole Russian sentence; the spec's texts are whole; `draw(640)` under happy-dom (every
// other time `draw(888, 360)`, as a slide's frame draws) gives an element whose text is whole and whose <rect>s have
// no negative (or NaN) width or height.

const NUM_RUNS = runs(100);

type PageName =
  | 'overview'
  | 'territories'
  | 'lagging'
  | 'forms'
  | 'org-types'
  | 'registry'
  | 'checklist'
  | 'quality'
  | 'territory-page';
type Builder = (data: never, meta: SourceMeta, params: SlideParams, root?: string) => ChartExportSpec;

const BUILDERS: Record<string, { page: PageName; build: Builder }> = {
  progressSlide: { page: 'overview', build: overview.progressSlide as Builder },
  trendSlide: { page: 'overview', build: overview.trendSlide as Builder },
  territoriesSlide: { page: 'overview', build: overview.territoriesSlide as Builder },
  mapSlide: { page: 'territories', build: slides.mapSlide as Builder },
  territorySlide: { page: 'territories', build: slides.territorySlide as Builder },
  laggingSlide: { page: 'lagging', build: slides.laggingSlide as Builder },
  formSharesSlide: { page: 'forms', build: slides.formSharesSlide as Builder },
  formTrendSlide: { page: 'forms', build: slides.formTrendSlide as Builder },
  formDynamicsSlide: { page: 'forms', build: slides.formDynamicsSlide as Builder },
  formContributionSlide: { page: 'forms', build: slides.formContributionSlide as Builder },
  orgTypesTrendSlide: { page: 'org-types', build: detail.orgTypesTrendSlide as Builder },
  orgTypesTerritoriesSlide: { page: 'org-types', build: detail.orgTypesTerritoriesSlide as Builder },
  registryTrendSlide: { page: 'registry', build: detail.registryTrendSlide as Builder },
  registryGapSlide: { page: 'registry', build: detail.registryGapSlide as Builder },
  checklistSlide: { page: 'checklist', build: detail.checklistSlide as Builder },
  checklistHeatmapSlide: { page: 'checklist', build: detail.checklistHeatmapSlide as Builder },
  checklistDatabaseSlide: { page: 'checklist', build: detail.checklistDatabaseSlide as Builder },
  qualityFilesSlide: { page: 'quality', build: detail.qualityFilesSlide as Builder },
  qualityCoverageSlide: { page: 'quality', build: detail.qualityCoverageSlide as Builder },
  territoryCoverageSlide: { page: 'territories', build: detail.territoryCoverageSlide as Builder },
  'territoryCoverageSlide (territory page)': {
    page: 'territory-page',
    build: detail.territoryCoverageSlide as Builder,
  },
};

const LOADERS: Record<Exclude<PageName, 'territory-page'>, () => unknown> = {
  overview: overviewData,
  territories: territoriesData,
  lagging: laggingData,
  forms: formsData,
  'org-types': orgTypesData,
  registry: registryData,
  checklist: checklistData,
  quality: qualityData,
};

/** A page's data as the browser gets it (JSON); the territory page's as its markdown hands it to the builder. */
function pageData(s: Snapshot, page: PageName, territoryIndex: number): unknown {
  if (page === 'territory-page') {
    const t = s.ref_territories[territoryIndex % s.ref_territories.length]!;
    const data = JSON.parse(JSON.stringify(territoryPage(t.territory_id)));
    return {
      territories: [data.territory],
      coverage: data.coverage.map((c: object) => ({ ...c, territory_id: data.territory.territory_id })),
    };
  }
  return JSON.parse(JSON.stringify(LOADERS[page]()));
}

// ——— parameters: absent (the default), one picked from the page's data by index, or one that names nothing ———

type Pick = null | 'bogus' | { i: number };
const pickArb: fc.Arbitrary<Pick> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 5, arbitrary: fc.nat({ max: 9 }).map((i) => ({ i })) },
  { weight: 1, arbitrary: fc.constant('bogus' as const) },
);
const paramsArb = fc.record({
  indicator: pickArb,
  year: pickArb,
  territory: pickArb,
  type: pickArb,
  form: pickArb,
  /** «Типы организаций» takes several types: OO,SPO */
  twoTypes: fc.boolean(),
  color: fc.constantFrom(null, 'value', 'lagging'),
  measure: fc.constantFrom(null, 'share', 'mentees', 'mentors', 'enterprises', 'nope'),
  threshold: fc.constantFrom(null, 0, 50, 100, 150, Number.NaN),
});
type GeneratedParams = typeof paramsArb extends fc.Arbitrary<infer P> ? P : never;

function resolve<T>(pick: Pick, items: readonly T[] | undefined, bogus: T): T | null {
  if (pick == null) return null;
  if (pick === 'bogus' || !items || items.length === 0) return bogus;
  return items[pick.i % items.length]!;
}

/** The URL parameters an embed page of this data could get. */
function paramsFor(data: Record<string, unknown>, g: GeneratedParams): SlideParams {
  const ids = <T>(list: unknown, key: string) =>
    Array.isArray(list) ? list.map((d) => (d as Record<string, T>)[key]!) : undefined;
  const types = ids<string>(data.org_types, 'org_type_id');
  let type = resolve(g.type, types, 'XX');
  if (type && type !== 'XX' && g.twoTypes && types && types.length > 1)
    type = `${type},${types.find((t) => t !== type)}`;
  const coverageYears = Array.isArray(data.coverage)
    ? [...new Set(data.coverage.map((c: { year: number }) => c.year))]
    : undefined;
  return {
    indicator: resolve(g.indicator, ids<string>(data.indicators, 'indicator_id'), 'нет_такого'),
    year: resolve(
      g.year,
      (data.years as number[] | undefined) ?? coverageYears,
      g.year === 'bogus' ? 2019 : Number.NaN,
    ),
    territory: resolve(g.territory, ids<string>(data.territories, 'territory_id'), 'atlantis'),
    type,
    form: resolve(g.form, ids<string>(data.forms, 'form_id'), 'no_form'),
    color: g.color,
    measure: g.measure,
    threshold: g.threshold,
  };
}

/** The problems of a drawn chart: broken text, rects with a negative or NaN size. */
function drawnProblems(el: Element, size: string): string[] {
  const problems: string[] = [];
  const text = el.textContent ?? '';
  const broken = brokenText(text);
  if (broken) problems.push(`${size} text: ${broken}`);
  for (const rect of el.querySelectorAll('rect')) {
    for (const attr of ['width', 'height']) {
      const value = rect.getAttribute(attr);
      if (value == null) continue;
      const n = Number.parseFloat(value);
      if (Number.isNaN(n) || n < 0) problems.push(`${size}: <rect ${attr}="${value}">`);
    }
  }
  // attributes: a coordinate or a transform of NaN, a class or a label of undefined
  for (const node of [el, ...el.querySelectorAll('*')]) {
    for (const { name, value } of Array.from(node.attributes)) {
      if (name === 'href' || name === 'xlink:href' || name === 'src') continue;
      const broken = brokenText(value);
      if (broken) problems.push(`${size}: <${node.tagName.toLowerCase()} ${name}="${value.slice(0, 120)}">`);
    }
  }
  return problems;
}

/** How often each builder drew a chart, refused with SlideParamError: the properties must reach the drawing. */
const outcomes = new Map<string, { drawn: number; refused: number }>();
const tally = (name: string, key: 'drawn' | 'refused') => {
  const o = outcomes.get(name) ?? { drawn: 0, refused: 0 };
  o[key] += 1;
  outcomes.set(name, o);
};

let checks = 0;

/**
 * Builds and draws one chart; throws naming the builder, params and snapshot when a property fails. Every other
 * check draws as a slide's frame does (a width and the room it has: rows closer, forms summed), the rest as a page.
 */
function check(name: string, build: Builder, data: unknown, meta: SourceMeta, params: SlideParams, s: Snapshot): void {
  const where = `${name}(${JSON.stringify(params)}) on [${describeSnapshot(s)}]`;
  let spec: ChartExportSpec;
  try {
    spec = build(data as never, meta, params, './');
  } catch (error) {
    if (error instanceof SlideParamError) {
      expectRussianMessage(`${where}: SlideParamError`, error.message);
      tally(name, 'refused');
      return;
    }
    throw new Error(`${where} threw ${(error as Error).name}: ${(error as Error).message}\n${(error as Error).stack}`);
  }
  const { draw, ...texts } = spec;
  expectNoBrokenText(where, texts);
  const frame = checks++ % 2 === 1;
  const size = frame ? 'draw(888, 360)' : 'draw(640)';
  let el: Element;
  try {
    el = frame ? draw(888, 360) : draw(640);
  } catch (error) {
    if (error instanceof SlideParamError) {
      expectRussianMessage(`${where}: draw SlideParamError`, error.message);
      tally(name, 'refused');
      return;
    }
    throw new Error(
      `${where}: ${size} threw ${(error as Error).name}: ${(error as Error).message}\n${(error as Error).stack}`,
    );
  }
  tally(name, 'drawn');
  const problems = drawnProblems(el, size);
  if (problems.length > 0) throw new Error(`${where}: ${problems.slice(0, 3).join('; ')}`);
}

const savedDir = process.env.SNAPSHOT_DIR;
beforeAll(() => {
  silenceStderr();
  stubCanvas();
});
afterAll(() => {
  removeWrittenSnapshots();
  if (savedDir === undefined) delete process.env.SNAPSHOT_DIR;
  else process.env.SNAPSHOT_DIR = savedDir;
});

describe('chart specs on generated snapshots (happy-dom)', () => {
  it('covers every exported …Slide builder', () => {
    const exported = [...Object.keys(slides), ...Object.keys(overview), ...Object.keys(detail)].filter((k) =>
      k.endsWith('Slide'),
    );
    const missing = exported.filter((k) => !(k in BUILDERS));
    if (missing.length > 0) throw new Error(`builders not under test: ${missing.join(', ')}`);
  });

  for (const [name, { page, build }] of Object.entries(BUILDERS)) {
    it(`${name}: a spec with whole texts and a sound drawing, or a Russian SlideParamError`, () => {
      fc.assert(
        fc.property(worldArb, paramsArb, fc.nat({ max: 5 }), (world, generated, territoryIndex) => {
          const s = snapshotOf(world);
          process.env.SNAPSHOT_DIR = writeSnapshot(s);
          const meta = JSON.parse(JSON.stringify(metaData())) as SourceMeta;
          const data = pageData(s, page, territoryIndex) as Record<string, unknown>;
          check(name, build, data, meta, {}, s);
          check(name, build, data, meta, paramsFor(data, generated), s);
        }),
        { numRuns: NUM_RUNS },
      );
      // the cases reach the drawing, not only the refusals
      const o = outcomes.get(name);
      if (!o || o.drawn < 10)
        throw new Error(
          `${name}: only ${o?.drawn ?? 0} charts drawn (${o?.refused ?? 0} refused): the arbitrary does not reach it`,
        );
    });
  }
});
