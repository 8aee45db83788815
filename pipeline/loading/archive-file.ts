import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

const CHUNK = 4 * 1024 * 1024;

/** Files from this size on are hashed on a thread of their own, after they are read. */
export const BACKGROUND_HASH_MIN_BYTES = 4 * 1024 * 1024;

/**
 * The hashing thread. It lowers its own priority first (on Linux a thread's nice value is its own, not the
 * process's), so it takes only the CPU that DuckDB's threads and the main thread leave idle: hashing a quarter of
 * a gigabyte costs a core-second on these machines, and while DuckDB parses the file it would slow that down by
 * as much.
 */
const HASH_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
// elsewhere the priority is the whole process's (on Windows 19 is even the idle class): left as it is there
if (process.platform === 'linux') try { require('node:os').setPriority(19); } catch {}
parentPort.postMessage(createHash('sha256').update(new Uint8Array(workerData.bytes, 0, workerData.length)).digest('hex'));
`;

function hashOnThread(bytes: SharedArrayBuffer, length: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_THREAD, { eval: true, workerData: { bytes, length } });
    worker.once('message', (hash: string) => resolve(hash));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`hashing thread exited with code ${code}`)));
  });
}

/**
 * Reads a file whole and hashes it: on the way (each chunk while the next one is read), or, when `inBackground`
 * says so for the file's size, after it is read, on a low-priority thread, so that it can be validated meanwhile.
 * `hash` settles when the hash is ready. Reads up to the size the file has when opened, as readFile does.
 */
export async function readAndHash(
  filePath: string,
  inBackground: (size: number) => boolean = (size) => size >= BACKGROUND_HASH_MIN_BYTES,
): Promise<{ buffer: Buffer; hash: Promise<string> }> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const shared = inBackground(size) ? new SharedArrayBuffer(size) : null;
    const buffer = shared ? Buffer.from(shared) : Buffer.allocUnsafe(size);
    const hash = shared ? null : createHash('sha256');
    const readAt = (offset: number) => handle.read(buffer, offset, Math.min(CHUNK, size - offset), offset);
    let offset = 0;
    let next = size > 0 ? readAt(0) : null;
    while (next) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(offset, offset + bytesRead);
      offset += bytesRead;
      next = offset < size ? readAt(offset) : null;
      hash?.update(chunk);
    }
    const hashed = shared ? hashOnThread(shared, offset) : Promise.resolve(hash!.digest('hex'));
    // awaited by the caller; should closing the file fail first, a failed hash must not go unhandled
    hashed.catch(() => {});
    return { buffer: offset < size ? buffer.subarray(0, offset) : buffer, hash: hashed };
  } finally {
    await handle.close();
  }
}

/**
 * Keeps the received bytes unchanged under their content hash (`ab/abcdef….xlsx`), so that whatever
 * happens later, what was sent can be shown again. The bytes written are the ones hashed (not the file
 * again, which may have changed since). Write, sync, then rename: a crash or a power cut leaves no half file under a
 * hash's name. When the hash is still being computed, the copy is written meanwhile under a name of its own and
 * renamed once the hash names it (or removed, if that content was archived before).
 */
const PARTIAL_PREFIX = '.part-';

/**
 * Removes the partial copies a run killed while archiving left behind. Call only while holding the run lock: another
 * run's copy in progress would go too.
 */
export async function removePartialCopies(archiveDir: string): Promise<void> {
  const names = await readdir(archiveDir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(PARTIAL_PREFIX)).map((n) => rm(path.join(archiveDir, n), { force: true })),
  );
}

export async function archiveFile(
  sourcePath: string,
  buffer: Buffer,
  hash: string | Promise<string>,
  archiveDir: string,
): Promise<string> {
  const ext = path
    .extname(sourcePath)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '');
  const targetOf = (h: string) => path.join(archiveDir, h.slice(0, 2), `${h}${ext}`);
  if (typeof hash === 'string' && existsSync(targetOf(hash))) return targetOf(hash);
  await mkdir(archiveDir, { recursive: true });
  const partial = path.join(archiveDir, `${PARTIAL_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}${ext}`);
  try {
    // synced here, while the file is validated: a large file's sync at the commit would hold it up (0.9 s for 257 MB)
    const handle = await open(partial, 'w');
    try {
      await handle.writeFile(buffer);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const target = targetOf(await hash);
    if (existsSync(target)) {
      await rm(partial);
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await rename(partial, target);
    }
    return target;
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes the names of archived copies durable before the rows that name them are committed: after a power cut,
 * `raw_files` must not name a copy whose rename the disk never got (the copies' bytes are synced as they are written).
 * Their folders and the archive's root (where the copies were made and the folders added) are synced once per
 * transaction, together, on libuv's threads.
 */
export async function syncArchiveFolders(archivedPaths: readonly string[]): Promise<void> {
  // a folder cannot be opened for a sync on Windows; elsewhere its entries become durable only by its own sync
  if (process.platform === 'win32') return;
  const folders = new Set(archivedPaths.map((p) => path.dirname(p)));
  const roots = new Set([...folders].map((f) => path.dirname(f)));
  // Some file systems cannot sync a folder (network and FUSE mounts), and a folder may be writable but not readable:
  // the copies themselves are synced, so the run goes on, as PostgreSQL does in the same case.
  const ignored = new Set(['EINVAL', 'ENOTSUP', 'EISDIR', 'EACCES', 'EPERM']);
  await Promise.all(
    [...folders, ...roots].map((f) =>
      syncPath(f).catch((e: NodeJS.ErrnoException) => {
        if (!ignored.has(e.code ?? '')) throw e;
      }),
    ),
  );
}
