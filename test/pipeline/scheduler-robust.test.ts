import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 22, item 12: the scheduler prints the Russian summary of each run on stdout off a terminal too (docs/operations.md,
// «Running unattended»: stdout carries the summary, stderr the log).

const dir = tempDir('nm-schedule-');

describe('npm run schedule off a terminal', () => {
  it('prints the Russian summary on stdout and only the JSON log on stderr', () => {
    mkdirSync(path.join(dir, 'inbox'), { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_FORMAT: 'json',
      INBOX_DIR: path.join(dir, 'inbox'),
      WAREHOUSE_PATH: path.join(dir, 'warehouse.duckdb'),
      ARCHIVE_DIR: path.join(dir, 'archive'),
      SNAPSHOT_DIR: path.join(dir, 'snapshot'),
      SCHEDULE_BUILD_SITE: '0',
    };
    delete env.REGISTRY_URL;
    delete env.CONFIG_FILE;
    // stdout and stderr are pipes here, not a terminal
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'pipeline/cli/schedule.ts'), '--once'],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Запуск \S+ завершён успешно за [\d,]+ с\.\nФайлов во входящих: 0;/);
    expect(run.stdout).toContain('Реестр наставников: пропущен');
    for (const line of run.stderr.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  }, 120_000);
});
