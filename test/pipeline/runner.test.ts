import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { acquireRunLock, runLockPaths } from '../../pipeline/run-lock.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { readSampleRegistry, type RegistryServer, startRegistryServer } from '../../pipeline/sample/registry-server.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// The unattended runner as the ministry runs it: real processes on real warehouse files.

const dir = tempDir();
const inbox = path.join(dir, 'sample', 'inbox');
let registry: RegistryServer;

interface Finished {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Proc {
  child: ChildProcess;
  done: Promise<Finished>;
  /** Resolves with the first JSON log line that matches. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

function start(script: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'pipeline', 'cli', script), ...args],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_FORMAT: 'json', REGISTRY_URL: registry.url, REGISTRY_PAGE_SIZE: '100', ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] =
    [];
  const lines = (): Record<string, unknown>[] =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of [...waiters]) {
      const found = lines().find(w.match);
      if (found) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  });
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ pid: child.pid!, code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    waitForLine: (match, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const found = lines().find(match);
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no such log line in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void done.then(() => reject(new Error(`the process ended without that log line:\n${stderr}`)));
      }),
  };
}

/** What the runs leave that must not depend on how many runs it took (run ids, times and archive folders aside). */
async function contents(file: string): Promise<string> {
  const parts = [
    await queryWarehouse(file, 'select * exclude (received_at, run_id, archived_path) from raw_files order by all'),
    await queryWarehouse(file, 'select * exclude (run_id) from core_mentors order by all'),
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
        'mart_registry',
      ].map((t) => queryWarehouse(file, `select * from ${t} order by all`)),
    )),
  ];
  return JSON.stringify(parts);
}

beforeAll(async () => {
  await generateSample({ seed: 13, outDir: path.join(dir, 'sample'), scale: 0.1 });
  // every registry page takes a while: a run holds the warehouse for some seconds, and a signal finds it busy
  registry = await startRegistryServer({
    items: readSampleRegistry(path.join(dir, 'sample', 'registry')),
    port: 0,
    faults: { delayMs: 1000 },
  });
}, 120_000);
afterAll(() => registry?.close());

describe('two runs of npm run pipeline at once on one warehouse', () => {
  const config = pipelineConfigIn(path.join(dir, 'concurrent'), inbox);
  const args = [
    '--inbox',
    inbox,
    '--db',
    config.WAREHOUSE_PATH,
    '--archive',
    config.ARCHIVE_DIR,
    '--snapshot',
    config.SNAPSHOT_DIR,
  ];
  let results: Finished[];

  beforeAll(async () => {
    results = await Promise.all([start('pipeline.ts', args).done, start('pipeline.ts', args).done]);
  }, 180_000);

  it('exactly one runs; the other exits with code 2 and a message naming the first one’s PID', () => {
    const refused = results.filter((r) => r.code === 2);
    const ran = results.filter((r) => r.code !== 2);
    expect(refused).toHaveLength(1);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.code).toBe(1); // the sample has rejected files on purpose
    expect(ran[0]!.stdout).toMatch(/^Запуск \S+ завершён частично/);
    const message = JSON.parse(refused[0]!.stderr.trim().split('\n').at(-1)!) as {
      msg: string;
      holder: { pid: number };
    };
    expect(message.msg).toMatch(
      new RegExp(
        `^Конвейер уже выполняется \\(PID ${ran[0]!.pid}, начат .+\\): хранилище ${config.WAREHOUSE_PATH.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} занято`,
      ),
    );
    expect(message.holder.pid).toBe(ran[0]!.pid);
    expect(refused[0]!.stdout).toBe('');
  });

  it('leaves one run in the log, the lock released, and a warehouse that a rerun does not change', async () => {
    expect(await queryWarehouse(config.WAREHOUSE_PATH, 'select status from ops_runs')).toEqual([{ status: 'partial' }]);
    const { lockDir, infoFile } = runLockPaths(config.WAREHOUSE_PATH);
    expect(existsSync(lockDir) || existsSync(infoFile)).toBe(false);
    const before = await contents(config.WAREHOUSE_PATH);
    const rerun = await runPipeline({ ...config, REGISTRY_URL: registry.url, REGISTRY_PAGE_SIZE: 100 });
    expect(rerun).toMatchObject({ status: 'success', error: null, files: { loaded: 0, partial: 0, rejected: 0 } });
    expect(rerun.files.skipped).toBe(rerun.filesSeen);
    expect(await contents(config.WAREHOUSE_PATH)).toBe(before);
  }, 120_000);
});

describe('npm run schedule', () => {
  it('SIGTERM during a scheduled run: the run stops after its step, the scheduler exits 0, the warehouse is whole', async () => {
    const config = pipelineConfigIn(path.join(dir, 'scheduled'), inbox);
    const scheduler = start('schedule.ts', [], {
      INBOX_DIR: inbox,
      WAREHOUSE_PATH: config.WAREHOUSE_PATH,
      ARCHIVE_DIR: config.ARCHIVE_DIR,
      SNAPSHOT_DIR: config.SNAPSHOT_DIR,
      SCHEDULE_CRON: '* * * * * *', // every second: the first run starts at once
      SCHEDULE_BUILD_SITE: '0',
    });
    const announced = await scheduler.waitForLine((l) => l.event === 'schedule');
    expect(announced).toMatchObject({ cron: '* * * * * *', timezone: 'Asia/Vladivostok', build_site: false });
    // the inbox is loaded; the registry is being fetched (slowly)
    await scheduler.waitForLine((l) => l.event === 'step' && l.step === 'registry' && l.status === 'running');
    scheduler.child.kill('SIGTERM');
    const finished = await scheduler.done;
    expect(finished.code).toBe(0);
    const log = finished.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.find((l) => l.event === 'run')).toMatchObject({ status: 'interrupted', exit_code: 2 });
    expect(log.at(-1)).toMatchObject({ event: 'stopped' });
    expect(log.filter((l) => l.event === 'run_start')).toHaveLength(1);

    expect(await queryWarehouse(config.WAREHOUSE_PATH, 'select status from ops_runs')).toEqual([
      { status: 'interrupted' },
    ]);
    expect(
      await queryWarehouse(config.WAREHOUSE_PATH, 'select step, status from ops_run_steps order by started_at'),
    ).toEqual([
      { step: 'reference', status: 'success' },
      { step: 'inbox', status: 'success' },
      { step: 'registry', status: 'interrupted' },
    ]);
    // the registry wrote nothing (all or nothing), every file is whole, the lock is gone
    expect(
      await queryWarehouse(
        config.WAREHOUSE_PATH,
        'select (select count(*) from core_mentors)::integer as mentors, (select count(*) from ops_sources)::integer as sources',
      ),
    ).toEqual([{ mentors: 0, sources: 0 }]);
    const files = await queryWarehouse(config.WAREHOUSE_PATH, 'select file_sha256, org_years_accepted from raw_files');
    const staged = await queryWarehouse(
      config.WAREHOUSE_PATH,
      'select file_sha256, count(*)::integer as n from stg_submissions where is_accepted group by all',
    );
    for (const f of files)
      expect(staged.find((s) => s.file_sha256 === f.file_sha256)?.n ?? 0).toBe(f.org_years_accepted);
    expect(existsSync(runLockPaths(config.WAREHOUSE_PATH).lockDir)).toBe(false);

    // the next run finishes the rest and gives the warehouse an uninterrupted run gives (the registry at full speed:
    // its slowness was only there to be interrupted)
    registry.setFaults({});
    const rerun = await runPipeline({ ...config, REGISTRY_URL: registry.url, REGISTRY_PAGE_SIZE: 100 });
    expect(rerun).toMatchObject({ status: 'success', error: null });
    expect(rerun.registry.status).toBe('success');
    const uninterrupted = pipelineConfigIn(path.join(dir, 'uninterrupted'), inbox, {
      REGISTRY_URL: registry.url,
      REGISTRY_PAGE_SIZE: 100,
    });
    expect((await runPipeline(uninterrupted)).error).toBeNull();
    expect(await contents(config.WAREHOUSE_PATH)).toBe(await contents(uninterrupted.WAREHOUSE_PATH));
  }, 240_000);

  it('--once while another process holds the warehouse: skipped, logged with the holder, exit code 2', async () => {
    const config = pipelineConfigIn(path.join(dir, 'held'), inbox);
    const lock = await acquireRunLock(config.WAREHOUSE_PATH, { command: 'test' });
    try {
      const finished = await start('schedule.ts', ['--once'], {
        INBOX_DIR: inbox,
        WAREHOUSE_PATH: config.WAREHOUSE_PATH,
      }).done;
      expect(finished.code).toBe(2);
      const line = JSON.parse(finished.stderr.trim().split('\n').at(-1)!) as {
        level: string;
        event: string;
        msg: string;
      };
      expect(line).toMatchObject({ level: 'warn', event: 'locked' });
      expect(line.msg).toContain(`Конвейер уже выполняется (PID ${process.pid}`);
      expect(existsSync(config.WAREHOUSE_PATH)).toBe(false);
    } finally {
      await lock.release();
    }
  }, 120_000);
});
