/** The page data an embed page reads: src/data/pages/<name>.json. */
export type EmbedData =
  'overview' | 'territories' | 'lagging' | 'forms' | 'org-types' | 'registry' | 'checklist' | 'quality';

/**
 * Every chart with an embed page: src/embed/[chart].md is built once per name (observablehq.config.ts lists them),
 * with the window's title and the page data given here; the chart's builder is in embed-slides.ts. Nothing is
 * imported, so the site's configuration can read the names.
 */
export const EMBED_CHARTS = {
  progress: { title: 'Все показатели — путь к цели', data: 'overview' },
  trend: { title: 'Показатель по годам', data: 'overview' },
  territories: { title: 'Муниципалитеты по показателю', data: 'overview' },
  map: { title: 'Картограмма края', data: 'territories' },
  territory: { title: 'Показатели муниципалитета', data: 'territories' },
  'territory-coverage': { title: 'Охват мониторинга муниципалитета', data: 'territories' },
  lagging: { title: 'Отстающие муниципалитеты', data: 'lagging' },
  forms: { title: 'Формы наставничества', data: 'forms' },
  'forms-dynamics': { title: 'Формы наставничества по годам', data: 'forms' },
  'forms-contribution': { title: 'Вклад форм наставничества', data: 'forms' },
  'org-types': { title: 'Показатель по типам организаций', data: 'org-types' },
  'org-types-territories': { title: 'Муниципалитеты × типы организаций', data: 'org-types' },
  registry: { title: 'Реестр наставников по годам', data: 'registry' },
  'registry-gap': { title: 'Реестр и отчёты организаций', data: 'registry' },
  checklist: { title: 'Чек-лист по краю', data: 'checklist' },
  'checklist-heatmap': { title: 'Чек-лист: муниципалитеты × критерии', data: 'checklist' },
  'checklist-database': { title: 'База наставников по муниципалитетам', data: 'checklist' },
  'quality-files': { title: 'Полученные файлы', data: 'quality' },
  'quality-coverage': { title: 'Кто не сдал форму', data: 'quality' },
} as const satisfies Record<string, { title: string; data: EmbedData }>;

export type EmbedChart = keyof typeof EMBED_CHARTS;
