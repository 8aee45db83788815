import { createHash, randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { ReleaseManifest } from '../contract/release.ts';
import { readSnapshot, SnapshotFiles, type SnapshotFileName } from '../contract/snapshot.ts';

// Releases: the published snapshot frozen under a label, in its own folder that is never rewritten. A release reads
// the snapshot and the reference only (like the note), so it can be made while the pipeline runs.

/** The snapshot's files inside a release's folder. */
export const RELEASE_SNAPSHOT = 'snapshot';
/** The reference files the release was made with (the note's rules and names come from them). */
export const RELEASE_REFERENCE = 'reference';
export const MANIFEST_FILE = 'manifest.json';
const LABEL_MAX = 200;

export interface MakeReleaseOptions {
  snapshotDir: string;
  releasesDir: string;
  referenceDir: string;
  year: number;
  label: string;
  /** The region's time zone: the date in the folder's name. */
  timeZone: string;
  now?: Date;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A file's SHA-256, read in chunks: a national-scale mart is past what one string or buffer should hold. */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why a label cannot name a release, or null: it is printed in documents, file names and captions. */
export function labelProblem(label: string): string | null {
  const trimmed = label.trim();
  if (trimmed === '') return 'Не указано название выпуска (--label), например «Справка в министерство».';
  const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.exec(label);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `Название выпуска содержит управляющий символ U+${code} (позиция ${control.index + 1}): его не напечатать в справке и подписи к диаграмме.`;
  }
  if (trimmed.length > LABEL_MAX)
    return `Название выпуска длиннее ${LABEL_MAX} символов (${trimmed.length}): сократите его.`;
  return null;
}

/** SHA-256 over the names and contents of the reference files, in name order. */
export async function referenceHash(referenceDir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(referenceDir, { recursive: true })).map(String).sort();
  for (const name of names) {
    const file = path.join(referenceDir, name);
    if (!(await stat(file)).isFile()) continue;
    hash.update(`${name.split(path.sep).join('/')}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The hash that names a release: everything its manifest says but the id, in a fixed order. */
function contentHash(manifest: Omit<ReleaseManifest, 'id' | 'content_sha256'>): string {
  const checksums = Object.fromEntries(Object.entries(manifest.checksums).sort(([a], [b]) => (a < b ? -1 : 1)));
  return sha256(JSON.stringify({ ...manifest, checksums }));
}

/** The date of `moment` in `timeZone` as YYYY-MM-DD. */
function localDate(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    moment,
  );
}

/**
 * Freezes the current snapshot as a release of `year`: copies its files into `<releasesDir>/<id>/snapshot/`, writes
 * the manifest with every file's checksum, makes the folder read-only and returns the manifest. The folder appears
 * whole or not at all (it is written beside and renamed).
 * @example await makeRelease({ snapshotDir: "data/snapshot", releasesDir: "data/releases", referenceDir: "data/reference", year: 2024, label: "Справка в министерство", timeZone: "Asia/Vladivostok" })
 */
export async function makeRelease(options: MakeReleaseOptions): Promise<ReleaseManifest> {
  const problem = labelProblem(options.label);
  if (problem) throw new Error(problem);
  const label = options.label.trim();
  // every file of the contract present (a broken snapshot is refused, not frozen); the marts are only hashed, since at
  // national scale one is larger than a string, and the years with data are in meta (the years of the marts)
  for (const name of Object.keys(SnapshotFiles) as SnapshotFileName[]) {
    if (!existsSync(path.join(options.snapshotDir, `${name}.json`)))
      throw new Error(`Снимок витрин неполон: нет ${name}.json в ${options.snapshotDir}. Выпуск не сделан.`);
  }
  const meta = readSnapshot('meta', options.snapshotDir);
  if (!meta.years.includes(options.year)) {
    const years = meta.years.length > 0 ? `в снимке годы ${meta.years.join(', ')}` : 'снимок пуст';
    throw new Error(`Нет данных за ${options.year} год: выпуск делать не из чего (${years}).`);
  }

  await mkdir(options.releasesDir, { recursive: true });
  const temp = path.join(options.releasesDir, `.new-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const snapshotCopy = path.join(temp, RELEASE_SNAPSHOT);
    await cp(options.snapshotDir, snapshotCopy, { recursive: true });
    // a run that published a new snapshot while it was copied: the copy may mix two, so it is taken again
    if (readSnapshotMetaRunId(snapshotCopy) !== (await currentRunId(options.snapshotDir))) {
      throw new Error('Снимок витрин сменился во время копирования (шёл запуск конвейера): повторите команду.');
    }
    await cp(options.referenceDir, path.join(temp, RELEASE_REFERENCE), { recursive: true });
    const checksums: Record<string, string> = {};
    for (const folder of [RELEASE_SNAPSHOT, RELEASE_REFERENCE]) {
      for (const name of (await readdir(path.join(temp, folder), { recursive: true })).map(String).sort()) {
        const file = path.join(temp, folder, name);
        if ((await stat(file)).isFile())
          checksums[`${folder}/${name.split(path.sep).join('/')}`] = await fileSha256(file);
      }
    }
    const now = options.now ?? new Date();
    const earlier = (await listReleases(options.releasesDir)).filter((r) => r.year === options.year);
    const body = {
      year: options.year,
      version: Math.max(0, ...earlier.map((r) => r.version)) + 1,
      label,
      created_at: now.toISOString(),
      run_id: meta.run_id,
      snapshot_generated_at: meta.generated_at,
      reference_sha256: await referenceHash(options.referenceDir),
      files_in_force: readSnapshot('ops_files', snapshotCopy)
        .filter((f) => f.status === 'loaded' || f.status === 'partial')
        .map((f) => ({
          file_name: f.file_name,
          file_sha256: f.file_sha256,
          received_at: f.received_at,
          status: f.status,
        }))
        .sort((a, b) => (a.file_sha256 < b.file_sha256 ? -1 : 1)),
      checksums,
    };
    const content = contentHash(body);
    const id = `${localDate(now, options.timeZone)}_${options.year}_v${body.version}_${content.slice(0, 12)}`;
    const manifest = ReleaseManifest.parse({ id, ...body, content_sha256: content });
    await writeFile(path.join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await setReadOnly(temp);
    await rename(temp, path.join(options.releasesDir, id));
    return manifest;
  } catch (error) {
    await makeWritable(temp).catch(() => undefined);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

function readSnapshotMetaRunId(dir: string): string {
  return readSnapshot('meta', dir).run_id;
}

async function currentRunId(dir: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf-8')) as { run_id: string }).run_id;
}

/** Files 0444 and folders 0555: a release is not edited by accident (verify finds one edited on purpose). */
async function setReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await setReadOnly(file);
    else await chmod(file, 0o444);
  }
  await chmod(dir, 0o555);
}

async function makeWritable(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(file);
    else await chmod(file, 0o644);
  }
}

/** Every release of the folder, oldest first; a folder whose manifest does not read is left out (verify names it). */
export async function listReleases(releasesDir: string): Promise<ReleaseManifest[]> {
  if (!existsSync(releasesDir)) return [];
  const releases: ReleaseManifest[] = [];
  for (const entry of await readdir(releasesDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const manifest = await readManifest(path.join(releasesDir, entry.name)).catch(() => null);
    if (manifest) releases.push(manifest);
  }
  return releases.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

async function readManifest(dir: string): Promise<ReleaseManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`нет ${MANIFEST_FILE}`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf-8'));
  } catch (error) {
    throw new Error(`${MANIFEST_FILE} не читается как JSON (${(error as Error).message})`);
  }
  const parsed = ReleaseManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `${MANIFEST_FILE} не соответствует формату: ${issue.path.join('.') || '(корень)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** The release named by `id` (its whole name, or a start that names one release), with its folder. */
export async function findRelease(
  releasesDir: string,
  id: string,
): Promise<{ manifest: ReleaseManifest; dir: string }> {
  const all = await listReleases(releasesDir);
  const matching = all.filter((r) => r.id === id || r.id.startsWith(id));
  const exact = matching.find((r) => r.id === id);
  const found = exact ?? (matching.length === 1 ? matching[0] : undefined);
  if (!found) {
    const known = all.length > 0 ? `Есть: ${all.map((r) => r.id).join(', ')}.` : `Выпусков нет в ${releasesDir}.`;
    const why = matching.length > 1 ? `«${id}» подходит к нескольким выпускам` : `Нет выпуска «${id}»`;
    throw new Error(`${why}. ${known}`);
  }
  return { manifest: found, dir: path.join(releasesDir, found.id) };
}

/** What is wrong with one release's folder: each altered, missing or extra file, and an edited manifest. */
export interface ReleaseCheck {
  id: string;
  problems: string[];
}

/**
 * Recomputes every checksum of a release and its manifest's hash; an empty `problems` means the release is as made.
 * @example (await verifyRelease("data/releases/2027-03-01_2024_v1_0123456789ab")).problems // []
 */
export async function verifyRelease(dir: string): Promise<ReleaseCheck> {
  const id = path.basename(dir);
  let manifest: ReleaseManifest;
  try {
    manifest = await readManifest(dir);
  } catch (error) {
    return { id, problems: [`${MANIFEST_FILE}: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const { id: stated, content_sha256, ...body } = manifest;
  if (stated !== id) problems.push(`${MANIFEST_FILE}: выпуск назван «${stated}», а лежит в папке «${id}»`);
  const content = contentHash(body);
  if (content !== content_sha256 || !id.endsWith(content.slice(0, 12))) {
    problems.push(`${MANIFEST_FILE}: изменён после выпуска (его содержимое не совпадает с хешем в имени папки)`);
  }
  for (const [file, expected] of Object.entries(manifest.checksums)) {
    const full = path.join(dir, file);
    if (!existsSync(full)) problems.push(`${file}: отсутствует`);
    else if ((await fileSha256(full)) !== expected) problems.push(`${file}: изменён (контрольная сумма не совпадает)`);
  }
  const present = (await readdir(dir, { recursive: true }))
    .map((f) => String(f).split(path.sep).join('/'))
    .filter((f) => f !== MANIFEST_FILE);
  for (const file of present.sort()) {
    if (file in manifest.checksums || (await stat(path.join(dir, file))).isDirectory()) continue;
    problems.push(`${file}: лишний файл, которого не было в выпуске`);
  }
  return { id, problems };
}

/**
 * The snapshot and reference folders of a release, after checking it is as made: a note or slides are never drawn
 * from an edited one.
 */
export async function releaseFolders(
  releasesDir: string,
  id: string,
): Promise<{ manifest: ReleaseManifest; snapshotDir: string; referenceDir: string }> {
  const { manifest, dir } = await findRelease(releasesDir, id);
  const { problems } = await verifyRelease(dir);
  if (problems.length > 0) {
    throw new Error(
      `Выпуск ${manifest.id} изменён после выпуска, по нему ничего не строится:\n  ${problems.join('\n  ')}`,
    );
  }
  return { manifest, snapshotDir: path.join(dir, RELEASE_SNAPSHOT), referenceDir: path.join(dir, RELEASE_REFERENCE) };
}
