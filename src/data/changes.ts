import path from "node:path";
import { readReleaseManifests, releaseChanges, releasesDir } from "../contract/release-diff.ts";
import { snapshotDir } from "../contract/snapshot.ts";

/**
 * «Изменения после выпуска»: for every release (npm run release), newest first, the figures that differ now and the
 * files that came or went since.
 */
export function changesData() {
  const dir = releasesDir();
  return {
    releases: readReleaseManifests(dir)
      .reverse()
      .map((m) => releaseChanges(m, path.join(dir, m.id, "snapshot"), snapshotDir()))
  };
}
