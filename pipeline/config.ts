import path from 'node:path';
import { z } from 'zod';

/** The project's root folder: every relative path in the configuration is resolved against it. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const dir = z.string().min(1).transform((p) => path.resolve(PROJECT_ROOT, p));

/** Settings of the mentors' registry source (REGISTRY_API.md); README's configuration table mirrors this. */
export const RegistrySettingsSchema = z.object({
  REGISTRY_URL: z
    .url({ protocol: /^https?$/, error: 'ожидается адрес http(s)://…' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional()
    .describe('базовый адрес API реестра наставников; не задан — реестр пропускается'),
  REGISTRY_TOKEN: z.string().min(1).optional().describe('токен реестра (Authorization: Bearer …)'),
  REGISTRY_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(500).describe('записей на страницу (limit)'),
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000).describe('предельное время одного запроса, мс'),
  REGISTRY_MAX_RETRIES: z.coerce.number().int().min(0).max(50).default(5).describe('повторов запроса при временных сбоях'),
  REGISTRY_RETRY_AFTER_MAX_S: z.coerce.number().nonnegative().default(60).describe('предел ожидания по Retry-After, с'),
  REGISTRY_SYNC_TIMEOUT_MS: z.coerce.number().int().positive().default(600_000).describe('предельное время всей синхронизации, мс'),
});
export type RegistrySettings = z.infer<typeof RegistrySettingsSchema>;

/** Every setting, its environment variable, default and meaning; README's configuration table mirrors this. */
export const ConfigSchema = z.object({
  INBOX_DIR: dir.prefault('data/inbox').describe('папка входящих файлов мониторинга'),
  WAREHOUSE_PATH: dir.prefault('data/warehouse.duckdb').describe('файл хранилища DuckDB'),
  ARCHIVE_DIR: dir.prefault('data/archive').describe('архив полученных файлов (по хешу содержимого)'),
  SNAPSHOT_DIR: dir.prefault('data/snapshot').describe('снимок витрин для сайта (JSON)'),
  REFERENCE_DIR: dir.prefault('data/reference').describe('справочники региона'),
  SAMPLE_DIR: dir.prefault('data/sample').describe('папка синтетических данных примера'),
  SAMPLE_SEED: z.coerce.number().int().nonnegative().default(20260101).describe('зерно генератора примера'),
  DATA_IS_SYNTHETIC: z
    .enum(['0', '1', 'true', 'false'])
    .prefault('0')
    .transform((v) => v === '1' || v === 'true')
    .describe('данные синтетические (сайт показывает предупреждение)'),
  SITE_HOST: z.string().min(1).default('127.0.0.1').describe('адрес, на котором отдаётся сайт'),
  SITE_PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('порт сайта'),
  ...RegistrySettingsSchema.shape,
});
export type Config = z.infer<typeof ConfigSchema>;

/**
 * Parses settings from the environment (and overrides from the command line) once; a bad value stops
 * the program with a message that names the setting.
 */
export function loadConfig(overrides: Partial<Record<keyof Config, string>> = {}, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = overrides[key as keyof Config] ?? env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = ConfigSchema.safeParse(input);
  if (!result.success) {
    // A token is a secret: its value is never echoed, even when the setting is wrong.
    const shown = (key: string) => (key === 'REGISTRY_TOKEN' ? '«скрыто»' : JSON.stringify(input[key]));
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}=${shown(String(i.path[0]))}: ${i.message}`);
    throw new Error(`Ошибка в настройках:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}
