import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../pipeline/site/build-site.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { type RegistryServer, readSampleRegistry, startRegistryServer } from '../../pipeline/sample/registry-server.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
let server: RegistryServer;
let mentors: ReturnType<typeof readSampleRegistry>;
let distText: string;

/** All text of a built site: pages, scripts and data files. */
function siteText(root: string): string {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(root, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

describe('the built site holds no personal data from the registry', () => {
  beforeAll(async () => {
    await generateSample({ seed: 9, outDir: path.join(dir, 'sample'), scale: 0.1 });
    mentors = readSampleRegistry(path.join(dir, 'sample', 'registry'));
    server = await startRegistryServer({ items: mentors });
    const config = pipelineConfigIn(dir, path.join(dir, 'sample', 'inbox'), {
      REGISTRY_URL: server.url,
      DATA_IS_SYNTHETIC: true,
    });
    const run = await runPipeline(config);
    expect(run.registry.applied).toBe(mentors.length);
    const { distDir } = await buildSite({
      snapshotDir: config.SNAPSHOT_DIR,
      distDir: path.join(dir, 'dist'),
      quiet: true,
    });
    distText = siteText(distDir);
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('reads the site’s data (a territory name is there)', () => {
    expect(distText).toContain('Солнечный');
  });

  it('has none of the mentors’ names, e-mails or phones', () => {
    const leaks = mentors
      .flatMap((m) => [m.full_name, m.email, m.phone])
      .filter((pii): pii is string => typeof pii === 'string' && pii !== '' && distText.includes(pii));
    expect(mentors.length).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });
});
