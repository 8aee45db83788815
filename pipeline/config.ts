import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validate as isValidCron } from 'node-cron';
import Papa from 'papaparse';
import { z } from 'zod';
import { DEFAULT_SNAPSHOT_DIR } from './contract/snapshot.ts';

/** The project's root folder: every relative path in the configuration is resolved against it. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const dir = z
  .string()
  .min(1)
  .transform((p) => path.resolve(PROJECT_ROOT, p));
/** A yes/no setting: 1/0, true/false, да/нет. */
const flag = (byDefault: '0' | '1') =>
  z
    .enum(['0', '1', 'true', 'false', 'да', 'нет'], { error: 'ожидается 1 или 0 (true/false, да/нет)' })
    .prefault(byDefault)
    .transform((v) => v === '1' || v === 'true' || v === 'да');

/** Settings of the mentors' registry source (REGISTRY_API.md); docs/operations.md's configuration table mirrors this. */
export const RegistrySettingsSchema = z.object({
  REGISTRY_URL: z
    .url({ protocol: /^https?$/, error: 'ожидается адрес http(s)://…' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .describe('базовый адрес API реестра наставников; не задан — реестр пропускается'),
  REGISTRY_TOKEN: z.string().min(1).optional().describe('токен реестра (Authorization: Bearer …)'),
  REGISTRY_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(500).describe('записей на страницу (limit)'),
  REGISTRY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15_000)
    .describe('предельное время одного запроса, мс'),
  REGISTRY_MAX_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(50)
    .default(5)
    .describe('повторов запроса при временных сбоях'),
  REGISTRY_RETRY_AFTER_MAX_S: z.coerce.number().nonnegative().default(60).describe('предел ожидания по Retry-After, с'),
  REGISTRY_SYNC_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(600_000)
    .describe('предельное время всей синхронизации, мс'),
});
export type RegistrySettings = z.infer<typeof RegistrySettingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The nightly schedule's default: 02:00 every day, in the region's time. */
export const DEFAULT_SCHEDULE_CRON = '0 2 * * *';
export const FALLBACK_TIME_ZONE = 'Asia/Vladivostok';
/** Seconds one received file may take to validate (FILE_TIMEOUT_S); the worst hostile file takes under 2 s. */
export const DEFAULT_FILE_TIMEOUT_S = 30;

/** Every setting, its environment variable, default and meaning; docs/operations.md's configuration table mirrors this. */
export const ConfigSchema = z.object({
  INBOX_DIR: dir.prefault('data/inbox').describe('папка входящих файлов мониторинга'),
  WAREHOUSE_PATH: dir.prefault('data/warehouse.duckdb').describe('файл хранилища DuckDB'),
  ARCHIVE_DIR: dir.prefault('data/archive').describe('архив полученных файлов (по хешу содержимого)'),
  SNAPSHOT_DIR: dir.prefault(DEFAULT_SNAPSHOT_DIR).describe('снимок витрин для сайта (JSON)'),
  REFERENCE_DIR: dir.prefault('data/reference').describe('справочники региона'),
  RELEASES_DIR: dir.prefault('data/releases').describe('выпуски: снимки витрин, закреплённые под названием'),
  SAMPLE_DIR: dir.prefault('data/sample').describe('папка синтетических данных примера'),
  SAMPLE_SEED: z.coerce.number().int().nonnegative().default(20260101).describe('зерно генератора примера'),
  DATA_IS_SYNTHETIC: flag('0').describe('данные синтетические (сайт показывает предупреждение)'),
  SITE_HOST: z.string().min(1).default('127.0.0.1').describe('адрес, на котором отдаётся сайт'),
  SITE_PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('порт сайта'),
  SITE_DIST_DIR: dir.prefault('dist').describe('папка собранного сайта'),
  FILE_TIMEOUT_S: z.coerce
    .number()
    .positive()
    .max(3600)
    .default(DEFAULT_FILE_TIMEOUT_S)
    .describe('предельное время проверки одного файла, с (дольше — файл отклоняется)'),
  ...RegistrySettingsSchema.shape,
  SCHEDULE_CRON: z
    .string()
    .trim()
    .refine(isValidCron, {
      error: 'не разбирается как выражение cron («минута час день месяц день_недели», например «0 2 * * *»)',
    })
    .default(DEFAULT_SCHEDULE_CRON)
    .describe('расписание запусков (cron)'),
  SCHEDULE_TIMEZONE: z
    .string()
    .refine(isTimeZone, { error: 'неизвестный часовой пояс (ожидается имя IANA, например Asia/Vladivostok)' })
    .optional()
    .describe('часовой пояс расписания; по умолчанию — пояс региона из справочника'),
  SCHEDULE_BUILD_SITE: flag('1').describe('пересобирать сайт после удачного запуска по расписанию'),
  SCHEDULE_SERVE: flag('0').describe('планировщик отдаёт сайт на SITE_HOST:SITE_PORT'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'ожидается auto, json или pretty' })
    .default('auto')
    .describe('журнал: json — строки JSON, pretty — для терминала, auto — по терминалу'),
});
type ParsedConfig = z.infer<typeof ConfigSchema>;
/** Settings after parsing; SCHEDULE_TIMEZONE always set (the region's zone unless given). */
export type Config = Omit<ParsedConfig, 'SCHEDULE_TIMEZONE'> & { SCHEDULE_TIMEZONE: string };
export type SettingName = keyof ParsedConfig;

/** The region's time zone from `REFERENCE_DIR/region.csv`, or Asia/Vladivostok when it cannot be read. */
export function regionTimeZone(referenceDir: string): string {
  const file = path.join(referenceDir, 'region.csv');
  if (!existsSync(file)) return FALLBACK_TIME_ZONE;
  try {
    const rows = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const zone = rows[0]?.time_zone?.trim();
    return zone && isTimeZone(zone) ? zone : FALLBACK_TIME_ZONE;
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

export interface LoadConfigOptions {
  /** A JSON file of settings (`--config FILE`); CONFIG_FILE of the environment when not given. */
  configFile?: string | undefined;
}

type Origin = 'командная строка' | 'переменная окружения' | string;

/** Reads the optional settings file: a JSON object whose keys are the setting names. */
function readConfigFile(file: string): Record<string, string> {
  const shown = `файл настроек ${file}`;
  if (!existsSync(file)) throw new Error(`Ошибка в настройках: ${shown} не найден (CONFIG_FILE или --config).`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `Ошибка в настройках: ${shown} не читается как JSON (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`Ошибка в настройках: ${shown} должен содержать объект JSON { "НАСТРОЙКА": значение, … }.`);
  }
  const known = new Set(Object.keys(ConfigSchema.shape));
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!known.has(key)) {
      problems.push(`  ${key}: неизвестная настройка (допустимые — в docs/operations.md, раздел «Configuration»)`);
    } else if (value === null) {
      continue;
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[key] = String(value);
    } else {
      problems.push(`  ${key}: ожидается строка, число или true/false`);
    }
  }
  if (problems.length > 0) throw new Error(`Ошибка в настройках (${shown}):\n${problems.join('\n')}`);
  return values;
}

/**
 * Parses every setting once: command-line overrides, then environment variables, then the optional JSON settings
 * file (`options.configFile`, else CONFIG_FILE), then the defaults. A bad value stops the program with a Russian
 * message that names the setting and where it came from; an unknown key in the file is an error too.
 */
export function loadConfig(
  overrides: Partial<Record<SettingName, string | undefined>> = {},
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): Readonly<Config> {
  const fileName = options.configFile ?? (env.CONFIG_FILE || undefined);
  const configFile = fileName === undefined ? undefined : path.resolve(PROJECT_ROOT, fileName);
  const fromFile = configFile === undefined ? {} : readConfigFile(configFile);
  const input: Record<string, string | undefined> = {};
  const origin: Record<string, Origin> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const candidates: [string | undefined, Origin][] = [
      [overrides[key as SettingName], 'командная строка'],
      [env[key], 'переменная окружения'],
      [fromFile[key], `файл ${configFile}`],
    ];
    const found = candidates.find(([value]) => value !== undefined && value !== '');
    if (found) [input[key], origin[key]] = found;
  }
  const result = ConfigSchema.safeParse(input, { error: z.locales.ru().localeError });
  if (!result.success) {
    // A token is a secret: its value is never echoed, even when the setting is wrong.
    const shown = (key: string) => (key === 'REGISTRY_TOKEN' ? '«скрыто»' : JSON.stringify(input[key]));
    const lines = result.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  ${i.path.join('.')}=${shown(key)}${origin[key] ? ` (${origin[key]})` : ''}: ${i.message}`;
    });
    throw new Error(`Ошибка в настройках:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  return Object.freeze({
    ...parsed,
    SCHEDULE_TIMEZONE: parsed.SCHEDULE_TIMEZONE ?? regionTimeZone(parsed.REFERENCE_DIR),
  });
}
