import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { listReleases, releaseFolders } from '../release/release.ts';
import type { ReleaseManifest } from '../contract/release.ts';

// Each release is shown by a site of its own, built from its frozen snapshot and served under /releases/<id>/ of the
// current site: every page, export and embed link of it then names the release. A release never changes, so its site
// is built once per version of the site's code and kept beside the releases.

/** Where the release sites are kept between builds, inside RELEASES_DIR (a dot folder: not a release). */
export const RELEASE_SITES = '.sites';
/** The release sites' folder in the built site: /releases/<id>/. */
export const RELEASES_ROUTE = 'releases';

/** What the site's code is: a release site made by other code is made again (its pages may differ). */
async function siteCodeHash(): Promise<string> {
  const hash = createHash('sha256');
  const roots = ['src', path.join('pipeline', 'contract')];
  const files: string[] = ['observablehq.config.ts', 'package-lock.json'];
  for (const root of roots) {
    for (const f of await readdir(path.join(PROJECT_ROOT, root), { recursive: true })) {
      const rel = path.join(root, String(f));
      if (rel.split(path.sep).includes('.observablehq') || !/\.(ts|js|md|css|json)$/.test(rel)) continue;
      files.push(rel);
    }
  }
  for (const file of files.sort()) {
    const full = path.join(PROJECT_ROOT, file);
    if (!existsSync(full)) continue;
    hash
      .update(file)
      .update('\0')
      .update(await readFile(full))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

export interface ReleaseSite {
  manifest: ReleaseManifest;
  /** The built site of the release, kept in RELEASES_DIR/.sites/. */
  dir: string;
}

/** A build of one site: the release's snapshot into `distDir`, with RELEASE_ID set for the loaders. */
export type BuildOne = (snapshotDir: string, distDir: string, env: Record<string, string>) => Promise<void>;

/**
 * The site of every release of `releasesDir`, built where missing (or made by other code); a release that fails
 * its check (edited by hand) or whose build fails gets no site, and `warn` says why. Returns the sites there are,
 * oldest release first. A build stopped by `signal` stops them all.
 */
export async function releaseSites(
  releasesDir: string,
  build: BuildOne,
  warn: (message: string) => void,
  signal?: AbortSignal,
): Promise<ReleaseSite[]> {
  const releases = await listReleases(releasesDir);
  if (releases.length === 0) return [];
  const code = await siteCodeHash();
  const store = path.join(releasesDir, RELEASE_SITES);
  await mkdir(store, { recursive: true });
  const sites: ReleaseSite[] = [];
  for (const manifest of releases) {
    const dir = path.join(store, `${manifest.id}_${code}`);
    if (!existsSync(path.join(dir, 'index.html'))) {
      let snapshotDir: string;
      try {
        ({ snapshotDir } = await releaseFolders(releasesDir, manifest.id));
      } catch (error) {
        warn(`Сайт выпуска ${manifest.id} не собран: ${(error as Error).message}`);
        continue;
      }
      const next = `${dir}.next`;
      await rm(next, { recursive: true, force: true });
      try {
        await build(snapshotDir, next, { RELEASE_ID: manifest.id });
      } catch (error) {
        await rm(next, { recursive: true, force: true });
        if (signal?.aborted) throw error;
        // an old release whose snapshot today's pages cannot read must not keep the current site from being built
        warn(`Сайт выпуска ${manifest.id} не собран: ${(error as Error).message}`);
        continue;
      }
      await rename(next, dir);
    }
    // the sites of this release made by older code
    for (const entry of await readdir(store)) {
      if (entry.startsWith(`${manifest.id}_`) && entry !== path.basename(dir)) {
        await rm(path.join(store, entry), { recursive: true, force: true });
      }
    }
    sites.push({ manifest, dir });
  }
  return sites;
}

/** Puts the release sites into a built site, each at releases/<id>/ (already precompressed). */
export async function copyReleaseSites(sites: readonly ReleaseSite[], distDir: string): Promise<void> {
  for (const site of sites) {
    await cp(site.dir, path.join(distDir, RELEASES_ROUTE, site.manifest.id), { recursive: true });
  }
}
