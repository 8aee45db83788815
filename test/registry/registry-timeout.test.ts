import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The per-request limit (REGISTRY_TIMEOUT_MS) and the sync's limit (REGISTRY_SYNC_TIMEOUT_MS) against a real server
// on 127.0.0.1 that accepts and stalls, in a child process run with --expose-gc that forces garbage collection every
// 10 ms: a limit whose timer can be collected (nodejs/node#57736) would let a request wait for ever.

interface ChildResult {
  gc: boolean;
  elapsed: number;
  arrivals: number[];
  error: string | null;
}

function stalled(timeoutMs: number, maxRetries: number, syncTimeoutMs: number): ChildResult {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      path.resolve(import.meta.dirname, 'stalled-registry-child.ts'),
      String(timeoutMs),
      String(maxRetries),
      String(syncTimeoutMs),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

const MARGIN_MS = 400;

describe('registry timeouts against a server that stalls', () => {
  it('each try of a page ends at REGISTRY_TIMEOUT_MS, and the retries obey it too', () => {
    const r = stalled(300, 2, 20_000);
    expect(r.gc).toBe(true);
    expect(r.error).toContain('нет ответа за 300 мс (REGISTRY_TIMEOUT_MS)');
    expect(r.error).toContain('попыток 3');
    expect(r.arrivals).toHaveLength(3);
    // Try k+1 starts only after k tries have each waited their 300 ms (timers never fire early), and never much later
    // than the previous try's end. The lower bound is taken from the start, not from the previous arrival: a busy
    // machine can record an arrival late, which shortens the next gap without any try ending early.
    for (let i = 1; i < r.arrivals.length; i++) {
      expect(r.arrivals[i]!).toBeGreaterThanOrEqual(i * 300 - 2);
      expect(r.arrivals[i]! - r.arrivals[i - 1]!).toBeLessThan(300 + MARGIN_MS);
    }
    expect(r.elapsed).toBeGreaterThanOrEqual(3 * 300 - 2);
    // the third try ends within its limit as well
    expect(r.elapsed - r.arrivals.at(-1)!).toBeLessThan(300 + MARGIN_MS);
    expect(r.elapsed).toBeLessThan(3 * 300 + 3 * MARGIN_MS);
  }, 60_000);

  it('the whole sync ends at REGISTRY_SYNC_TIMEOUT_MS even when one request may wait longer', () => {
    const r = stalled(10_000, 3, 700);
    expect(r.gc).toBe(true);
    expect(r.error).toContain('синхронизация не уложилась в 700 мс (REGISTRY_SYNC_TIMEOUT_MS)');
    expect(r.arrivals).toHaveLength(1);
    expect(r.elapsed).toBeGreaterThanOrEqual(690);
    expect(r.elapsed).toBeLessThan(700 + MARGIN_MS);
  }, 60_000);
});
