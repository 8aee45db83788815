import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite, clearLoaderCache } from '../../../pipeline/site/build-site.ts';
import { serveSite } from '../../../pipeline/site/serve.ts';
import { publishSample } from '../../../pipeline/sample/publish-sample.ts';

/** The site of the bundled sample, built once for every page test: what `npm start` serves. */
export interface SampleSite {
  url: string;
  snapshotDir: string;
  distDir: string;
  warehousePath: string;
  /** The generated sample (inbox/, registry/): what the site must never reveal, e.g. the registry's personal data. */
  sampleDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sampleSite: SampleSite;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'sample-site-'));
  const { sampleDir, snapshotDir, warehousePath } = await publishSample(work);
  const distDir = path.join(work, 'dist');
  await buildSite({ snapshotDir, distDir, quiet: true });
  const site = await serveSite({ distDir, host: '127.0.0.1', port: 0 });
  project.provide('sampleSite', { url: site.url, snapshotDir, distDir, warehousePath, sampleDir });
  return async () => {
    await site.close();
    await clearLoaderCache();
    await rm(work, { recursive: true, force: true });
  };
}
