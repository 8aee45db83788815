import { readReleaseManifests, releaseInfo, releasesDir } from "../contract/release-diff.ts";
import { readSnapshot } from "../contract/snapshot.ts";

// When the data was published, whether it is synthetic, and the region: the page header needs nothing else. The
// build of a release's site sets RELEASE_ID (the pages then name the release); the current site's build sets
// RELEASE_SITES, the releases whose sites it carries at releases/<id>/ (the pages offer them).
export function metaData() {
  const { generated_at, years, synthetic, region } = readSnapshot("meta");
  const manifests = readReleaseManifests(releasesDir());
  const releaseId = process.env.RELEASE_ID;
  const release = releaseId ? manifests.find((m) => m.id === releaseId) : undefined;
  if (releaseId && !release) throw new Error(`Нет выпуска ${releaseId} в ${releasesDir()}`);
  const sites = new Set((process.env.RELEASE_SITES ?? "").split(",").filter(Boolean));
  return {
    generated_at,
    years,
    synthetic,
    region,
    release: release ? releaseInfo(release) : null,
    releases: release ? [] : manifests.filter((m) => sites.has(m.id)).map(releaseInfo)
  };
}
