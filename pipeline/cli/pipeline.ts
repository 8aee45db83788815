import { type Config, loadConfig } from '../config.ts';
import { createLogger, summaryFields } from '../logging.ts';
import { acquireRunLock, RunLockedError } from '../run-lock.ts';
import { describeSummary, exitCode, runPipeline } from '../run-pipeline.ts';
import { commandLine, earlyLogFormat, onStopSignals, reportFatal } from './common.ts';

const HELP = `Запуск конвейера: входящие файлы и реестр → проверка → хранилище → витрины и проверки данных → снимок для сайта
(→ сайт с --build-site).

  npm run pipeline -- [--inbox DIR] [--db FILE] [--archive DIR] [--snapshot DIR] [--synthetic] [--build-site] [--config FILE]
  npm run pipeline -- --reprocess [--rejected] [--since ДАТА] [--file SHA256]

  --inbox DIR      папка входящих файлов (INBOX_DIR, по умолчанию data/inbox)
  --db FILE        файл хранилища DuckDB (WAREHOUSE_PATH, по умолчанию data/warehouse.duckdb)
  --archive DIR    архив полученных файлов (ARCHIVE_DIR, по умолчанию data/archive)
  --snapshot DIR   снимок витрин для сайта (SNAPSHOT_DIR, по умолчанию data/snapshot)
  --synthetic      пометить данные как синтетические (DATA_IS_SYNTHETIC=1)
  --build-site     последним шагом пересобрать сайт в SITE_DIST_DIR (по умолчанию dist)
  --config FILE    файл настроек JSON (CONFIG_FILE); ключи — имена переменных окружения
  --reprocess      после входящих перечитать архив с текущими справочниками и правилами (например, после нового
                   псевдонима муниципалитета): файл сохраняет время получения, архив не меняется
  --rejected       с --reprocess: только отклонённые целиком или частично файлы
  --since ДАТА     с --reprocess: только полученные начиная с этой даты (ГГГГ-ММ-ДД, с 00:00 UTC)
  --file SHA256    с --reprocess: один файл (SHA-256 или его начало, не меньше 8 знаков)
  --help           эта справка

Реестр наставников загружается, если задан REGISTRY_URL (см. docs/registry.md).
Одновременно с одним хранилищем работает один запуск: второй завершается с кодом 2 и называет PID первого.
Журнал — в stderr (JSON-строки, или шаги и индикатор на терминале; LOG_FORMAT), итог — в stdout.
SIGINT (Ctrl+C) или SIGTERM: текущий шаг завершается, остальные не выполняются; второй сигнал — немедленный выход.

Коды завершения: 0 — успешно, 1 — часть файлов или организаций отклонена, реестр не загружен или сайт не собран
(остальное загружено), 2 — сбой, прерывание или конвейер уже выполняется.`;

const args = commandLine(
  {
    inbox: { type: 'string' },
    db: { type: 'string' },
    archive: { type: 'string' },
    snapshot: { type: 'string' },
    synthetic: { type: 'boolean' },
    'build-site': { type: 'boolean' },
    config: { type: 'string' },
    reprocess: { type: 'boolean' },
    rejected: { type: 'boolean' },
    since: { type: 'string' },
    file: { type: 'string' },
    help: { type: 'boolean' },
  },
  HELP,
);

if (!args.reprocess && (args.rejected || args.since !== undefined || args.file !== undefined)) {
  reportFatal(
    '--rejected, --since и --file задают, что перечитать: укажите и --reprocess.',
    earlyLogFormat(),
    'pipeline',
  );
  process.exit(2);
}
const since = args.since === undefined ? undefined : new Date(`${args.since}T00:00:00Z`);
if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(args.since!) || Number.isNaN(since.getTime()))) {
  reportFatal(`--since «${args.since}» не распознана: нужна дата ГГГГ-ММ-ДД`, earlyLogFormat(), 'pipeline');
  process.exit(2);
}

let config: Readonly<Config>;
try {
  config = loadConfig(
    {
      INBOX_DIR: args.inbox,
      WAREHOUSE_PATH: args.db,
      ARCHIVE_DIR: args.archive,
      SNAPSHOT_DIR: args.snapshot,
      DATA_IS_SYNTHETIC: args.synthetic ? '1' : undefined,
    },
    process.env,
    { configFile: args.config },
  );
} catch (e) {
  reportFatal(`Конвейер не запущен: ${(e as Error).message}`, earlyLogFormat(), 'pipeline');
  process.exit(2);
}

const logger = createLogger(config.LOG_FORMAT, { name: 'pipeline' });
let lock;
try {
  lock = await acquireRunLock(config.WAREHOUSE_PATH, { command: 'pipeline', log: (line) => logger.warn(line) });
} catch (e) {
  const holder = e instanceof RunLockedError ? { holder: e.holder } : {};
  reportFatal(
    e instanceof RunLockedError ? e.message : `Конвейер не запущен: ${(e as Error).message}`,
    config.LOG_FORMAT,
    'pipeline',
    holder,
  );
  process.exit(2);
}

const controller = new AbortController();
onStopSignals(
  (sig) => {
    logger.warn(`${sig}: finishing the current step, then stopping`, { event: 'signal', signal: sig });
    controller.abort(sig);
  },
  () => logger.error('second signal: exiting now', { event: 'signal' }),
);

let code: 0 | 1 | 2;
try {
  const summary = await runPipeline(config, {
    ...logger.runHooks(),
    signal: controller.signal,
    buildSite: args['build-site'] ?? false,
    ...(args.reprocess
      ? { reprocess: { rejected: args.rejected ?? false, since, sha: args.file?.toLowerCase() } }
      : {}),
  });
  logger.close();
  if (logger.format === 'json') logger.info('run finished', summaryFields(summary));
  console.log(describeSummary(summary));
  code = exitCode(summary);
} catch (e) {
  // Failures before a run could start: reference files, an unreadable or locked warehouse.
  logger.close();
  reportFatal(`Конвейер не запущен: ${e instanceof Error ? e.message : String(e)}`, config.LOG_FORMAT, 'pipeline');
  code = 2;
} finally {
  await lock.release();
}
process.exit(code);
