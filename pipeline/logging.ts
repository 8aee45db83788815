import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { exitCode, printable, type RunOptions, type RunSummary, type StepEvent } from './run-pipeline.ts';

/**
 * The run's log on stderr (stdout keeps the Russian summary). `json`: one pino JSON object per line, for cron,
 * systemd and log collectors; `pretty`: step lines and a progress bar over the inbox files, for a person at a
 * terminal; `auto` picks pretty when stderr is a terminal.
 */
export type LogFormat = 'auto' | 'json' | 'pretty';

type Fields = Record<string, unknown>;

export interface Logger {
  readonly format: 'json' | 'pretty';
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  /** The hooks of one run: log lines, inbox progress, step events. */
  runHooks(): Required<Pick<RunOptions, 'log' | 'onFileDone' | 'onStep'>>;
  /** Stops a progress bar still drawn. */
  close(): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

export interface LoggerOptions {
  /** stderr by default. */
  stream?: Stream;
  /** Added to every JSON line (`pipeline`, `schedule`). */
  name?: string;
}

export function resolveLogFormat(format: LogFormat, stream: Stream = process.stderr): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stream.isTTY ? 'pretty' : 'json';
}

const fmtSeconds = (s: number) => `${s.toFixed(1)} s`;

function describeDetail(detail: Fields | null): string {
  if (!detail) return '';
  const parts = Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => (k === 'error' || k === 'reason' ? String(v).split('\n')[0] : `${k}=${String(v)}`));
  return parts.length ? ` — ${parts.join(', ')}` : '';
}

/**
 * @example const logger = createLogger(config.LOG_FORMAT, { name: 'pipeline' });
 *          await runPipeline(config, { ...logger.runHooks(), signal });
 */
export function createLogger(format: LogFormat, options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const resolved = resolveLogFormat(format, stream);
  return resolved === 'json' ? jsonLogger(stream, options.name) : prettyLogger(stream);
}

function jsonLogger(stream: Stream, name: string | undefined): Logger {
  // sync writes: nothing is lost when the process exits right after a line
  const destination = stream === process.stderr ? pino.destination({ fd: 2, sync: true }) : stream;
  const log = pino(
    {
      base: { pid: process.pid, ...(name ? { name } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    format: 'json',
    info: (message, fields = {}) => log.info(fields, message),
    warn: (message, fields = {}) => log.warn(fields, message),
    error: (message, fields = {}) => log.error(fields, message),
    runHooks: () => ({
      log: (line) => log.info(line),
      onFileDone: () => {},
      onStep: (e: StepEvent) => {
        const fields = {
          event: 'step',
          run_id: e.runId,
          step: e.step,
          status: e.status,
          seconds: e.seconds,
          ...(e.detail ? { detail: e.detail } : {}),
        };
        const message = `step ${e.step}: ${e.status}`;
        if (e.status === 'failed') log.error(fields, message);
        else if (e.status === 'interrupted') log.warn(fields, message);
        else log.info(fields, message);
      },
    }),
    close: () => {},
  };
}

function prettyLogger(stream: Stream): Logger {
  let bars: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  const time = () => new Date().toLocaleTimeString('ru-RU');
  const write = (line: string) => {
    // while the bar is drawn, lines go above it
    if (bars) bars.log(`${line}\n`);
    else stream.write(`${line}\n`);
  };
  const stopBar = () => {
    bars?.stop();
    bars = null;
    bar = null;
  };
  const line =
    (mark: string) =>
    (message: string, fields: Fields = {}) =>
      write(`${time()} ${mark} ${message}${describeDetail(fields)}`);
  return {
    format: 'pretty',
    info: line(' '),
    warn: line('!'),
    error: line('✗'),
    runHooks: () => ({
      // `step …` lines repeat what the step events and the bar show
      log: (text) => {
        if (!text.startsWith('step ')) write(`${time()}     ${text}`);
      },
      onFileDone: (done, total, file) => {
        if (!bar) {
          bars = new cliProgress.MultiBar(
            {
              stream,
              format: '         inbox [{bar}] {value}/{total} files | {file}',
              hideCursor: true,
              clearOnComplete: true,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          );
          bar = bars.create(total, 0, { file: '' });
        }
        // one line, whatever the file's name holds
        const name = printable(file.relativePath);
        bar.update(done, { file: name.length > 50 ? `…${name.slice(-49)}` : name });
        if (done >= total) stopBar();
      },
      onStep: (e: StepEvent) => {
        if (e.status === 'running') {
          write(`${time()} ▸ ${e.step}`);
          return;
        }
        if (e.step === 'inbox') stopBar();
        const mark = { success: '✓', skipped: '–', failed: '✗', interrupted: '■', running: '▸' }[e.status];
        write(`${time()} ${mark} ${e.step} ${e.status} in ${fmtSeconds(e.seconds)}${describeDetail(e.detail)}`);
      },
    }),
    close: stopBar,
  };
}

/** The run's outcome as structured fields for the JSON log (the Russian summary goes to stdout). */
export function summaryFields(s: RunSummary): Fields {
  return {
    event: 'run',
    run_id: s.runId,
    status: s.status,
    exit_code: exitCode(s),
    seconds: Math.round(s.seconds * 10) / 10,
    files_seen: s.filesSeen,
    files: s.files,
    errors: s.errors,
    warnings: s.warnings,
    rejected: s.rejections.slice(0, 50).map((r) => ({ file: r.file, status: r.status, reason: r.reason })),
    registry: {
      status: s.registry.status,
      reason: s.registry.reason,
      fetched: s.registry.fetched,
      applied: s.registry.applied,
    },
    site: s.site,
    steps: s.steps,
    error: s.error,
  };
}
