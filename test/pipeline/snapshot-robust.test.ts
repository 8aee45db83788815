import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 22, item 9: two identical runs (same inbox, each into its own fresh warehouse and snapshot folder) publish
// byte-identical files. Compared: every file of the snapshot folder except meta.json (its generated_at and run_id)
// and the ops_*.json files (ops_runs, ops_run_steps, ops_sources, ops_files, ops_findings carry times and run ids),
// that is ref_*.json and mart_*.json.

const dir = tempDir('nm-snapshot-');
const inbox = path.join(dir, 'sample', 'inbox');
const first = pipelineConfigIn(path.join(dir, 'first'), inbox);
const second = pipelineConfigIn(path.join(dir, 'second'), inbox);
const compared = (snapshot: string) =>
  readdirSync(snapshot)
    .filter((f) => f !== 'meta.json' && !f.startsWith('ops_'))
    .sort();

describe('the snapshot of two identical runs', () => {
  beforeAll(async () => {
    await generateSample({ seed: 11, outDir: path.join(dir, 'sample'), scale: 0.05 });
    for (const config of [first, second]) expect((await runPipeline(config)).error).toBeNull();
  }, 180_000);

  it('has the same ref_* and mart_* files, byte for byte', () => {
    const files = compared(first.SNAPSHOT_DIR);
    expect(files).toEqual(compared(second.SNAPSHOT_DIR));
    expect(files).toContain('ref_organisations.json');
    expect(files.filter((f) => f.startsWith('mart_')).length).toBeGreaterThan(0);
    for (const f of files) {
      expect(
        readFileSync(path.join(first.SNAPSHOT_DIR, f)).equals(readFileSync(path.join(second.SNAPSHOT_DIR, f))),
        f,
      ).toBe(true);
    }
  });

  it('orders organisations by a full key: territory, name, then org_key among namesakes', () => {
    const orgs = JSON.parse(readFileSync(path.join(first.SNAPSHOT_DIR, 'ref_organisations.json'), 'utf8')) as {
      territory_id: string;
      name: string;
      org_key: string;
    }[];
    const key = (o: (typeof orgs)[number]) => [o.territory_id, o.name, o.org_key];
    const sorted = [...orgs].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    });
    expect(orgs.map((o) => o.org_key)).toEqual(sorted.map((o) => o.org_key));
  });
});
