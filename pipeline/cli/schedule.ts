import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from '../config.ts';
import { createLogger } from '../logging.ts';
import { exitCode } from '../run-pipeline.ts';
import { runScheduledPipeline, startScheduler } from '../scheduler/schedule.ts';
import { commandLine, earlyLogFormat, onStopSignals, reportFatal } from './common.ts';
import { type ServedSite, serveSite } from '../site/serve.ts';

const HELP = `Конвейер по расписанию: запуск по выражению cron в часовом поясе региона, не более одного одновременно;
после удачного запуска сайт пересобирается; по желанию сайт отдаётся по HTTP.

  npm run schedule -- [--config FILE] [--serve] [--once]

  --config FILE   файл настроек JSON (CONFIG_FILE); ключи — имена переменных окружения
  --serve         отдавать собранный сайт на SITE_HOST:SITE_PORT (SCHEDULE_SERVE=1)
  --once          выполнить один запуск сейчас и выйти с его кодом (0, 1 или 2)
  --help          эта справка

Настройки: SCHEDULE_CRON (по умолчанию «0 2 * * *» — ежедневно в 02:00), SCHEDULE_TIMEZONE (по умолчанию — пояс
региона из справочника, Asia/Vladivostok), SCHEDULE_BUILD_SITE (1 — пересобирать сайт в SITE_DIST_DIR),
SCHEDULE_SERVE, SITE_HOST, SITE_PORT, LOG_FORMAT; см. docs/operations.md, «Configuration».
Запуск, пришедший, пока идёт предыдущий (или npm run pipeline с тем же хранилищем), пропускается с записью в журнале.
SIGTERM или SIGINT: расписание останавливается, идущий запуск завершает текущий шаг, сервер закрывается, код 0.`;

const args = commandLine(
  { config: { type: 'string' }, serve: { type: 'boolean' }, once: { type: 'boolean' }, help: { type: 'boolean' } },
  HELP,
);

let config: Readonly<Config>;
try {
  config = loadConfig({ SCHEDULE_SERVE: args.serve ? '1' : undefined }, process.env, { configFile: args.config });
} catch (e) {
  reportFatal(`Планировщик не запущен: ${(e as Error).message}`, earlyLogFormat(), 'schedule');
  process.exit(2);
}

const logger = createLogger(config.LOG_FORMAT, { name: 'schedule' });
// The Russian summary of each run goes to stdout at a terminal or not (the log is on stderr), as docs/operations.md says.
const print = (text: string) => console.log(text);

if (args.once) {
  const controller = new AbortController();
  onStopSignals(
    (sig) => controller.abort(sig),
    () => {},
  );
  const summary = await runScheduledPipeline(config, { signal: controller.signal, logger, print }).catch((e: Error) => {
    logger.error(`run failed to start: ${e.message}`, { event: 'run_error' });
    return null;
  });
  process.exit(summary ? exitCode(summary) : 2);
}

let site: ServedSite | null = null;
async function serve(): Promise<void> {
  if (!config.SCHEDULE_SERVE) return;
  if (site) {
    site.reload();
    return;
  }
  if (!existsSync(path.join(config.SITE_DIST_DIR, 'index.html'))) {
    logger.warn(`the site is not built yet (${config.SITE_DIST_DIR}); it is served once a run builds it`, {
      event: 'serve',
    });
    return;
  }
  site = await serveSite({ distDir: config.SITE_DIST_DIR, host: config.SITE_HOST, port: config.SITE_PORT });
  logger.info(`serving the site on ${site.url}`, { event: 'serve', url: site.url });
}

try {
  await serve();
} catch (e) {
  reportFatal(`Планировщик не запущен: сайт не отдаётся — ${(e as Error).message}`, config.LOG_FORMAT, 'schedule');
  process.exit(2);
}

const scheduler = startScheduler({
  cron: config.SCHEDULE_CRON,
  timezone: config.SCHEDULE_TIMEZONE,
  logger,
  run: async (signal) => {
    const summary = await runScheduledPipeline(config, { signal, logger, print });
    if (summary?.site?.status === 'success')
      await serve().catch((e: Error) => logger.error(`serving the site failed: ${e.message}`, { event: 'serve' }));
    const next = scheduler.nextRun();
    if (next && !signal.aborted)
      logger.info(`next run at ${next.toISOString()}`, { event: 'next_run', next_run: next.toISOString() });
  },
});
const next = scheduler.nextRun();
logger.info(
  `schedule «${config.SCHEDULE_CRON}» in ${config.SCHEDULE_TIMEZONE}; next run at ${next?.toISOString() ?? '—'}`,
  {
    event: 'schedule',
    cron: config.SCHEDULE_CRON,
    timezone: config.SCHEDULE_TIMEZONE,
    next_run: next?.toISOString() ?? null,
    build_site: config.SCHEDULE_BUILD_SITE,
    warehouse: config.WAREHOUSE_PATH,
  },
);

onStopSignals(
  (sig) => {
    logger.info(`${sig}: stopping${scheduler.busy() ? ' after the current step of the run' : ''}`, {
      event: 'signal',
      signal: sig,
    });
    void (async () => {
      await scheduler.stop(sig);
      await site?.close();
      logger.info('stopped', { event: 'stopped' });
      process.exit(0);
    })();
  },
  () => logger.error('second signal: exiting now', { event: 'signal' }),
);
