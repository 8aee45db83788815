// Observable Framework settings: offline by design (no Google Fonts, no CDN, no external icon).
export default {
  title: "Наставничество·Мониторинг",
  root: "src",
  output: process.env.SITE_DIST_DIR ?? "dist",
  lang: "ru",
  pages: [{ name: "Обзор", path: "/" }],
  style: "style.css",
  globalStylesheets: [],
  head: '<link rel="icon" href="data:,">',
  header: "",
  footer: "Наставничество·Мониторинг — мониторинг региональной целевой модели наставничества. Данные — из снимка витрин хранилища.",
  toc: false,
  pager: false,
  search: false
};
