import { type Logger as CronLogger, schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import type { Config } from '../config.ts';
import type { Logger } from '../logging.ts';
import { summaryFields } from '../logging.ts';
import { acquireRunLock, RunLockedError } from '../run-lock.ts';
import { describeSummary, type RunSummary, runPipeline } from '../run-pipeline.ts';

type Log = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface SchedulerOptions {
  /** node-cron expression (5 fields, or 6 with seconds first). */
  cron: string;
  /** IANA zone the expression is read in. */
  timezone: string;
  /** One run; `signal` aborts when the scheduler stops. Errors are logged, never thrown out of the scheduler. */
  run: (signal: AbortSignal, firedAt: Date) => Promise<unknown>;
  logger: Log;
}

export interface Scheduler {
  readonly task: ScheduledTask;
  nextRun(): Date | null;
  /** Whether a run is going. */
  busy(): boolean;
  /** Starts a run now unless one is going (then waits for that one). */
  runNow(): Promise<void>;
  /** Stops the schedule, aborts a run in progress (it ends its current step) and waits for it. */
  stop(reason?: string): Promise<void>;
}

/** node-cron's own messages go to our log (it would print to the console otherwise). */
function cronLogger(logger: Log): CronLogger {
  const text = (m: string | Error, e?: Error) =>
    [m instanceof Error ? m.message : m, e?.message].filter(Boolean).join(': ');
  return {
    info: (m) => logger.info(`cron: ${m}`),
    // overlaps and missed times are logged from the task's events, with the slot
    warn: (m) => {
      if (!/overlap prevention|missed execution/.test(m)) logger.warn(`cron: ${m}`);
    },
    error: (m, e) => logger.error(`cron: ${text(m, e)}`),
    debug: () => {},
  };
}

/**
 * Runs `run` on the cron schedule in the given time zone, one at a time: node-cron's noOverlap skips a tick that
 * comes while the previous run is still going (logged), and `runNow` shares the same guard.
 * @example const s = startScheduler({ cron: '0 2 * * *', timezone: 'Asia/Vladivostok', run, logger }); … await s.stop();
 */
export function startScheduler(o: SchedulerOptions): Scheduler {
  const controller = new AbortController();
  let current: Promise<void> | null = null;
  const execute = (firedAt: Date): Promise<void> => {
    if (current) {
      o.logger.warn('a run is still going; not starting another', {
        event: 'overlap',
        fired_at: firedAt.toISOString(),
      });
      return current;
    }
    if (controller.signal.aborted) return Promise.resolve();
    current = (async () => {
      try {
        await o.run(controller.signal, firedAt);
      } catch (e) {
        o.logger.error(`scheduled run failed: ${e instanceof Error ? e.message : String(e)}`, { event: 'run_error' });
      } finally {
        current = null;
      }
    })();
    return current;
  };
  const task = cronSchedule(o.cron, (context) => execute(context.date), {
    name: 'pipeline',
    timezone: o.timezone,
    noOverlap: true,
    logger: cronLogger(o.logger),
  });
  task.on('execution:overlap', (context) => {
    o.logger.warn('scheduled time came while the previous run is still going: skipped', {
      event: 'overlap',
      slot: context.date.toISOString(),
    });
  });
  task.on('execution:missed', (context) => {
    o.logger.warn('scheduled time missed (the process was busy or asleep)', {
      event: 'missed',
      slot: context.date.toISOString(),
    });
  });
  return {
    task,
    nextRun: () => task.getNextRun(),
    busy: () => current !== null,
    runNow: () => execute(new Date()),
    async stop(reason = 'SIGTERM') {
      controller.abort(reason);
      await task.stop();
      await current;
      await task.destroy();
    },
  };
}

export interface ScheduledRunOptions {
  signal: AbortSignal;
  logger: Logger;
  /** Where the Russian summary goes after each run (the CLI: stdout, at a terminal or not). */
  print?: (text: string) => void;
}

/**
 * One scheduled pass: takes the warehouse's run lock (a run already going elsewhere: this one is skipped and
 * logged), runs the pipeline with the scheduler's signal and, with SCHEDULE_BUILD_SITE, rebuilds the site as its
 * last step. Returns null when skipped.
 */
export async function runScheduledPipeline(
  config: Readonly<Config>,
  o: ScheduledRunOptions,
): Promise<RunSummary | null> {
  let lock;
  try {
    lock = await acquireRunLock(config.WAREHOUSE_PATH, { command: 'schedule', log: (line) => o.logger.warn(line) });
  } catch (e) {
    if (!(e instanceof RunLockedError)) throw e;
    o.logger.warn(`scheduled run skipped: ${e.message}`, { event: 'locked', holder: e.holder });
    return null;
  }
  try {
    o.logger.info('scheduled run started', {
      event: 'run_start',
      warehouse: config.WAREHOUSE_PATH,
      inbox: config.INBOX_DIR,
    });
    const summary = await runPipeline(config, {
      ...o.logger.runHooks(),
      signal: o.signal,
      buildSite: config.SCHEDULE_BUILD_SITE,
    });
    const fields = summaryFields(summary);
    if (summary.status === 'failed') o.logger.error('run finished', fields);
    else if (summary.status === 'interrupted') o.logger.warn('run finished', fields);
    else o.logger.info('run finished', fields);
    o.print?.(describeSummary(summary));
    return summary;
  } finally {
    o.logger.close();
    await lock.release();
  }
}
