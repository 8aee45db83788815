import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { ReleaseManifest } from './release.ts';
import { readSnapshot, type SnapshotFile } from './snapshot.ts';

// What changed between a release and the current snapshot: each region or territory × indicator (or count) × year
// whose figure differs, by how much, and the files that can have changed it — received after the release, or in
// force then and not now. Analysts answer «why does the site differ from the справка» from it.

/** One figure that differs. `before`/`after` are null where there was no figure (no data, or no denominator). */
export interface ReleaseChange {
  /** null: the whole region. */
  territory_id: string | null;
  territory: string;
  kind: 'indicator' | 'count';
  /** indicator_id or measure_id. */
  id: string;
  name: string;
  year: number;
  before: number | null;
  after: number | null;
  /** after − before (percentage points for an indicator), null when either is missing. */
  change: number | null;
  /** Names of the files that touch this territory (any, for the region) and year and came or went since the release. */
  files: string[];
}

/** What the site says of a release: its name, year, version and when it was made. */
export type ReleaseInfo = Pick<ReleaseManifest, 'id' | 'label' | 'year' | 'version' | 'created_at'>;

export const releaseInfo = ({ id, label, year, version, created_at }: ReleaseManifest): ReleaseInfo => ({
  id,
  label,
  year,
  version,
  created_at,
});

export interface ReleaseChanges {
  release: ReleaseInfo;
  changes: ReleaseChange[];
  /** Files received after the release or no longer in force, with what they touch. */
  files: { file_name: string; source_path: string; received_at: string; status: string; why: 'new' | 'gone' }[];
}

/** RELEASES_DIR of the environment (the site's build sets it), by default `data/releases` of the project. */
export function releasesDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(import.meta.dirname, '..', '..', env.RELEASES_DIR || 'data/releases');
}

/** The releases of a folder (their manifests), oldest first; unreadable ones are left out (npm run release -- --verify names them). */
export function readReleaseManifests(releasesDir: string): ReleaseManifest[] {
  if (!existsSync(releasesDir)) return [];
  return readdirSync(releasesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .flatMap((e) => {
      try {
        const parsed = ReleaseManifest.safeParse(
          JSON.parse(readFileSync(path.join(releasesDir, e.name, 'manifest.json'), 'utf-8')),
        );
        return parsed.success && parsed.data.id === e.name ? [parsed.data] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

/** Past this size a mart is read a row at a time (at national scale one is larger than a string can be). */
const WHOLE_FILE_MAX = 64 * 2 ** 20;
const REGION_OR_TERRITORY = /"level":"(region|territory)"/;

/**
 * The rows of a mart file: read and checked whole when it is small, else line by line as DuckDB writes the array
 * («[», one «{…},» per line, «]»), the region's and territories' rows only, without the per-row check, which would
 * cost more than the comparison.
 */
async function* martRows<K extends 'mart_indicator_values' | 'mart_counts'>(
  name: K,
  dir: string,
): AsyncGenerator<SnapshotFile<K>[number]> {
  const file = path.join(dir, `${name}.json`);
  if (statSync(file).size <= WHOLE_FILE_MAX) {
    yield* readSnapshot(name, dir) as Iterable<SnapshotFile<K>[number]>;
    return;
  }
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    // the region's and the territories' rows only: most lines (forms, types, organisations) are not parsed at all
    if (!REGION_OR_TERRITORY.test(line)) continue;
    const row = line.trim().replace(/,$/, '');
    if (row.startsWith('{')) yield JSON.parse(row) as SnapshotFile<K>[number];
  }
}

/** Figures equal to the published precision (a tenth for a share, a unit for a count) do not count as changed. */
const same = (a: number | null, b: number | null, digits: number) =>
  a === null || b === null ? a === b : Math.abs(a - b) < 0.5 * 10 ** -digits;

/**
 * The changes from a release's snapshot (`releaseDir/snapshot`) to the current one, region and territories, sorted
 * by year, indicator order and territory order.
 * @example releaseChanges(manifest, "data/releases/<id>/snapshot", "data/snapshot").changes.length
 */
export async function releaseChanges(
  manifest: ReleaseManifest,
  releaseSnapshotDir: string,
  currentDir: string,
): Promise<ReleaseChanges> {
  const territories = readSnapshot('ref_territories', currentDir);
  const territoryName = new Map(territories.map((t) => [t.territory_id, t.short_name]));
  const territoryOrder = new Map(territories.map((t) => [t.territory_id, t.sort_order]));
  const indicators = readSnapshot('ref_indicators', currentDir);
  const measures = readSnapshot('ref_measures', currentDir);
  const nameOf = new Map<string, string>([
    ...indicators.map((i) => [`indicator|${i.indicator_id}`, i.short_name] as const),
    ...measures.map((m) => [`count|${m.measure_id}`, m.short_name ?? m.name] as const),
  ]);
  const order = new Map<string, number>([
    ...indicators.map((i, n) => [`indicator|${i.indicator_id}`, n] as const),
    ...measures.map((m, n) => [`count|${m.measure_id}`, 1000 + n] as const),
  ]);

  type Figure = {
    kind: ReleaseChange['kind'];
    id: string;
    territory_id: string | null;
    year: number;
    value: number | null;
  };
  const figures = async (dir: string): Promise<Map<string, Figure>> => {
    const out = new Map<string, Figure>();
    for await (const v of martRows('mart_indicator_values', dir)) {
      if (v.level !== 'region' && v.level !== 'territory') continue;
      const f = {
        kind: 'indicator' as const,
        id: v.indicator_id,
        territory_id: v.territory_id,
        year: v.year,
        value: v.value_pct,
      };
      out.set(`${f.kind}|${f.id}|${f.territory_id ?? ''}|${f.year}`, f);
    }
    for await (const c of martRows('mart_counts', dir)) {
      if (c.level !== 'region' && c.level !== 'territory') continue;
      const f = {
        kind: 'count' as const,
        id: c.measure_id,
        territory_id: c.territory_id,
        year: c.year,
        value: c.value,
      };
      out.set(`${f.kind}|${f.id}|${f.territory_id ?? ''}|${f.year}`, f);
    }
    return out;
  };
  const before = await figures(releaseSnapshotDir);
  const after = await figures(currentDir);

  // the files that came (received after the release, not in force then) or went (in force then, not now)
  const inForceThen = new Set(manifest.files_in_force.map((f) => f.file_sha256));
  const nowFiles = readSnapshot('ops_files', currentDir);
  const inForceNow = new Set(nowFiles.filter((f) => f.status !== 'rejected').map((f) => f.file_sha256));
  const thenFiles = readSnapshot('ops_files', releaseSnapshotDir);
  const moved = [
    ...nowFiles
      .filter((f) => inForceNow.has(f.file_sha256) && !inForceThen.has(f.file_sha256))
      .map((f) => ({ ...f, why: 'new' as const })),
    ...thenFiles
      .filter((f) => inForceThen.has(f.file_sha256) && !inForceNow.has(f.file_sha256))
      .map((f) => ({ ...f, why: 'gone' as const })),
  ].sort((a, b) => a.received_at.localeCompare(b.received_at) || a.file_name.localeCompare(b.file_name, 'ru'));
  const touching = (territory: string | null, year: number) =>
    moved
      .filter(
        (f) =>
          (f.years == null || f.years.includes(year)) &&
          (territory === null || f.territory_ids == null || f.territory_ids.includes(territory)),
      )
      .map((f) => f.file_name);

  const changes: ReleaseChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key);
    const is = after.get(key);
    const f = (is ?? was)!;
    const a = was?.value ?? null;
    const b = is?.value ?? null;
    if (same(a, b, f.kind === 'indicator' ? 1 : 0)) continue;
    changes.push({
      territory_id: f.territory_id,
      territory: f.territory_id === null ? 'весь край' : (territoryName.get(f.territory_id) ?? f.territory_id),
      kind: f.kind,
      id: f.id,
      name: nameOf.get(`${f.kind}|${f.id}`) ?? f.id,
      year: f.year,
      before: a,
      after: b,
      change: a === null || b === null ? null : b - a,
      files: [...new Set(touching(f.territory_id, f.year))],
    });
  }
  changes.sort(
    (x, y) =>
      x.year - y.year ||
      (order.get(`${x.kind}|${x.id}`) ?? 0) - (order.get(`${y.kind}|${y.id}`) ?? 0) ||
      (x.territory_id === null ? -1 : y.territory_id === null ? 1 : 0) ||
      (territoryOrder.get(x.territory_id ?? '') ?? 0) - (territoryOrder.get(y.territory_id ?? '') ?? 0),
  );
  return {
    release: releaseInfo(manifest),
    changes,
    files: moved.map(({ file_name, source_path, received_at, status, why }) => ({
      file_name,
      source_path,
      received_at,
      status,
      why,
    })),
  };
}
