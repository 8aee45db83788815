import { beforeAll } from 'vitest';
import { sampleSite } from './browser.ts';

// Run before every page test file (vitest.config.ts, setupFiles): the sample site is built in the background
// (sample-site.setup.ts), and a file that starts before it is ready waits here, in a hook with room for a build on a
// busy machine, not inside its first test's 30 s.
beforeAll(() => sampleSite().then(() => undefined), 600_000);
