import { buildSite } from '../site/build-site.ts';

// `npm run build`: the static site from the marts snapshot (SNAPSHOT_DIR) into SITE_DIST_DIR.
buildSite().then(
  ({ distDir, durationMs, releases }) =>
    console.log(
      `Сайт собран за ${(durationMs / 1000).toFixed(1)} с: ${distDir}` +
        (releases.length ? `; выпуски (releases/<выпуск>/): ${releases.join(', ')}` : ''),
    ),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
