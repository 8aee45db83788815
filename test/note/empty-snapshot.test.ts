import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { buildNote } from '../../pipeline/note/build-note.ts';
import { readNoteData } from '../../pipeline/note/note-data.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// The snapshot of an empty warehouse (the pipeline run on an empty inbox): there is nothing to write a note from,
// and the command says so in Russian with exit code 1, not a stack trace.

const dir = tempDir('note-empty-');
const config = pipelineConfigIn(dir);
const EMPTY =
  'Снимок витрин пуст: в хранилище нет ни одной принятой формы мониторинга, справку за 2022 год составить не из чего.';

beforeAll(async () => {
  mkdirSync(config.INBOX_DIR, { recursive: true });
  await runPipeline(config);
}, 60_000);

describe('the analytical note of an empty snapshot', () => {
  it('is refused by the model with a Russian message', () => {
    const data = readNoteData(config.SNAPSHOT_DIR);
    expect(data.meta.years).toEqual([]);
    expect(() => buildNote(data, { year: 2022, rules: [] })).toThrow(EMPTY);
  });

  it('stops the command with exit code 1 and the message, no stack trace, no file', async () => {
    const out = path.join(dir, 'notes');
    const cli = await promisify(execFile)(
      path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      ['pipeline/cli/note.ts', '--year', '2022', '--snapshot', config.SNAPSHOT_DIR, '--out', out],
      { cwd: PROJECT_ROOT },
    ).then(
      () => ({ code: 0, stderr: '', stdout: '' }),
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`Справка не записана: ${EMPTY}`);
    expect(cli.stderr).toContain('запустите npm run pipeline');
    expect(cli.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(existsSync(out)).toBe(false);
  });
});
