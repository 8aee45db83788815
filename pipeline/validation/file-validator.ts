import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Reference } from '../reference/reference.ts';
import type { SourceFormat } from '../sources/raw-submission.ts';
import { finding } from '../reference/finding.ts';
import type { ValidatedFile } from './validate-file.ts';

/** A file to validate, as posted to the worker (validation-worker.ts). */
export interface ValidationRequest {
  id: number;
  relativePath: string;
  buffer: Uint8Array;
  now: Date;
}
export type ValidationReply = { id: number; validated: ValidatedFile } | { id: number; error: string };

export interface FileValidatorOptions {
  /** A file not validated within this many seconds is rejected (FILE_TIMEOUT_S). */
  timeoutSeconds: number;
  /** The worker's JS heap; a file that needs more is rejected. */
  heapMb?: number;
}

/** The worker's heap: the hostile benchmark's worst file peaks at about 500 MB of the whole process. */
const DEFAULT_HEAP_MB = 1024;

/** Thrown when the run's signal stops a validation: the worker is gone, the file is not settled. */
export class ValidationStoppedError extends Error {
  constructor(readonly reason: unknown) {
    super('проверка файла остановлена');
    this.name = 'ValidationStoppedError';
  }
}

function formatByName(relativePath: string): SourceFormat | null {
  const ext = path.extname(relativePath).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  return null;
}

/** The file rejected whole with one finding, the way a reader rejects a file it cannot read. */
function rejectedFile(relativePath: string, code: string, message: string): ValidatedFile {
  return {
    format: formatByName(relativePath),
    submissions: [],
    findings: [finding('error', code, message)],
    rejected: true,
  };
}

/** Waits for the worker to be ready; throws ValidationStoppedError as soon as the signal aborts. */
async function untilReadyOrStopped(ready: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return ready;
  let stop = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = () => reject(new ValidationStoppedError(signal.reason));
  });
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (signal.aborted) stop();
    await Promise.race([ready, stopped]);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

const seconds = (s: number) => `${s.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} с`;

/**
 * Validates files (validateFile, without DuckDB) one at a time in a worker thread, so that no file can hold a run or
 * its process: a file that takes longer than its budget, or more memory than the worker has, is rejected with a
 * finding and the worker replaced; an aborted signal ends a validation at once. The main thread stays free to write
 * the previous files and to answer SIGTERM.
 */
export class FileValidator {
  private worker: { thread: Worker; ready: Promise<void> } | null = null;
  private nextId = 1;

  constructor(
    private readonly ref: Reference,
    private readonly options: FileValidatorOptions,
  ) {}

  /** Starts the worker ahead of the first file (it loads the readers, about half a second). */
  warmUp(): void {
    this.started();
  }

  private started(): { thread: Worker; ready: Promise<void> } {
    if (this.worker) return this.worker;
    const thread = new Worker(new URL('./validation-worker.mjs', import.meta.url), {
      workerData: { ref: this.ref },
      // not the parent's options (`-e`, `--input-type` of a script run inline): the entry registers tsx itself
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb ?? DEFAULT_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if ((m as { ready?: boolean }).ready) {
          thread.off('error', onError);
          resolve();
        }
      };
      const onError = (e: Error) =>
        reject(new Error(`Не запустилась проверка файлов в отдельном потоке; подробности: ${e.message}`));
      thread.once('message', onMessage);
      thread.once('error', onError);
      thread.once('exit', (code) => reject(new Error(`Поток проверки файлов завершился при запуске (код ${code})`)));
    });
    ready.catch(() => {});
    this.worker = { thread, ready };
    return this.worker;
  }

  private discard(): void {
    const w = this.worker;
    this.worker = null;
    void w?.thread.terminate();
  }

  /** The file's validation, or the file rejected for its time or memory; throws ValidationStoppedError on abort. */
  async validate(relativePath: string, buffer: Buffer, signal?: AbortSignal, now = new Date()): Promise<ValidatedFile> {
    if (signal?.aborted) throw new ValidationStoppedError(signal.reason);
    const worker = this.started();
    // a stop while the worker starts (about half a second, more on a busy machine) ends the wait too
    await untilReadyOrStopped(worker.ready, signal);
    const { thread } = worker;
    const id = this.nextId++;
    const budget = this.options.timeoutSeconds;
    return new Promise<ValidatedFile>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (reply: ValidationReply) => {
        if (reply.id !== id) return;
        done();
        if ('error' in reply) reject(new Error(reply.error));
        else resolve(reply.validated);
      };
      const onError = (e: Error & { code?: string }) => {
        done();
        this.discard();
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const mb = this.options.heapMb ?? DEFAULT_HEAP_MB;
          resolve(
            rejectedFile(
              relativePath,
              'file_too_much_memory',
              `Файл не проверен: для его чтения не хватило ${mb} МБ памяти — это не таблица мониторинга или она слишком велика; разделите её на части`,
            ),
          );
        } else reject(new Error(`Проверка файла «${relativePath}» прервалась; подробности: ${e.message}`));
      };
      const onExit = (code: number) => {
        done();
        this.worker = null;
        reject(new Error(`Поток проверки файлов завершился (код ${code}) при проверке «${relativePath}»`));
      };
      const onAbort = () => {
        done();
        this.discard();
        reject(new ValidationStoppedError(signal!.reason));
      };
      // A timer per file, referenced until it fires or is cleared (never collected early, unlike a timeout signal).
      const timer = setTimeout(() => {
        done();
        this.discard();
        resolve(
          rejectedFile(
            relativePath,
            'file_too_slow',
            `Файл не проверен за ${seconds(budget)} (предел на один файл): это не таблица мониторинга или она слишком велика; проверьте файл или разделите его на части`,
          ),
        );
      }, budget * 1000);
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      thread.postMessage({ id, relativePath, buffer, now } satisfies ValidationRequest);
    });
  }

  /** Ends the worker; the validator starts a new one if asked again. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.thread.terminate();
  }
}
