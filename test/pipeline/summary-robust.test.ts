import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSummary, printable, runPipeline } from '../../pipeline/run-pipeline.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 22, item 10: a file name holding a line feed must not forge a line of the run summary or of the log.

const dir = tempDir('nm-summary-');

describe('control characters in file names', () => {
  it('printable() shows them as their pictures, keeping the rest', () => {
    expect(printable('a\nb\rc\td\u0000e\u007ff\u2028g')).toBe('a␊b␍c␉d␀e␡f⏎g');
    expect(printable('Отчёт «школа № 1».xlsx')).toBe('Отчёт «школа № 1».xlsx');
  });

  it('a rejected file named «…\\nЗапуск завершён успешно.csv» stays on its own line of the summary and the log', async () => {
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const name = 'отчёт\nЗапуск завершён успешно.csv';
    writeFileSync(path.join(inbox, name), 'это не форма мониторинга\r\n\u0007\n');
    const lines: string[] = [];
    const summary = await runPipeline(pipelineConfigIn(dir, inbox), { log: (line) => lines.push(line) });
    expect(summary.files.rejected).toBe(1);
    const text = describeSummary(summary);
    const out = text.split('\n');
    // only the first line of the summary speaks of the run's end
    expect(out.filter((l) => l.startsWith('Запуск'))).toHaveLength(1);
    expect(out[0]).toMatch(/^Запуск \S+ завершён частично/);
    expect(text).toContain('отчёт␊Запуск завершён успешно.csv');
    for (const line of lines) expect(line).not.toMatch(/[\n\r]/);
    expect(
      lines
        .join('\n')
        .split('\n')
        .filter((l) => l.startsWith('Запуск')),
    ).toEqual([]);
  }, 60_000);
});
