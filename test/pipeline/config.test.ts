import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig, PROJECT_ROOT, regionTimeZone } from '../../pipeline/config.ts';
import { REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
function configFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('configuration', () => {
  it('has the documented defaults, the schedule nightly at 02:00 in the region’s time zone', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({
      SCHEDULE_CRON: '0 2 * * *',
      SCHEDULE_TIMEZONE: 'Asia/Vladivostok',
      SCHEDULE_BUILD_SITE: true,
      SCHEDULE_SERVE: false,
      LOG_FORMAT: 'auto',
      SITE_PORT: 3000,
      SITE_DIST_DIR: path.join(PROJECT_ROOT, 'dist'),
      WAREHOUSE_PATH: path.join(PROJECT_ROOT, 'data', 'warehouse.duckdb'),
    });
    expect(regionTimeZone(REFERENCE_DIR)).toBe('Asia/Vladivostok');
    // another region's reference folder names its own zone; an unreadable one falls back
    const other = path.join(dir, 'ref-other');
    mkdirSync(other);
    writeFileSync(
      path.join(other, 'region.csv'),
      'name,name_prepositional,time_zone,time_zone_city\nКамчатский край,в Камчатском крае,Asia/Kamchatka,Петропавловск-Камчатский\n',
    );
    expect(loadConfig({}, { REFERENCE_DIR: other }).SCHEDULE_TIMEZONE).toBe('Asia/Kamchatka');
    expect(regionTimeZone(path.join(dir, 'nowhere'))).toBe('Asia/Vladivostok');
  });

  it('takes the command line over the environment, the environment over the file, the file over the defaults', () => {
    const file = configFile('layers.json', {
      SITE_PORT: 8080,
      SITE_HOST: '0.0.0.0',
      SCHEDULE_CRON: '30 1 * * *',
      SCHEDULE_SERVE: true,
      INBOX_DIR: 'file-inbox',
    });
    const c = loadConfig(
      { INBOX_DIR: '/cli/inbox' },
      { SITE_PORT: '9090', INBOX_DIR: '/env/inbox' },
      { configFile: file },
    );
    expect(c).toMatchObject({
      INBOX_DIR: '/cli/inbox',
      SITE_PORT: 9090,
      SITE_HOST: '0.0.0.0',
      SCHEDULE_CRON: '30 1 * * *',
      SCHEDULE_SERVE: true,
    });
    // CONFIG_FILE names the file when --config does not; relative paths of the file resolve against the project
    expect(loadConfig({}, { CONFIG_FILE: file })).toMatchObject({
      SITE_PORT: 8080,
      INBOX_DIR: path.join(PROJECT_ROOT, 'file-inbox'),
    });
  });

  it('rejects a bad SCHEDULE_CRON in Russian, naming the setting', () => {
    expect(() => loadConfig({}, { SCHEDULE_CRON: '61 2 * * *' })).toThrow(
      /SCHEDULE_CRON="61 2 \* \* \*" \(переменная окружения\): не разбирается как выражение cron/,
    );
    expect(() => loadConfig({}, { SCHEDULE_CRON: 'каждую ночь' })).toThrow(/SCHEDULE_CRON/);
    expect(loadConfig({}, { SCHEDULE_CRON: '*/10 * * * * *' }).SCHEDULE_CRON).toBe('*/10 * * * * *');
    expect(() => loadConfig({}, { SCHEDULE_TIMEZONE: 'Asia/Хабаровск' })).toThrow(
      /SCHEDULE_TIMEZONE="Asia\/Хабаровск".*неизвестный часовой пояс/,
    );
    expect(() => loadConfig({}, { LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT="xml".*ожидается auto, json или pretty/);
    expect(() => loadConfig({}, { SCHEDULE_BUILD_SITE: 'maybe' })).toThrow(
      /SCHEDULE_BUILD_SITE="maybe".*ожидается 1 или 0/,
    );
  });

  it('rejects a bad port in the config file, naming the setting and the file', () => {
    const file = configFile('bad-port.json', { SITE_PORT: 70000 });
    expect(() => loadConfig({}, {}, { configFile: file })).toThrow(
      new RegExp(
        `SITE_PORT="70000" \\(файл ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): Слишком большое значение`,
      ),
    );
    const word = configFile('word-port.json', { SITE_PORT: 'восемьдесят' });
    expect(() => loadConfig({}, {}, { configFile: word })).toThrow(/SITE_PORT="восемьдесят".*ожидалось число/);
  });

  it('rejects an unknown key in the config file, naming it', () => {
    const file = configFile('unknown.json', { SITE_PORT: 8080, SCHEDULE_CRONE: '0 3 * * *' });
    expect(() => loadConfig({}, {}, { configFile: file })).toThrow(/SCHEDULE_CRONE: неизвестная настройка/);
    expect(() => loadConfig({}, {}, { configFile: configFile('nested.json', { SITE_PORT: { value: 1 } }) })).toThrow(
      /SITE_PORT: ожидается строка, число или true\/false/,
    );
    expect(() => loadConfig({}, {}, { configFile: configFile('broken.json', '{ "SITE_PORT": ') })).toThrow(
      /не читается как JSON/,
    );
    expect(() => loadConfig({}, {}, { configFile: path.join(dir, 'absent.json') })).toThrow(/не найден/);
  });

  it('stops npm run pipeline with exit code 2 and the Russian message naming the setting', () => {
    const file = configFile('cli-bad.json', { SITE_PORT: 70000 });
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'pipeline/cli/pipeline.ts'), '--config', file],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, LOG_FORMAT: 'pretty' },
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Конвейер не запущен: Ошибка в настройках');
    expect(run.stderr).toContain('SITE_PORT="70000"');
    const schedule = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'pipeline/cli/schedule.ts')],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, LOG_FORMAT: 'json', SCHEDULE_CRON: '0 25 * * *' },
        timeout: 60_000,
      },
    );
    expect(schedule.status).toBe(2);
    const line = JSON.parse(schedule.stderr.trim().split('\n').at(-1)!) as { level: string; msg: string };
    expect(line.level).toBe('error');
    expect(line.msg).toMatch(/^Планировщик не запущен: Ошибка в настройках:\n {2}SCHEDULE_CRON="0 25 \* \* \*"/);
  }, 120_000);

  it('is documented: docs/operations.md’s configuration table lists every setting and nothing else', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'docs/operations.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
    );
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(['CONFIG_FILE', ...Object.keys(ConfigSchema.shape)].sort());
  });
});
