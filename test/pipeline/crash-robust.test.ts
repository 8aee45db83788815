import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { withCacheLock } from '../../pipeline/site/build-site.ts';
import { removeSnapshotLeftovers } from '../../pipeline/publish/publish-snapshot.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 22, item 8: a process killed by SIGKILL late in a run (while publishing the snapshot, or holding the site's
// build lock) must leave nothing that misleads or blocks the next run. Real child processes, really killed.

const dir = tempDir('nm-robust-');
const moduleUrl = (p: string) => pathToFileURL(path.resolve(import.meta.dirname, p)).href;

/** Runs an ES module body in a child `node --import tsx`; returns how it ended. */
function child(body: string, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body, '--', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** A PID that belonged to a process which has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('a run killed while publishing its snapshot', () => {
  const config = pipelineConfigIn(path.join(dir, 'late'), path.join(dir, 'sample', 'inbox'));
  let killed: ReturnType<typeof child>;

  beforeAll(async () => {
    await generateSample({ seed: 5, outDir: path.join(dir, 'sample'), scale: 0.05 });
    // the second `copy (…) to` of the snapshot kills the process: its staging folder has one file written
    killed = child(
      `import { DuckDBConnection } from '@duckdb/node-api';
       const { runPipeline } = await import(${JSON.stringify(moduleUrl('../../pipeline/run-pipeline.ts'))});
       let copies = 0;
       const run = DuckDBConnection.prototype.run;
       DuckDBConnection.prototype.run = function (...args) {
         if (typeof args[0] === 'string' && args[0].startsWith('copy (') && ++copies === 2) process.kill(process.pid, 'SIGKILL');
         return run.apply(this, args);
       };
       await runPipeline(JSON.parse(process.argv.at(-1)));`,
      [JSON.stringify(config)],
    );
  }, 180_000);

  it('dies by SIGKILL with the run still `running` (not yet success or partial) and its staging folder left', async () => {
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(await queryWarehouse(config.WAREHOUSE_PATH, 'select status, finished_at from ops_runs')).toEqual([
      { status: 'running', finished_at: null },
    ]);
    expect(existsSync(`${config.SNAPSHOT_DIR}.new-${killed.pid}`)).toBe(true);
  });

  it('the next run marks it interrupted, removes the dead process’s staging folder and publishes', async () => {
    const rerun = await runPipeline(config);
    expect(rerun.error).toBeNull();
    const runs = await queryWarehouse(config.WAREHOUSE_PATH, 'select status from ops_runs order by started_at');
    expect(runs.map((r) => r.status)).toEqual(['interrupted', rerun.status]);
    const steps = await queryWarehouse(
      config.WAREHOUSE_PATH,
      "select step, status from ops_run_steps where run_id = (select run_id from ops_runs where status = 'interrupted') and step = 'snapshot'",
    );
    expect(steps).toEqual([{ step: 'snapshot', status: 'interrupted' }]);
    const parent = path.dirname(config.SNAPSHOT_DIR);
    expect(readdirSync(parent).filter((n) => n.startsWith('snapshot.'))).toEqual([]);
    expect(existsSync(path.join(config.SNAPSHOT_DIR, 'meta.json'))).toBe(true);
  }, 120_000);
});

describe('leftovers of a publication killed between its two renames', () => {
  it('the previous snapshot moved aside by a dead process is moved back; a live process’s folders are kept', () => {
    const root = path.join(dir, 'renames');
    const snapshot = path.join(root, 'snapshot');
    const dead = deadPid();
    mkdirSync(`${snapshot}.old-${dead}`, { recursive: true });
    writeFileSync(`${snapshot}.old-${dead}/meta.json`, '{"run_id":"previous"}');
    mkdirSync(`${snapshot}.new-${dead}`, { recursive: true });
    // a live process (this one's parent) may be publishing right now
    mkdirSync(`${snapshot}.new-${process.ppid}`, { recursive: true });
    const done = removeSnapshotLeftovers(snapshot);
    expect(done.sort()).toEqual([`${snapshot}.new-${dead}`, `${snapshot}.old-${dead}`].sort());
    expect(readdirSync(root).sort()).toEqual(['snapshot', `snapshot.new-${process.ppid}`]);
    expect(readdirSync(snapshot)).toEqual(['meta.json']);
  });
});

describe('the site build lock of a killed process', () => {
  it('is taken over at once, not after its stale period of 120 s', async () => {
    const cacheRoot = path.join(dir, 'observablehq');
    const killed = child(
      `const { withCacheLock } = await import(${JSON.stringify(moduleUrl('../../pipeline/site/build-site.ts'))});
       await withCacheLock(async () => process.kill(process.pid, 'SIGKILL'), process.argv.at(-1));`,
      [cacheRoot],
    );
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(existsSync(path.join(cacheRoot, 'build.lock'))).toBe(true);
    expect(readdirSync(cacheRoot)).toContain('build.lock.json');
    const started = Date.now();
    expect(await withCacheLock(async () => 'built', cacheRoot)).toBe('built');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readdirSync(cacheRoot)).toEqual([]);
  }, 60_000);

  it('a live holder is waited for, not taken over', async () => {
    const cacheRoot = path.join(dir, 'observablehq-live');
    const order: string[] = [];
    const first = withCacheLock(async () => {
      order.push('first in');
      await new Promise((r) => setTimeout(r, 1500));
      order.push('first out');
    }, cacheRoot);
    await new Promise((r) => setTimeout(r, 200));
    await withCacheLock(async () => order.push('second'), cacheRoot);
    await first;
    expect(order).toEqual(['first in', 'first out', 'second']);
  }, 60_000);
});
