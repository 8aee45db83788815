import path from "node:path";
import { readReleaseManifests, releaseChanges, releasesDir } from "../contract/release-diff.ts";
import { snapshotDir } from "../contract/snapshot.ts";

/**
 * «Изменения после выпуска»: for every release (npm run release), newest first, the figures that differ now and the
 * files that came or went since.
 */
export async function changesData() {
  // a release's own site compares with nothing: what changed since is shown by the current site
  if (process.env.RELEASE_ID) return { releases: [] };
  const dir = releasesDir();
  const releases = [];
  for (const m of readReleaseManifests(dir).reverse()) {
    releases.push(await releaseChanges(m, path.join(dir, m.id, "snapshot"), snapshotDir()));
  }
  return { releases };
}
