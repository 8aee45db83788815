import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../pipeline/config.ts';

// The checks of the code itself, run by `npm test` beside the other test files rather than before them: a worker
// waiting on a browser or a server has a core to spare for them. Each is also a script of its own (package.json).

const bin = (name: string) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);

/** Runs a command in the project; its output is the message when it fails. */
async function check(command: string, args: string[]): Promise<void> {
  const result = await promisify(execFile)(bin(command), args, { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
    () => ({ code: 0, output: '' }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    }),
  );
  expect(result.output.trim().split('\n').slice(0, 60).join('\n')).toBe('');
  expect(result.code).toBe(0);
}

describe('the code', () => {
  it('type-checks (tsc --noEmit: strict, no unused locals)', () => check('tsc', ['--noEmit']), 180_000);

  it('keeps the layers (dependency-cruiser, npm run lint:layers)', async () => {
    await check('depcruise', ['pipeline', 'src', 'test', 'bench', '--config', '.dependency-cruiser.cjs']);
  }, 120_000);

  it('is formatted (Prettier, npm run lint:format)', async () => {
    await check('prettier', [
      '--check',
      '--log-level',
      'warn',
      'pipeline',
      'src',
      'test',
      'bench',
      'observablehq.config.ts',
      'vitest.config.ts',
      '.dependency-cruiser.cjs',
    ]);
  }, 120_000);
});
