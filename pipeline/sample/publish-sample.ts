import path from 'node:path';
import { loadConfig } from '../config.ts';
import { runPipeline } from '../run-pipeline.ts';
import { generateSample } from './generate.ts';
import { readSampleRegistry, startRegistryServer } from './registry-server.ts';

export interface PublishedSample {
  /** The generated sample (inbox/, registry/). */
  sampleDir: string;
  warehousePath: string;
  snapshotDir: string;
}

/**
 * The synthetic sample end to end in `workDir`: generated, its registry served on 127.0.0.1 for the run, one pipeline
 * pass into a warehouse and a snapshot there — what the site, the note and their tests and benchmarks read.
 * @example const { snapshotDir } = await publishSample(dir, { scale: 0.2 });
 */
export async function publishSample(workDir: string, { scale }: { scale?: number } = {}): Promise<PublishedSample> {
  const config = loadConfig();
  const sampleDir = path.join(workDir, 'sample');
  await generateSample({ seed: config.SAMPLE_SEED, outDir: sampleDir, ...(scale === undefined ? {} : { scale }) });
  const registry = await startRegistryServer({ items: readSampleRegistry(path.join(sampleDir, 'registry')), port: 0 });
  const published = {
    sampleDir,
    warehousePath: path.join(workDir, 'warehouse.duckdb'),
    snapshotDir: path.join(workDir, 'snapshot'),
  };
  try {
    const run = await runPipeline({
      INBOX_DIR: path.join(sampleDir, 'inbox'),
      WAREHOUSE_PATH: published.warehousePath,
      ARCHIVE_DIR: path.join(workDir, 'archive'),
      SNAPSHOT_DIR: published.snapshotDir,
      REFERENCE_DIR: config.REFERENCE_DIR,
      DATA_IS_SYNTHETIC: true,
      REGISTRY_URL: registry.url,
    });
    if (run.status === 'failed') throw new Error(`sample pipeline failed: ${run.error}`);
  } finally {
    await registry.close();
  }
  return published;
}
