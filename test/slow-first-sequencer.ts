import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest (the slowest-files reporter prints them after every run), started first so that
 * the two workers finish together: vitest's own order puts a project's files before the next project's, and on a
 * clean clone (no timings cached) the larger files first, which left the sparse sites to start with a minute to go.
 * Files that need no sample site come first: the sample is built in the background meanwhile (sample-site.setup.ts).
 */
const SLOWEST = [
  'test/site/sparse-seed-site.test.ts',
  'test/site/sparse-empty-site.test.ts',
  'test/registry/registry-sync.test.ts',
  'test/site/pages/chart-export.test.ts',
  'test/site/pages/slides.test.ts',
  'test/site/pages/layout.test.ts',
  'test/site/pages/table-export.test.ts',
  'test/pipeline/runner.test.ts',
  'test/properties/chart-specs.test.ts',
  'test/properties/data-modules.test.ts',
  'test/site/overview.test.ts',
  'test/hostile/time-budget.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (f: TestSpecification) => {
      const at = SLOWEST.indexOf(path.relative(root, f.moduleId).split(path.sep).join('/'));
      return at < 0 ? SLOWEST.length : at;
    };
    return sorted
      .map((file, order) => ({ file, order }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
      .map(({ file }) => file);
  }
}
