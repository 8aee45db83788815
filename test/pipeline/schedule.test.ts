import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Scheduler, startScheduler } from '../../pipeline/scheduler/schedule.ts';

function recordingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Vladivostok is UTC+10 all year. */
const vladivostok = (local: string) => new Date(`${local}+10:00`);

describe('the schedule, on a fake clock', () => {
  let scheduler: Scheduler | null = null;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    // not awaited: a run left waiting on the fake clock must not hold the next test
    void scheduler?.stop();
    scheduler = null;
    vi.useRealTimers();
  });

  it('fires once at 02:00 Asia/Vladivostok, and not again that night', async () => {
    vi.setSystemTime(vladivostok('2026-11-22T01:59:50'));
    const fired: Date[] = [];
    const run = vi.fn(async (_signal: AbortSignal, at: Date) => {
      fired.push(at);
    });
    scheduler = startScheduler({ cron: '0 2 * * *', timezone: 'Asia/Vladivostok', run, logger: recordingLogger() });
    expect(scheduler.nextRun()).toEqual(vladivostok('2026-11-22T02:00:00'));

    await vi.advanceTimersByTimeAsync(9_000); // 01:59:59
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000); // 02:00:01
    expect(run).toHaveBeenCalledTimes(1);
    expect(fired[0]).toEqual(vladivostok('2026-11-22T02:00:00'));

    await vi.advanceTimersByTimeAsync(6 * 3600_000); // to 08:00 local
    expect(run).toHaveBeenCalledTimes(1);
    expect(scheduler.nextRun()).toEqual(vladivostok('2026-11-23T02:00:00'));
  });

  it('reads the expression in its time zone: 02:00 Moscow is 09:00 in Vladivostok', async () => {
    vi.setSystemTime(vladivostok('2026-11-22T01:59:50'));
    const run = vi.fn(async () => {});
    scheduler = startScheduler({ cron: '0 2 * * *', timezone: 'Europe/Moscow', run, logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).not.toHaveBeenCalled();
    expect(scheduler.nextRun()).toEqual(vladivostok('2026-11-22T09:00:00'));
  });

  it('does not start a second run while one is still going (noOverlap), and says so', async () => {
    vi.setSystemTime(vladivostok('2026-11-22T01:59:30'));
    let finish: () => void = () => {};
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const logger = recordingLogger();
    scheduler = startScheduler({ cron: '* * * * *', timezone: 'Asia/Vladivostok', run, logger });

    await vi.advanceTimersByTimeAsync(31_000); // 02:00:01: the first run starts and keeps going
    expect(run).toHaveBeenCalledTimes(1);
    expect(scheduler.busy()).toBe(true);
    await vi.advanceTimersByTimeAsync(3 * 60_000); // 02:01, 02:02, 02:03 come while it runs
    expect(run).toHaveBeenCalledTimes(1);
    // node-cron's own overlap prevention held them back (its event names the skipped slot)
    expect(logger.lines.filter((l) => l.fields.event === 'overlap' && l.fields.slot).map((l) => l.fields.slot)).toEqual(
      ['02:01', '02:02', '02:03'].map((t) => vladivostok(`2026-11-22T${t}:00`).toISOString()),
    );
    // running it by hand meanwhile does not start another either
    const manual = scheduler.runNow();
    expect(run).toHaveBeenCalledTimes(1);

    finish();
    await manual;
    expect(scheduler.busy()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000); // 02:04
    expect(run).toHaveBeenCalledTimes(2);
    finish();
  });

  it('stop() aborts the run in progress through its signal and waits for it to end', async () => {
    vi.setSystemTime(vladivostok('2026-11-22T01:59:59'));
    let seen: AbortSignal | null = null;
    let ended = false;
    const run = vi.fn(async (signal: AbortSignal) => {
      seen = signal;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => setTimeout(resolve, 5_000)));
      ended = true;
    });
    scheduler = startScheduler({ cron: '0 2 * * *', timezone: 'Asia/Vladivostok', run, logger: recordingLogger() });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(run).toHaveBeenCalledTimes(1);
    const stopping = scheduler.stop('SIGTERM');
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBe('SIGTERM');
    expect(ended).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000); // the run ends its step
    await stopping;
    expect(ended).toBe(true);
    // nothing fires after a stop
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(run).toHaveBeenCalledTimes(1);
    scheduler = null;
  });
});
