import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';

/**
 * One pipeline run per warehouse, across processes: `npm run pipeline`, the scheduler and `npm start` take this
 * lock before opening the warehouse. The lock is proper-lockfile's directory `<warehouse>.lock` (its mtime is
 * refreshed while held, so a lock whose holder vanished goes stale); beside it `<warehouse>.lock.json` says who
 * holds it, so a second process can name the holder, and a lock left by a process that no longer exists on this
 * machine is taken over at once instead of after the stale period.
 */

/** A lock not refreshed for this long is stale (its holder is gone or frozen) and may be taken over. */
export const RUN_LOCK_STALE_MS = 120_000;
/** How long a reader waits before trusting that the recorded holder is dead (its successor may be writing). */
const RECHECK_MS = 300;

export interface RunLockInfo {
  pid: number;
  host: string;
  /** ISO 8601. */
  started_at: string;
  /** What holds it: `pipeline`, `schedule`, `start`. */
  command: string;
}

export interface RunLock {
  readonly info: RunLockInfo;
  /** Removes the lock (and its holder file); safe to call twice. */
  release(): Promise<void>;
}

export interface AcquireRunLockOptions {
  command?: string;
  /** Stale period, ms (proper-lockfile's minimum is 5000). */
  staleMs?: number;
  /** Notes in English (a takeover, a compromised lock). */
  log?: (line: string) => void;
}

export function runLockPaths(warehousePath: string): { lockDir: string; infoFile: string } {
  return { lockDir: `${warehousePath}.lock`, infoFile: `${warehousePath}.lock.json` };
}

/** The warehouse is held by another run; the message names its PID and start, in Russian. */
export class RunLockedError extends Error {
  constructor(
    readonly warehousePath: string,
    readonly holder: RunLockInfo | null,
  ) {
    const who = holder
      ? `PID ${holder.pid}${holder.host === hostname() ? '' : ` на ${holder.host}`}, начат ${formatTime(holder.started_at)}`
      : 'PID неизвестен';
    super(`Конвейер уже выполняется (${who}): хранилище ${warehousePath} занято — дождитесь окончания того запуска.`);
    this.name = 'RunLockedError';
  }
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('ru-RU');
}

export function readRunLockInfo(warehousePath: string): RunLockInfo | null {
  try {
    const info = JSON.parse(readFileSync(runLockPaths(warehousePath).infoFile, 'utf8')) as Partial<RunLockInfo>;
    if (typeof info.pid !== 'number' || typeof info.host !== 'string' || typeof info.started_at !== 'string')
      return null;
    return { pid: info.pid, host: info.host, started_at: info.started_at, command: String(info.command ?? '') };
  } catch {
    return null;
  }
}

/** Whether a process with this PID exists on this machine (EPERM: it exists, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function sameHolder(a: RunLockInfo | null, b: RunLockInfo | null): boolean {
  return a !== null && b !== null && a.pid === b.pid && a.host === b.host && a.started_at === b.started_at;
}

/**
 * Takes the warehouse's run lock or throws RunLockedError naming the holder. A lock whose recorded holder is a
 * dead process of this machine is removed and taken (checked twice, RECHECK_MS apart, so a holder that has just
 * taken it and is writing its file is not mistaken for the dead one).
 */
export async function acquireRunLock(warehousePath: string, options: AcquireRunLockOptions = {}): Promise<RunLock> {
  const { lockDir, infoFile } = runLockPaths(warehousePath);
  const log = options.log ?? (() => {});
  mkdirSync(path.dirname(warehousePath), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    let releaseLock: () => Promise<void>;
    try {
      releaseLock = await lockfile.lock(warehousePath, {
        lockfilePath: lockDir,
        realpath: false,
        stale: options.staleMs ?? RUN_LOCK_STALE_MS,
        retries: 0,
        // Refreshing failed, or another process took a lock it found stale: DuckDB's own file lock still keeps a
        // second writer out, so this run goes on and says so.
        onCompromised: (e) => log(`run lock compromised: ${e.message}`),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      let holder = readRunLockInfo(warehousePath);
      if (holder === null) {
        // taken a moment ago, its holder still writing who it is (or a file left by an earlier holder)
        await sleep(RECHECK_MS);
        holder = readRunLockInfo(warehousePath);
      }
      if (attempt < 2 && holder?.host === hostname() && holder.pid !== process.pid && !isProcessAlive(holder.pid)) {
        await sleep(RECHECK_MS);
        if (sameHolder(holder, readRunLockInfo(warehousePath))) {
          log(
            `run lock: holder PID ${holder.pid} (started ${holder.started_at}) no longer exists; taking the lock over`,
          );
          rmSync(lockDir, { recursive: true, force: true });
          continue;
        }
      }
      throw new RunLockedError(warehousePath, holder);
    }
    const info: RunLockInfo = {
      pid: process.pid,
      host: hostname(),
      started_at: new Date().toISOString(),
      command: options.command ?? path.basename(process.argv[1] ?? 'node'),
    };
    // written whole, then renamed: a reader never sees half a file
    const tmp = `${infoFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(info)}\n`);
    renameSync(tmp, infoFile);
    let released = false;
    return {
      info,
      async release() {
        if (released) return;
        released = true;
        if (sameHolder(readRunLockInfo(warehousePath), info)) rmSync(infoFile, { force: true });
        await releaseLock().catch((err: Error) => log(`run lock release: ${err.message}`));
      },
    };
  }
}

/**
 * Runs `work` holding the warehouse's run lock; the lock is released however `work` ends.
 * @example const summary = await withRunLock(config.WAREHOUSE_PATH, () => runPipeline(config));
 */
export async function withRunLock<T>(
  warehousePath: string,
  work: (lock: RunLock) => Promise<T>,
  options: AcquireRunLockOptions = {},
): Promise<T> {
  const lock = await acquireRunLock(warehousePath, options);
  try {
    return await work(lock);
  } finally {
    await lock.release();
  }
}
