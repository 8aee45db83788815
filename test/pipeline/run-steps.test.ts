import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import {
  describeSummary,
  exitCode,
  type RunSummary,
  runPipeline,
  type StepEvent,
} from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { SnapshotFiles } from '../../pipeline/contract/snapshot.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
const sampleInbox = path.join(dir, 'sample', 'inbox');

describe('the run log: runs and their named steps', () => {
  const config = pipelineConfigIn(path.join(dir, 'logged'), sampleInbox);
  let run: RunSummary;
  const events: StepEvent[] = [];

  beforeAll(async () => {
    await generateSample({ seed: 21, outDir: path.join(dir, 'sample'), scale: 0.05 });
    run = await runPipeline(config, { onStep: (e) => events.push(e) });
  }, 120_000);

  it('records every step with its times, status and counts', async () => {
    const steps = await queryWarehouse(
      config.WAREHOUSE_PATH,
      `select run_id, step, status, detail, finished_at >= started_at as ordered from ops_run_steps order by started_at`,
    );
    expect(steps.map((s) => [s.step, s.status])).toEqual([
      ['reference', 'success'],
      ['inbox', 'success'],
      ['registry', 'skipped'],
      ['core', 'success'],
      ['marts', 'success'],
      ['snapshot', 'success'],
    ]);
    expect(steps.every((s) => s.run_id === run.runId && s.ordered === true)).toBe(true);
    const inbox = JSON.parse(String(steps[1]!.detail));
    expect(inbox).toMatchObject({
      seen: run.filesSeen,
      loaded: run.files.loaded,
      rejected: run.files.rejected,
      skipped: 0,
    });
    expect(JSON.parse(String(steps[2]!.detail))).toEqual({ reason: 'не задан REGISTRY_URL' });
    expect(JSON.parse(String(steps[4]!.detail)).checks).toBeGreaterThan(10);
    // each step announced as it starts and as it ends
    expect(events.map((e) => `${e.step}:${e.status}`)).toEqual(
      ['reference', 'inbox', 'registry', 'core', 'marts', 'snapshot'].flatMap((s, i) => [
        `${s}:running`,
        `${s}:${steps[i]!.status}`,
      ]),
    );
  });

  it('publishes the steps in the snapshot, this run’s snapshot step as it ended', () => {
    const published = SnapshotFiles.ops_run_steps.parse(
      JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'ops_run_steps.json'), 'utf8')),
    );
    const own = published.filter((s) => s.run_id === run.runId);
    expect(own.map((s) => s.step).sort()).toEqual(['core', 'inbox', 'marts', 'reference', 'registry', 'snapshot']);
    expect(own.find((s) => s.step === 'snapshot')).toMatchObject({
      status: 'success',
      finished_at: expect.stringMatching(/Z$/),
    });
    expect(own.every((s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(s.started_at))).toBe(true);
  });

  it('a stop signal between transactions of inbox files ends the run interrupted: whole files kept, nothing after, the rerun finishes', async () => {
    const stopped = pipelineConfigIn(path.join(dir, 'stopped'), sampleInbox);
    const controller = new AbortController();
    const summary = await runPipeline(stopped, {
      signal: controller.signal,
      // the signal comes after the 3rd file, in the second transaction: the run ends after its 4th
      filesPerTransaction: 2,
      onFileDone: (done) => {
        if (done === 3) controller.abort('SIGTERM');
      },
    });
    expect(summary.status).toBe('interrupted');
    expect(exitCode(summary)).toBe(2);
    expect(summary.error).toMatch(/^Запуск остановлен по сигналу SIGTERM во время шага inbox/);
    expect(summary.files.loaded + summary.files.partial + summary.files.rejected + summary.files.skipped).toBe(4);
    expect(describeSummary(summary)).toContain('завершён досрочно (прерван)');
    expect(await queryWarehouse(stopped.WAREHOUSE_PATH, 'select count(*)::integer as n from raw_files')).toEqual([
      { n: 4 },
    ]);
    expect(
      await queryWarehouse(stopped.WAREHOUSE_PATH, 'select step, status from ops_run_steps order by started_at'),
    ).toEqual([
      { step: 'reference', status: 'success' },
      { step: 'inbox', status: 'interrupted' },
    ]);
    expect(
      await queryWarehouse(stopped.WAREHOUSE_PATH, 'select status, error is not null as has_error from ops_runs'),
    ).toEqual([{ status: 'interrupted', has_error: true }]);

    const rerun = await runPipeline(stopped);
    expect(rerun.error).toBeNull();
    expect(rerun.files.skipped).toBe(4);
    expect(rerun.files.loaded + rerun.files.partial + rerun.files.rejected).toBe(
      run.files.loaded + run.files.partial + run.files.rejected - 4,
    );
  }, 120_000);

  it('a signal that came before the run starts any step leaves the warehouse untouched but for the run log', async () => {
    const early = pipelineConfigIn(path.join(dir, 'early'), sampleInbox);
    const summary = await runPipeline(early, { signal: AbortSignal.abort('SIGINT') });
    expect(summary.status).toBe('interrupted');
    expect(summary.steps).toEqual([]);
    expect(await queryWarehouse(early.WAREHOUSE_PATH, 'select count(*)::integer as n from raw_files')).toEqual([
      { n: 0 },
    ]);
    expect(await queryWarehouse(early.WAREHOUSE_PATH, 'select status from ops_runs')).toEqual([
      { status: 'interrupted' },
    ]);
  });

  it('a site that fails to build makes the run partial, the data loaded and published', async () => {
    const emptyInbox = path.join(dir, 'empty-inbox');
    mkdirSync(emptyInbox);
    // a site folder that would hold the project is refused before anything is built
    const site = pipelineConfigIn(path.join(dir, 'site'), emptyInbox, { SITE_DIST_DIR: path.dirname(PROJECT_ROOT) });
    const summary = await runPipeline(site, { buildSite: true });
    expect(summary.status).toBe('partial');
    expect(exitCode(summary)).toBe(1);
    expect(summary.site).toMatchObject({ status: 'failed', error: expect.stringContaining('содержит проект') });
    expect(describeSummary(summary)).toMatch(
      /частично \(сайт не собран\)[\s\S]*Сайт не собран; данные загружены и снимок опубликован/,
    );
    const steps = await queryWarehouse(
      site.WAREHOUSE_PATH,
      'select step, status, detail from ops_run_steps order by started_at',
    );
    expect(steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'reference:success',
      'inbox:success',
      'registry:skipped',
      'core:success',
      'marts:success',
      'snapshot:success',
      'site:failed',
    ]);
    expect(JSON.parse(String(steps.at(-1)!.detail)).error).toContain('содержит проект');
    expect(await queryWarehouse(site.WAREHOUSE_PATH, 'select status from ops_runs')).toEqual([{ status: 'partial' }]);
  });
});
