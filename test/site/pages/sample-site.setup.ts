import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite, clearLoaderCache } from '../../../pipeline/site/build-site.ts';
import { siteHandler } from '../../../pipeline/site/serve.ts';
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

/** Answers once the site is built: 200, or 500 with the reason the sample or the build failed. */
export const READY_PATH = '/__sample-site-ready';

declare module 'vitest' {
  export interface ProvidedContext {
    sampleSite: SampleSite;
  }
}

/**
 * Starts the sample's pipeline and site build in the background and returns at once, so that the tests that need no
 * site run meanwhile; the server listens from the start and holds each request until the build is done. A page test
 * reaches the site through `sampleSite()` (browser.ts), which waits for READY_PATH.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'sample-site-'));
  const distDir = path.join(work, 'dist');
  const built = (async () => {
    const published = await publishSample(work);
    // no release: «Изменения после выпуска» says so (the sparse seed-shaped site has one)
    await buildSite({
      snapshotDir: published.snapshotDir,
      distDir,
      releasesDir: path.join(work, 'releases'),
      quiet: true,
    });
    return siteHandler(distDir).handle;
  })();
  built.catch(() => undefined); // reported to the tests through READY_PATH
  const server = createServer((req, res) => {
    built.then(
      (handle) => (req.url === READY_PATH ? res.end('ok') : handle(req, res)),
      (error: unknown) => {
        res.statusCode = 500;
        res.end(`Образец или сборка сайта не удались: ${error instanceof Error ? error.stack : String(error)}`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  project.provide('sampleSite', {
    url: `http://127.0.0.1:${port}/`,
    snapshotDir: path.join(work, 'snapshot'),
    distDir,
    warehousePath: path.join(work, 'warehouse.duckdb'),
    sampleDir: path.join(work, 'sample'),
  });
  return async () => {
    await built.catch(() => undefined);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await clearLoaderCache();
    await rm(work, { recursive: true, force: true });
  };
}
