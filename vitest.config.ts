import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.ts';

// Two projects: everything, and the pages of the sample site, which share one build made by their global setup
// (it runs only when a page test is selected).
export default defineConfig({
  test: {
    testTimeout: 30000,
    hookTimeout: 180000,
    pool: 'forks',
    // one module graph per worker, not per file: the files import the same pipeline, DuckDB, exceljs and Playwright,
    // and loading them anew for each of 76 files took a fifth of the run (and the page files share one browser)
    isolate: false,
    // One more worker than the 2 cores: a file waiting on a browser, a child process or a server's deliberate delay
    // leaves its core to another. The run keeps both cores busy; measured on the same tree: 461 s with 2 workers,
    // 426–460 s with 3, 465 s with 4 (each more makes every file slower by about what it gains).
    maxWorkers: 3,
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ['default', './test/slowest-files-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/site/pages/**'] } },
      {
        extends: true,
        test: {
          name: 'pages',
          include: ['test/site/pages/**/*.test.ts'],
          globalSetup: ['test/site/pages/sample-site.setup.ts'],
          setupFiles: ['test/site/pages/wait-for-site.ts'],
        },
      },
    ],
  },
});
