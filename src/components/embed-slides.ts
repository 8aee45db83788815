import type { ChartExportSpec, SourceMeta } from './chart-export.js';
import {
  checklistDatabaseSlide,
  checklistHeatmapSlide,
  checklistSlide,
  orgTypesTerritoriesSlide,
  orgTypesTrendSlide,
  qualityCoverageSlide,
  qualityFilesSlide,
  registryGapSlide,
  registryTrendSlide,
  territoryCoverageSlide,
} from './detail-slides.js';
import type { EmbedChart } from './embed-charts.js';
import {
  formContributionSlide,
  formDynamicsSlide,
  formSharesSlide,
  formTrendSlide,
  laggingSlide,
  mapSlide,
  progressSlide,
  territoriesSlide,
  territorySlide,
  trendSlide,
} from './slide-charts.js';
import type { SlideParams } from './slide-params.js';

/** A chart's slide from its page data (as loaded, so not yet typed), the snapshot's meta and the address's parameters. */
export type EmbedSlide = (data: unknown, meta: SourceMeta, params: SlideParams, root: string) => ChartExportSpec;

/** A builder taking its own page data's type, as an EmbedSlide: the page data is the one EMBED_CHARTS names. */
const slide =
  <T>(build: (data: T, meta: SourceMeta, params: SlideParams, root: string) => ChartExportSpec): EmbedSlide =>
  (data, meta, params, root) =>
    build(data as T, meta, params, root);

/** The builder of each embed page's chart: the same the page's «SVG» button and `npm run slides` use. */
export const EMBED_SLIDES: Record<EmbedChart, EmbedSlide> = {
  progress: slide(progressSlide),
  trend: slide(trendSlide),
  territories: slide(territoriesSlide),
  map: slide(mapSlide),
  territory: slide(territorySlide),
  'territory-coverage': slide(territoryCoverageSlide),
  lagging: slide(laggingSlide),
  // one form's share by year when the address names a form, every form's share in a year otherwise
  forms: slide<Parameters<typeof formSharesSlide>[0]>((data, meta, params, root) =>
    (params.form == null ? formSharesSlide : formTrendSlide)(data, meta, params, root),
  ),
  'forms-dynamics': slide(formDynamicsSlide),
  'forms-contribution': slide(formContributionSlide),
  'org-types': slide(orgTypesTrendSlide),
  'org-types-territories': slide(orgTypesTerritoriesSlide),
  registry: slide(registryTrendSlide),
  'registry-gap': slide(registryGapSlide),
  checklist: slide(checklistSlide),
  'checklist-heatmap': slide(checklistHeatmapSlide),
  'checklist-database': slide(checklistDatabaseSlide),
  'quality-files': slide(qualityFilesSlide),
  'quality-coverage': slide(qualityCoverageSlide),
};
