import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { generateSample } from '../sample/generate.ts';
import { type RegistryFaults, readSampleRegistry, startRegistryServer } from '../sample/registry-server.ts';

const HELP = `Учебный сервер реестра наставников (контракт REGISTRY_API.md) на 127.0.0.1 с данными примера.

  npm run registry:sample -- [--port 8787] [--token T] [--with-changes] [сбои]

  --port N            порт (по умолчанию 8787; 0 — любой свободный)
  --token T           требовать заголовок Authorization: Bearer T
  --with-changes      отдавать реестр с применёнными изменениями (registry/changes.json)
  --dir DIR           папка реестра примера (по умолчанию SAMPLE_DIR/registry)
Сбои для демонстрации и проверки клиента:
  --fail-status CODE  первые N запросов отвечают CODE (401, 403, 429, 500, 502, 503, 504)
  --fail-count N      сколько запросов отвечают сбоем (по умолчанию 3)
  --retry-after S     заголовок Retry-After для 429 (секунды или HTTP-дата)
  --reset N           первые N запросов обрываются без ответа (сброс соединения)
  --delay-ms MS       задержка каждого ответа
  --not-json-page K   страница K отвечает 200 с телом не в JSON
  --malformed-page K  на странице K у первой записи updated_at = 12
  --repeat-cursor K   со страницы K next_cursor повторяет присланный курсор
  --total N           сообщать total = N вместо настоящего
  --help              эта справка

Пример: REGISTRY_URL=http://127.0.0.1:8787 npm run pipeline`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    token: { type: 'string' },
    'with-changes': { type: 'boolean' },
    dir: { type: 'string' },
    'fail-status': { type: 'string' },
    'fail-count': { type: 'string', default: '3' },
    'retry-after': { type: 'string' },
    'delay-ms': { type: 'string' },
    reset: { type: 'string' },
    'not-json-page': { type: 'string' },
    'malformed-page': { type: 'string' },
    'repeat-cursor': { type: 'string' },
    total: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function int(name: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(
      `--${name}: ожидается целое число от ${min}${max < Number.MAX_SAFE_INTEGER ? ` до ${max}` : ''}, получено «${text}»`,
    );
    process.exit(2);
  }
  return n;
}

const config = loadConfig();
const registryDir = values.dir ? path.resolve(values.dir) : path.join(config.SAMPLE_DIR, 'registry');
if (!values.dir && !existsSync(path.join(registryDir, 'mentors.json'))) {
  console.log(`Создаю синтетический пример (зерно ${config.SAMPLE_SEED}) в ${config.SAMPLE_DIR} …`);
  await generateSample({ seed: config.SAMPLE_SEED, outDir: config.SAMPLE_DIR });
}

const faults: RegistryFaults = {};
const failStatus = int('fail-status', values['fail-status'], 400, 599);
if (failStatus !== undefined) {
  if (![401, 403, 429, 500, 502, 503, 504].includes(failStatus)) {
    console.error('--fail-status: поддерживаются 401, 403, 429, 500, 502, 503, 504');
    process.exit(2);
  }
  faults.status = {
    code: failStatus as 401,
    count: int('fail-count', values['fail-count'], 1)!,
    ...(values['retry-after'] ? { retryAfter: values['retry-after'] } : {}),
  };
}
const delayMs = int('delay-ms', values['delay-ms'], 0);
if (delayMs !== undefined) faults.delayMs = delayMs;
const reset = int('reset', values.reset, 1);
if (reset !== undefined) faults.resetCount = reset;
const notJson = int('not-json-page', values['not-json-page'], 1);
if (notJson !== undefined) faults.notJsonPage = notJson;
const malformed = int('malformed-page', values['malformed-page'], 1);
if (malformed !== undefined) faults.malformedPage = { page: malformed };
const repeat = int('repeat-cursor', values['repeat-cursor'], 2);
if (repeat !== undefined) faults.repeatCursor = { fromPage: repeat };
const total = int('total', values.total, 0);
if (total !== undefined) faults.total = total;

const items = readSampleRegistry(registryDir, values['with-changes'] ?? false);
const server = await startRegistryServer({
  items,
  faults,
  port: int('port', values.port, 0, 65535)!,
  ...(values.token ? { token: values.token } : {}),
});
console.log(
  `Реестр наставников (пример, ${items.length} записей${values['with-changes'] ? ', с изменениями' : ''}): ${server.url}/api/v1/mentors`,
);
console.log(`Для конвейера: REGISTRY_URL=${server.url}${values.token ? ` REGISTRY_TOKEN=${values.token}` : ''}`);
if (Object.keys(faults).length > 0) console.log(`Сбои: ${JSON.stringify(faults)}`);
console.log('Ctrl+C — остановить.');
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
