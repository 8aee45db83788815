import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from '../pipeline/site/build-site.ts';
import { REFERENCE_DIR } from '../pipeline/reference/reference.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { generateSample } from '../pipeline/sample/generate.ts';

/**
 * Benchmarks of the whole path on the full sample: generation, a pipeline pass, a rerun on the same
 * inbox, and the site build. Prints figures; asserts nothing (speed goals are read, not tested).
 */
const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, seed: { type: 'string', default: '20260101' } },
});
const work = mkdtempSync(path.join(os.tmpdir(), 'nm-bench-'));
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

try {
  let t0 = process.hrtime.bigint();
  const sample = await generateSample({
    seed: Number(values.seed),
    outDir: path.join(work, 'sample'),
    scale: Number(values.scale),
  });
  const genSeconds = seconds(t0);
  const orgYears = sample.files.reduce((s, f) => s + f.orgYears, 0);
  console.log(
    `sample: ${sample.files.length} files, ${orgYears} organisation-years, ${sample.truth.length} values in ${fmt(genSeconds)} s`,
  );

  const config = {
    INBOX_DIR: path.join(work, 'sample', 'inbox'),
    WAREHOUSE_PATH: path.join(work, 'warehouse.duckdb'),
    ARCHIVE_DIR: path.join(work, 'archive'),
    SNAPSHOT_DIR: path.join(work, 'snapshot'),
    REFERENCE_DIR,
    DATA_IS_SYNTHETIC: true,
  };
  t0 = process.hrtime.bigint();
  const run = await runPipeline(config);
  const runSeconds = seconds(t0);
  console.log(
    `pipeline: ${run.filesSeen} files in ${fmt(runSeconds)} s = ${fmt(run.filesSeen / runSeconds)} files/s, ${fmt(sample.truth.length / runSeconds, 0)} values/s (status ${run.status}, warehouse ${fmt(statSync(config.WAREHOUSE_PATH).size / 1e6)} MB)`,
  );
  t0 = process.hrtime.bigint();
  const rerun = await runPipeline(config);
  console.log(`pipeline rerun (nothing new): ${fmt(seconds(t0))} s, skipped ${rerun.files.skipped} files`);

  t0 = process.hrtime.bigint();
  await buildSite({ snapshotDir: config.SNAPSHOT_DIR, distDir: path.join(work, 'dist'), quiet: true });
  console.log(`site build: ${fmt(seconds(t0))} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
