import { loadConfig } from '../config.ts';
import { serveSite } from '../site/serve.ts';

// `npm run serve`: the built site (SITE_DIST_DIR) on SITE_HOST:SITE_PORT until Ctrl+C or SIGTERM.
const config = loadConfig();
serveSite({ distDir: config.SITE_DIST_DIR, host: config.SITE_HOST, port: config.SITE_PORT }).then(
  ({ url, close }) => {
    console.log(`Сайт доступен по адресу ${url} (Ctrl+C — остановить)`);
    const stop = () => void close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
