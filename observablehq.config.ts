// Observable Framework settings: offline by design (no Google Fonts, no CDN, no external icon).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EMBED_CHARTS } from './src/components/embed-charts.ts';

// One page per territory of the snapshot (src/territory/[territory].md); the snapshot is the site's only input.
const snapshotDir = path.resolve(import.meta.dirname, process.env.SNAPSHOT_DIR ?? 'data/snapshot');
const territoriesFile = path.join(snapshotDir, 'ref_territories.json');
const territoryIds: string[] = existsSync(territoriesFile)
  ? (JSON.parse(readFileSync(territoriesFile, 'utf-8')) as Array<{ territory_id: string }>).map((t) => t.territory_id)
  : [];

export default {
  title: 'Наставничество·Мониторинг',
  root: 'src',
  output: process.env.SITE_DIST_DIR ?? 'dist',
  lang: 'ru',
  pages: [
    { name: 'Обзор', path: '/' },
    { name: 'Муниципалитеты', path: '/territories' },
    { name: 'Отстающие', path: '/lagging' },
    { name: 'Типы организаций', path: '/org-types' },
    { name: 'Формы наставничества', path: '/forms' },
    { name: 'Реестр наставников', path: '/registry' },
    { name: 'Чек-лист', path: '/checklist' },
    { name: 'Качество данных', path: '/quality' },
    { name: 'Изменения после выпуска', path: '/changes' },
  ],
  // one embed page per chart (src/embed/[chart].md)
  dynamicPaths: [
    ...territoryIds.map((id) => `/territory/${id}`),
    ...Object.keys(EMBED_CHARTS).map((c) => `/embed/${c}`),
  ],
  style: 'style.css',
  globalStylesheets: [],
  head: '<link rel="icon" href="data:,">',
  header: '',
  footer:
    'Наставничество·Мониторинг — мониторинг региональной целевой модели наставничества. Данные — из снимка витрин хранилища.',
  toc: false,
  pager: false,
  search: false,
};
