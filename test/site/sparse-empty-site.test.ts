import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyPageProblems, type Site, siteOf } from './sparse-site.ts';

// The site of an empty warehouse, as a region's first build makes it before any school has sent a file: every page
// and embed opened in Chromium (the seed-shaped site: sparse-seed-site.test.ts).

let empty: Site;

beforeAll(async () => {
  empty = await siteOf(async (inbox) => void (await mkdir(inbox, { recursive: true })));
}, 300_000);

afterAll(async () => {
  await empty?.close();
});

describe('every page and embed of the site of an empty warehouse', () => {
  it('loads with no console error, no outside request and no broken text, and lays out at 360–1920 px', async () => {
    // the nine pages of the menu, the 19 embeds and at least one territory's page; no release
    expect(empty.routes.filter((r) => r.startsWith('/embed/'))).toHaveLength(19);
    expect(empty.routes.filter((r) => r.startsWith('/territory/')).length).toBeGreaterThanOrEqual(1);
    expect(empty.routes.length).toBeGreaterThanOrEqual(28);
    expect(empty.releases).toEqual([]);
    expect(await everyPageProblems(empty)).toEqual([]);
  }, 240_000);
});
