import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireRunLock, readRunLockInfo, RUN_LOCK_STALE_MS, runLockPaths } from '../../pipeline/run-lock.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
const configIn = (name: string) => pipelineConfigIn(path.join(dir, name), path.join(dir, 'sample', 'inbox'));
const crashed = configIn('crashed');
const clean = configIn('clean');

/** Everything a run leaves that must not depend on how many runs it took (run ids, times and the archive folder aside). */
async function contents(file: string): Promise<string> {
  const parts = [
    await queryWarehouse(file, 'select * exclude (received_at, run_id, archived_path) from raw_files order by all'),
    ...(await Promise.all(
      [
        'stg_submissions',
        'stg_values',
        'core_organisations',
        'core_submissions',
        'core_facts',
        'core_org_facts',
        'mart_indicator_values',
        'mart_coverage',
      ].map((t) => queryWarehouse(file, `select * from ${t} order by all`)),
    )),
  ];
  return JSON.stringify(parts);
}

describe('a run killed midway', () => {
  let killed: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    await generateSample({ seed: 5, outDir: path.join(dir, 'sample'), scale: 0.05 });
    killed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve(import.meta.dirname, '../helpers/crash-run.ts'),
        JSON.stringify(crashed),
        '6',
        '3',
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
  }, 180_000);

  it('dies by SIGKILL after six files, with three more written in a transaction not yet committed', () => {
    expect(killed.signal).toBe('SIGKILL');
  });

  it('leaves the warehouse consistent: six whole files, their staging rows, nothing of the three uncommitted', async () => {
    const files = await queryWarehouse(crashed.WAREHOUSE_PATH, 'select file_sha256, org_years_accepted from raw_files');
    expect(files).toHaveLength(6);
    const staged = await queryWarehouse(
      crashed.WAREHOUSE_PATH,
      'select file_sha256, count(*)::integer as n from stg_submissions where is_accepted group by all',
    );
    for (const f of files) {
      expect(staged.find((s) => s.file_sha256 === f.file_sha256)?.n ?? 0).toBe(f.org_years_accepted);
    }
    const orphans = await queryWarehouse(
      crashed.WAREHOUSE_PATH,
      'select count(*)::integer as n from stg_values where file_sha256 not in (select file_sha256 from raw_files)',
    );
    expect(orphans).toEqual([{ n: 0 }]);
    const runs = await queryWarehouse(crashed.WAREHOUSE_PATH, 'select status from ops_runs');
    expect(runs).toEqual([{ status: 'running' }]);
  });

  it('leaves its run lock behind, which does not block the next run: the dead holder’s lock is taken over at once', async () => {
    const { lockDir } = runLockPaths(crashed.WAREHOUSE_PATH);
    expect(existsSync(lockDir)).toBe(true);
    expect(readRunLockInfo(crashed.WAREHOUSE_PATH)).toMatchObject({ pid: killed.pid, command: 'crash-run' });
    const notes: string[] = [];
    const started = Date.now();
    const lock = await acquireRunLock(crashed.WAREHOUSE_PATH, { log: (line) => notes.push(line) });
    // well before the stale period: the recorded PID no longer exists
    expect(Date.now() - started).toBeLessThan(RUN_LOCK_STALE_MS / 4);
    expect(notes.join('\n')).toContain(`holder PID ${killed.pid}`);
    expect(readRunLockInfo(crashed.WAREHOUSE_PATH)).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(existsSync(lockDir)).toBe(false);
    expect(readRunLockInfo(crashed.WAREHOUSE_PATH)).toBeNull();
  });

  it('a rerun completes and gives the same warehouse as one uninterrupted run', async () => {
    const rerun = await runPipeline(crashed);
    expect(rerun.error).toBeNull();
    expect(rerun.files.skipped).toBe(6);
    const runs = await queryWarehouse(crashed.WAREHOUSE_PATH, 'select status from ops_runs order by started_at');
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'partial']);
    // the step it was killed in is marked too
    const steps = await queryWarehouse(
      crashed.WAREHOUSE_PATH,
      "select step, status from ops_run_steps where run_id = (select run_id from ops_runs where status = 'interrupted') order by started_at",
    );
    expect(steps).toEqual([
      { step: 'reference', status: 'success' },
      { step: 'inbox', status: 'interrupted' },
    ]);
    const once = await runPipeline(clean);
    expect(once.error).toBeNull();
    expect(await contents(crashed.WAREHOUSE_PATH)).toBe(await contents(clean.WAREHOUSE_PATH));
  }, 120_000);
});
