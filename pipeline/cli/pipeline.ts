import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { describeSummary, exitCode, runPipeline } from '../run-pipeline.ts';

const HELP = `Запуск конвейера: входящие файлы → хранилище → витрины → снимок для сайта.

  npm run pipeline -- [--inbox DIR] [--db FILE] [--archive DIR] [--snapshot DIR] [--synthetic]

  --inbox DIR      папка входящих файлов (INBOX_DIR, по умолчанию data/inbox)
  --db FILE        файл хранилища DuckDB (WAREHOUSE_PATH, по умолчанию data/warehouse.duckdb)
  --archive DIR    архив полученных файлов (ARCHIVE_DIR, по умолчанию data/archive)
  --snapshot DIR   снимок витрин для сайта (SNAPSHOT_DIR, по умолчанию data/snapshot)
  --synthetic      пометить данные как синтетические (DATA_IS_SYNTHETIC=1)
  --help           эта справка

Реестр наставников загружается, если задан REGISTRY_URL (см. README, «Registry of mentors»).

Коды завершения: 0 — успешно, 1 — часть файлов или организаций отклонена или реестр не загружен, 2 — сбой.`;

const { values } = parseArgs({
  options: {
    inbox: { type: 'string' },
    db: { type: 'string' },
    archive: { type: 'string' },
    snapshot: { type: 'string' },
    synthetic: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
try {
  const config = loadConfig({
    INBOX_DIR: values.inbox,
    WAREHOUSE_PATH: values.db,
    ARCHIVE_DIR: values.archive,
    SNAPSHOT_DIR: values.snapshot,
    DATA_IS_SYNTHETIC: values.synthetic ? '1' : undefined,
  });
  const summary = await runPipeline(config, { log: (line) => console.error(line) });
  console.log(describeSummary(summary));
  process.exit(exitCode(summary));
} catch (e) {
  // Failures before a run could start: settings, reference files, an unreadable or locked warehouse.
  console.error(`Конвейер не запущен: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
