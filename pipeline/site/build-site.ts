import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import lockfile from 'proper-lockfile';
import { loadConfig, PROJECT_ROOT } from '../config.ts';
import { isProcessAlive } from '../run-lock.ts';
import { copyReleaseSites, type ReleaseSite, releaseSites } from './release-sites.ts';

/** Where Framework caches loader output; stale after every pipeline run. */
export const LOADER_CACHE_DIR = path.join(PROJECT_ROOT, 'src', '.observablehq', 'cache');

export interface BuildSiteOptions {
  /** The marts snapshot to build from; SNAPSHOT_DIR by default. */
  snapshotDir?: string;
  /** Where the site goes; SITE_DIST_DIR or `dist` by default. */
  distDir?: string;
  /** The releases «Изменения после выпуска» compares with; RELEASES_DIR by default. */
  releasesDir?: string;
  /** Collect Framework's output instead of printing it (it is still shown when the build fails). */
  quiet?: boolean;
  /**
   * Build beside `distDir` and swap the new site in only when it is whole, so a server of `distDir` (the scheduler's)
   * keeps serving the previous site during the build and after a failed one.
   */
  swap?: boolean;
  /** Aborting it stops the build (the previous site stays). */
  signal?: AbortSignal;
  /**
   * Build (or take from RELEASES_DIR/.sites) the site of every release and put it at releases/<id>/ (default true);
   * the slides, which draw from one snapshot, need none.
   */
  releaseSites?: boolean;
  /**
   * Write the gzip and brotli copies a server sends in place of the files (default true). A site only this machine
   * reads and then removes (the slides', a test's) does without: they cost about a sixth of a build. The release
   * sites, kept for later builds, are compressed all the same.
   */
  precompress?: boolean;
}

export interface BuiltSite {
  distDir: string;
  durationMs: number;
  /** The releases whose sites are at releases/<id>/ of the site. */
  releases: string[];
}

/** A build lock not refreshed for this long is stale (its holder is gone or frozen) and may be taken over. */
const BUILD_LOCK_STALE_MS = 120_000;
/** How long a build waits for another one to finish before giving up. */
const BUILD_LOCK_WAIT_MS = 120_000;
/** How long a reader waits before trusting that the recorded holder is dead (its successor may be writing). */
const BUILD_LOCK_RECHECK_MS = 300;

interface BuildLockHolder {
  pid: number;
  host: string;
  started_at: string;
}

async function readBuildLockHolder(file: string): Promise<BuildLockHolder | null> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as Partial<BuildLockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started_at === 'string'
      ? { pid: h.pid, host: h.host, started_at: h.started_at }
      : null;
  } catch {
    return null;
  }
}

const sameBuildLockHolder = (a: BuildLockHolder | null, b: BuildLockHolder | null) =>
  a !== null && b !== null && a.pid === b.pid && a.host === b.host && a.started_at === b.started_at;

/**
 * Builds share Framework's loader cache under src/.observablehq: one build, or one clearing, at a time. The lock is
 * proper-lockfile's `build.lock`; beside it `build.lock.json` names the holder's PID, so a lock left by a process of
 * this machine that no longer exists (killed) is taken over at once instead of after the stale period.
 * `cacheRoot` is for tests.
 */
export async function withCacheLock<T>(work: () => Promise<T>, cacheRoot = path.dirname(LOADER_CACHE_DIR)): Promise<T> {
  await mkdir(cacheRoot, { recursive: true });
  const lockDir = path.join(cacheRoot, 'build.lock');
  const holderFile = path.join(cacheRoot, 'build.lock.json');
  const waitUntil = Date.now() + BUILD_LOCK_WAIT_MS;
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lockfile.lock(cacheRoot, { lockfilePath: lockDir, stale: BUILD_LOCK_STALE_MS, retries: 0 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const holder = await readBuildLockHolder(holderFile);
      if (holder?.host === hostname() && holder.pid !== process.pid && !isProcessAlive(holder.pid)) {
        await sleep(BUILD_LOCK_RECHECK_MS);
        if (sameBuildLockHolder(holder, await readBuildLockHolder(holderFile))) {
          await rm(lockDir, { recursive: true, force: true });
          continue;
        }
      }
      if (Date.now() > waitUntil) throw e;
      await sleep(500 + Math.random() * 500);
    }
  }
  const me: BuildLockHolder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  // written whole, then renamed: a reader never sees half a file
  const tmp = `${holderFile}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(me)}\n`);
  await rename(tmp, holderFile);
  try {
    return await work();
  } finally {
    if (sameBuildLockHolder(await readBuildLockHolder(holderFile), me)) await rm(holderFile, { force: true });
    await release();
  }
}

/**
 * Framework's bundles of the libraries the pages import from node_modules (d3, Plot, exceljs…): they depend only on
 * the installed packages, which Framework names by version, and making them again costs most of a build.
 */
const LIBRARY_BUNDLES = '_node';

/** Removes the cached output of the loaders (made from a snapshot), keeping the library bundles. */
async function removeLoaderOutput(): Promise<void> {
  const entries = await readdir(LOADER_CACHE_DIR).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((e) => e !== LIBRARY_BUNDLES)
      .map((e) => rm(path.join(LOADER_CACHE_DIR, e), { recursive: true, force: true })),
  );
}

/** Removes Framework's whole cache, library bundles too, as on a new installation (the site benchmark's first build). */
export async function clearLibraryBundles(): Promise<void> {
  await withCacheLock(() => rm(LOADER_CACHE_DIR, { recursive: true, force: true }));
}

/** Removes Framework's cached loader output so the next build reads the snapshot afresh; waits for a running build. */
export async function clearLoaderCache(): Promise<void> {
  await withCacheLock(removeLoaderOutput);
}

const FRAMEWORK_CLIENT_DIR = path.join(PROJECT_ROOT, 'node_modules', '@observablehq', 'framework', 'dist', 'client');
/** A version no registry has: the lazy imports that name it are never loaded by our pages. */
export const OFFLINE_NPM_VERSION = '0.0.0-offline';

/**
 * Framework's client bundle names npm packages it would load lazily for implicit globals (React, echarts, d3, …)
 * and asks registry.npmjs.org for their latest version when its cache has none, even if no page uses them.
 * Seeding the version cache with a placeholder keeps the build offline; returns the package names seeded.
 */
export async function seedNpmVersionCache(): Promise<string[]> {
  const names = new Set<string>();
  for (const file of await readdir(FRAMEWORK_CLIENT_DIR, { recursive: true })) {
    if (!file.endsWith('.js')) continue;
    const source = await readFile(path.join(FRAMEWORK_CLIENT_DIR, file), 'utf-8');
    for (const match of source.matchAll(/["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(match[1]!);
  }
  for (const name of names) {
    await mkdir(path.join(LOADER_CACHE_DIR, '_npm', `${name}@${OFFLINE_NPM_VERSION}`), { recursive: true });
  }
  return [...names].sort();
}

/** Preloaded into the build and its loaders: any fetch fails at once, naming the URL, instead of going out. */
const OFFLINE_GUARD = `data:text/javascript,${encodeURIComponent(
  'globalThis.fetch = async (input) => { throw new Error(`offline build: network request refused: ${input?.url ?? input}`); };',
)}`;

/**
 * Builds the static site from the marts snapshot with Observable Framework (offline, telemetry off).
 * @example const { distDir } = await buildSite({ snapshotDir: "/tmp/snapshot", distDir: "/tmp/dist" });
 */
export async function buildSite(options: BuildSiteOptions = {}): Promise<BuiltSite> {
  const config = loadConfig({
    ...(options.snapshotDir ? { SNAPSHOT_DIR: options.snapshotDir } : {}),
    ...(options.releasesDir ? { RELEASES_DIR: options.releasesDir } : {}),
  });
  const distDir = path.resolve(PROJECT_ROOT, options.distDir ?? config.SITE_DIST_DIR);
  if (!existsSync(path.join(config.SNAPSHOT_DIR, 'meta.json'))) {
    throw new Error(
      `Нет снимка витрин в ${config.SNAPSHOT_DIR}: сначала запустите npm run pipeline (или укажите SNAPSHOT_DIR).`,
    );
  }
  const projectInDist = path.relative(distDir, PROJECT_ROOT);
  if (!projectInDist.startsWith('..') && !path.isAbsolute(projectInDist)) {
    throw new Error(`Папка сайта ${distDir} содержит проект: укажите другую SITE_DIST_DIR.`);
  }
  const build: BuildRun = {
    quiet: options.quiet ?? false,
    signal: options.signal,
    precompress: options.precompress ?? true,
  };
  const buildInto = (target: string) =>
    withCacheLock(async () => {
      const started = performance.now();
      const sites: ReleaseSite[] =
        options.releaseSites === false
          ? []
          : await releaseSites(
              config.RELEASES_DIR,
              (snapshotDir, distDir, env) =>
                // kept for serving with every later site: compressed whatever this build does
                buildLocked(snapshotDir, config.RELEASES_DIR, distDir, { ...build, precompress: true }, env),
              (message) => console.warn(message),
              options.signal,
            );
      const releases = sites.map((r) => r.manifest.id);
      await buildLocked(config.SNAPSHOT_DIR, config.RELEASES_DIR, target, build, {
        RELEASE_SITES: releases.join(','),
      });
      await copyReleaseSites(sites, target);
      return { distDir: target, durationMs: performance.now() - started, releases };
    });
  if (!options.swap) return buildInto(distDir);
  const next = `${distDir}.next`;
  try {
    const built = await buildInto(next);
    const old = `${distDir}.old`;
    await rm(old, { recursive: true, force: true });
    await rename(distDir, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e; // first build: nothing to move aside
    });
    await rename(next, distDir);
    await rm(old, { recursive: true, force: true });
    return { ...built, distDir };
  } finally {
    await rm(next, { recursive: true, force: true });
  }
}

/** How one `observable build` of a buildSite call runs. */
interface BuildRun {
  quiet: boolean;
  signal: AbortSignal | undefined;
  precompress: boolean;
}

async function buildLocked(
  snapshotDir: string,
  releasesDir: string,
  distDir: string,
  { quiet, signal, precompress: compress }: BuildRun,
  env: Record<string, string> = {},
): Promise<void> {
  await rm(distDir, { recursive: true, force: true }); // Framework clears it only inside the project
  await removeLoaderOutput(); // the snapshot may have changed: read it afresh
  await seedNpmVersionCache();
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin');
  const child = spawn(path.join(bin, 'observable'), ['build'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      SNAPSHOT_DIR: snapshotDir,
      RELEASES_DIR: releasesDir,
      SITE_DIST_DIR: distDir,
      OBSERVABLE_TELEMETRY_DISABLE: 'true',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${OFFLINE_GUARD}`.trim(),
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
    // a stopped run ends the build at once (SIGTERM to Framework); the half-written folder is removed by the caller
    signal,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-30).join('\n');
    throw new Error(`Сборка сайта не удалась (observable build, код ${code}).${tail ? `\n${tail}` : ''}`);
  }
  if (compress) await precompress(distDir);
}

const COMPRESSIBLE = /\.(html|js|css|json|svg|csv|txt)$/;
// Brotli's top quality, 11, took 14 s for the sample site's 4 MB on 2 cores; 10 takes a third of that for 2 % more bytes.
const BROTLI_QUALITY = 10;

/**
 * Writes a gzip and a brotli copy beside every text file of the site, served in place of the file to browsers
 * that accept them (here by sirv; nginx's gzip_static and brotli_static do the same): the charting libraries
 * and the data shrink four- to sixfold on the wire, which keeps each page well under 500 KB on a slow network.
 * Files are compressed on every core at once (zlib works on libuv's thread pool).
 */
export async function precompress(distDir: string): Promise<void> {
  const files = (await readdir(distDir, { recursive: true })).filter((f) => COMPRESSIBLE.test(f));
  const compressOne = async (file: string) => {
    const full = path.join(distDir, file);
    const content = await readFile(full);
    await writeFile(`${full}.gz`, await promisify(gzip)(content, { level: 9 }));
    const params = { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length };
    await writeFile(`${full}.br`, await promisify(brotliCompress)(content, { params }));
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) await compressOne(files[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), files.length) }, worker));
}
