import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { RunLockedError, withRunLock } from '../run-lock.ts';
import { describeSummary, runPipeline } from '../run-pipeline.ts';
import { generateSample } from '../sample/generate.ts';
import { readSampleRegistry, type RegistryServer, startRegistryServer } from '../sample/registry-server.ts';
import { buildSite } from '../site/build-site.ts';
import { serveSite } from '../site/serve.ts';

// The demo on a fresh clone: synthetic sample → pipeline → site. Every step is the one the npm scripts run.
const config = loadConfig({ DATA_IS_SYNTHETIC: '1' });
const inbox = process.env.INBOX_DIR ? config.INBOX_DIR : path.join(config.SAMPLE_DIR, 'inbox');

if (!existsSync(inbox)) {
  console.log(`Создаю синтетический пример (зерно ${config.SAMPLE_SEED}) в ${config.SAMPLE_DIR} …`);
  const sample = await generateSample({ seed: config.SAMPLE_SEED, outDir: config.SAMPLE_DIR });
  console.log(`Пример готов: ${sample.files.length} файлов, ${sample.organisations.length} организаций.`);
}

// The sample registry on a free port stands in for the regional platform, unless REGISTRY_URL names a real one.
const registryFile = path.join(config.SAMPLE_DIR, 'registry', 'mentors.json');
let registry: RegistryServer | null = null;
if (!config.REGISTRY_URL && existsSync(registryFile)) {
  registry = await startRegistryServer({ items: readSampleRegistry(path.dirname(registryFile)), port: 0 });
  console.log(`Учебный реестр наставников: ${registry.url}`);
}

console.log(`Загружаю ${inbox} в ${config.WAREHOUSE_PATH} …`);
// the same run lock as npm run pipeline and npm run schedule: never two runs on one warehouse
const summary = await withRunLock(
  config.WAREHOUSE_PATH,
  () =>
    runPipeline(
      { ...config, INBOX_DIR: inbox, ...(registry ? { REGISTRY_URL: registry.url, REGISTRY_TOKEN: undefined } : {}) },
      {
        log: (line) => console.error(`  ${line}`),
        onStep: (e) => e.status !== 'running' && console.error(`  step ${e.step}: ${e.status}`),
      },
    ),
  { command: 'start' },
)
  .catch((e: unknown) => {
    console.error(
      e instanceof RunLockedError ? e.message : `Конвейер не запущен: ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(2);
  })
  .finally(() => registry?.close());
console.log(describeSummary(summary));
if (summary.status === 'failed') process.exit(2);

console.log('Собираю сайт …');
const built = await buildSite({ snapshotDir: config.SNAPSHOT_DIR, quiet: true });
console.log(`Сайт собран за ${(built.durationMs / 1000).toFixed(1).replace('.', ',')} с: ${built.distDir}`);

const site = await serveSite({ distDir: built.distDir, host: config.SITE_HOST, port: config.SITE_PORT });
console.log(`\nОткройте ${site.url} — «Обзор»: показатели по краю и территориям. Ctrl+C — остановить.`);
const stop = () => void site.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
