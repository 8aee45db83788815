import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 22, item 12: two submissions of one organisation and year with the same time are decided by the larger
// SHA-256 (docs/formats.md, «Повторная отправка: какой файл действует»), and the decision is a warning.

const dir = tempDir('nm-resubmission-');
const HEADER = 'год;муниципалитет;организация;ИНН;тип;форма;показатель;значение';
const form = (students: number) =>
  [
    HEADER,
    `2023;Бикинский муниципальный район;МБОУ СОШ п. Сосновка;2707657059;ОО;;Общая численность обучающихся;${students}`,
    `2023;Бикинский муниципальный район;МБОУ СОШ п. Сосновка;2707657059;ОО;;Численность обучающихся в возрасте от 15 до 19 лет;41`,
  ].join('\n') + '\n';

describe('two submissions with the same time', () => {
  it('the larger SHA-256 wins, and a warning on the other file says so, once', async () => {
    const config = pipelineConfigIn(dir);
    mkdirSync(config.INBOX_DIR, { recursive: true });
    const when = new Date('2024-02-01T09:00:00Z');
    for (const [name, students] of [
      ['Сосновка.csv', 172],
      ['Сосновка_исправленный.csv', 175],
    ] as const) {
      const file = path.join(config.INBOX_DIR, name);
      writeFileSync(file, form(students));
      utimesSync(file, when, when);
    }
    const first = await runPipeline(config);
    expect(first.error).toBeNull();
    const subs = await queryWarehouse(
      config.WAREHOUSE_PATH,
      'select s.file_sha256, f.file_name, s.is_current from core_submissions as s join raw_files as f using (file_sha256) order by s.file_sha256',
    );
    expect(subs).toHaveLength(2);
    expect(subs.map((s) => s.is_current)).toEqual([false, true]);
    const [loser, winner] = subs;
    const findings = await queryWarehouse(
      config.WAREHOUSE_PATH,
      "select file_sha256, file_name, value, severity, message from ops_findings where code = 'same_time_resubmission'",
    );
    expect(findings).toEqual([
      {
        file_sha256: loser!.file_sha256,
        file_name: loser!.file_name,
        value: winner!.file_name,
        severity: 'warning',
        message: expect.stringMatching(
          new RegExp(
            `^Формы организации «[^»]+» за 2023 год из файлов «${loser!.file_name}» и «${winner!.file_name}» изменены в одно время \\(01\\.02\\.2024 09:00:00 UTC\\): действует «${winner!.file_name}», у которого больше контрольная сумма SHA-256`,
          ),
        ),
      },
    ]);
    expect(first.warnings).toBeGreaterThanOrEqual(1);
    // a rerun decides the same way and does not repeat the warning
    expect((await runPipeline(config)).error).toBeNull();
    expect(
      await queryWarehouse(
        config.WAREHOUSE_PATH,
        "select count(*)::integer as n from ops_findings where code = 'same_time_resubmission'",
      ),
    ).toEqual([{ n: 1 }]);
  }, 60_000);
});
