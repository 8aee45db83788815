import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { exitCode, runPipeline } from '../../pipeline/run-pipeline.ts';
import { FileValidator, ValidationStoppedError } from '../../pipeline/validation/file-validator.ts';
import { denseWorkbook } from '../helpers/dense-workbook.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { seedWorkbook } from '../helpers/seed-form.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// A file's validation runs in a worker thread with a time budget (FILE_TIMEOUT_S) and a heap limit; a stop request
// ends it at once. The slow file: 4 500 × 100 numbers, within every size limit, about 2 s of exceljs.

const ref = loadReference();
const dir = tempDir();
let slow: Buffer;
let good: Buffer;

beforeAll(async () => {
  slow = await denseWorkbook(4_500, 100);
  good = await seedWorkbook({
    orgName: 'МБОУ СОШ № 1',
    forms: ['Ученик – ученик'],
    rows: [[5], [1], [null], [null]],
    extra: [['Общая численность обучающихся', 100]],
  });
});

const TOO_SLOW = {
  severity: 'error',
  code: 'file_too_slow',
  message:
    'Файл не проверен за 0,3 с (предел на один файл): это не таблица мониторинга или она слишком велика; проверьте файл или разделите его на части',
  sheet: null,
  row: null,
  column: null,
  value: null,
};

describe('a file has a time and memory budget', () => {
  it('a file past its budget is rejected with one finding, and the next file is validated by a new worker', async () => {
    const validator = new FileValidator(ref, { timeoutSeconds: 0.3 });
    try {
      expect(await validator.validate('2024/Амурский район/slow.xlsx', slow)).toEqual({
        format: 'xlsx',
        submissions: [],
        findings: [TOO_SLOW],
        rejected: true,
      });
      const next = await validator.validate('2024/Амурский район/good.xlsx', good);
      expect(next.rejected).toBe(false);
      expect(next.submissions.map((s) => [s.orgName, s.accepted, s.values.length])).toEqual([
        ['МБОУ СОШ № 1', true, 3],
      ]);
    } finally {
      await validator.close();
    }
  });

  it('a file that needs more than the worker’s heap is rejected, not the run', async () => {
    const validator = new FileValidator(ref, { timeoutSeconds: 60, heapMb: 64 });
    try {
      const v = await validator.validate('2024/Амурский район/slow.xlsx', slow);
      expect(v.findings).toEqual([
        expect.objectContaining({
          code: 'file_too_much_memory',
          message:
            'Файл не проверен: для его чтения не хватило 64 МБ памяти — это не таблица мониторинга или она слишком велика; разделите её на части',
        }),
      ]);
      expect(v.rejected).toBe(true);
    } finally {
      await validator.close();
    }
  });

  it('a stop request ends a validation at once', async () => {
    const validator = new FileValidator(ref, { timeoutSeconds: 60 });
    const controller = new AbortController();
    validator.warmUp();
    const validation = validator.validate('2024/Амурский район/slow.xlsx', slow, controller.signal);
    await new Promise((r) => setTimeout(r, 1_000)); // the worker started (about 0.5 s) and is reading the file
    const stopped = performance.now();
    controller.abort('SIGTERM');
    await expect(validation).rejects.toBeInstanceOf(ValidationStoppedError);
    expect(performance.now() - stopped).toBeLessThan(100);
    await validator.close();
  });

  it('a stop while the worker is still starting ends the wait at once', async () => {
    const validator = new FileValidator(ref, { timeoutSeconds: 60 });
    const controller = new AbortController();
    const validation = validator.validate('2024/Амурский район/slow.xlsx', slow, controller.signal);
    await new Promise((r) => setTimeout(r, 20)); // the worker is loading its modules (about half a second)
    const stopped = performance.now();
    controller.abort('SIGTERM');
    await expect(validation).rejects.toBeInstanceOf(ValidationStoppedError);
    expect(performance.now() - stopped).toBeLessThan(100);
    await validator.close();
  });

  it('in a run: the slow file is rejected and named, the good one loads, the snapshot is published', async () => {
    // a second, not 0,3 s: in a loaded run the good file alone once took longer than 0,3 s to validate
    const config = pipelineConfigIn(path.join(dir, 'budget'), undefined, { FILE_TIMEOUT_S: 1 });
    mkdirSync(path.join(config.INBOX_DIR, '2024', 'Амурский район'), { recursive: true });
    writeFileSync(path.join(config.INBOX_DIR, '2024', 'Амурский район', 'a-good.xlsx'), good);
    writeFileSync(path.join(config.INBOX_DIR, '2024', 'Амурский район', 'b-slow.xlsx'), slow);
    const summary = await runPipeline(config);
    expect(summary).toMatchObject({
      status: 'partial',
      files: { loaded: 1, partial: 0, rejected: 1, skipped: 0 },
      error: null,
    });
    expect(exitCode(summary)).toBe(1);
    expect(summary.rejections).toEqual([
      {
        file: '2024/Амурский район/b-slow.xlsx',
        status: 'rejected',
        reason: TOO_SLOW.message.replace('за 0,3 с', 'за 1 с'),
      },
    ]);
    expect(
      await queryWarehouse(config.WAREHOUSE_PATH, "select file_name, code from ops_findings where severity = 'error'"),
    ).toEqual([{ file_name: 'b-slow.xlsx', code: 'file_too_slow' }]);
    expect(
      await queryWarehouse(
        config.WAREHOUSE_PATH,
        'select count(*)::integer as n from core_submissions where is_current',
      ),
    ).toEqual([{ n: 1 }]);
    expect(summary.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'reference:success',
      'inbox:success',
      'registry:skipped',
      'core:success',
      'marts:success',
      'snapshot:success',
    ]);
  }, 60_000);

  it('a stop inside the marts step ends its DuckDB statements: the marts stay as they were, the rerun builds them', async () => {
    const config = pipelineConfigIn(path.join(dir, 'marts'));
    mkdirSync(path.join(config.INBOX_DIR, '2024', 'Амурский район'), { recursive: true });
    writeFileSync(path.join(config.INBOX_DIR, '2024', 'Амурский район', 'good.xlsx'), good);
    const controller = new AbortController();
    const summary = await runPipeline(config, {
      signal: controller.signal,
      onStep: (e) => e.step === 'marts' && e.status === 'running' && controller.abort('SIGTERM'),
    });
    expect(summary.status).toBe('interrupted');
    expect(summary.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'reference:success',
      'inbox:success',
      'registry:skipped',
      'core:success',
      'marts:interrupted',
    ]);
    expect(summary.error).toBe(
      'Запуск остановлен по сигналу SIGTERM во время шага marts: завершённые шаги и загруженные файлы сохранены целиком, следующий запуск продолжит.',
    );
    // no mart was built (a first run has none), and nothing unchecked is left behind
    expect(
      await queryWarehouse(
        config.WAREHOUSE_PATH,
        "select count(*)::integer as n from information_schema.tables where table_name like 'mart%'",
      ),
    ).toEqual([{ n: 0 }]);
    const rerun = await runPipeline(config);
    expect(rerun.status).toBe('success');
    expect(
      (await queryWarehouse(config.WAREHOUSE_PATH, 'select count(*)::integer as n from mart_indicator_values'))[0]!.n,
    ).toBeGreaterThan(0);
  }, 60_000);

  it('SIGTERM to `npm run pipeline` inside a file’s validation ends the run within a second', async () => {
    // five slow files (distinct bytes, so none is skipped as a copy): about 10 s of validation if nothing stopped it
    const config = pipelineConfigIn(path.join(dir, 'sigterm'));
    const folder = path.join(config.INBOX_DIR, '2024', 'Амурский район');
    mkdirSync(folder, { recursive: true });
    for (let i = 1; i <= 5; i++) writeFileSync(path.join(folder, `slow-${i}.xlsx`), await denseWorkbook(4_500, 100, i));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_FORMAT: 'json',
      INBOX_DIR: config.INBOX_DIR,
      WAREHOUSE_PATH: config.WAREHOUSE_PATH,
      ARCHIVE_DIR: config.ARCHIVE_DIR,
      SNAPSHOT_DIR: config.SNAPSHOT_DIR,
    };
    delete env.REGISTRY_URL;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'pipeline', 'cli', 'pipeline.ts')],
      { cwd: PROJECT_ROOT, env },
    );
    let stderr = '';
    const inboxStarted = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/"step":"inbox","status":"running"/.test(stderr)) resolve();
      }),
    );
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await inboxStarted;
    await new Promise((r) => setTimeout(r, 1_500)); // the worker is up and inside the first file
    const signalled = performance.now();
    child.kill('SIGTERM');
    expect(await closed).toBe(2);
    const seconds = (performance.now() - signalled) / 1000;
    // within a second of the signal, and the process's exit besides (a busy machine adds some): the files would take ~10 s
    expect(seconds, stderr).toBeLessThan(2);
    expect(await queryWarehouse(config.WAREHOUSE_PATH, 'select status from ops_runs')).toEqual([
      { status: 'interrupted' },
    ]);
    expect(
      await queryWarehouse(config.WAREHOUSE_PATH, 'select step, status from ops_run_steps order by started_at'),
    ).toEqual([
      { step: 'reference', status: 'success' },
      { step: 'inbox', status: 'interrupted' },
    ]);
    // the files not validated are not settled (on a busy machine the first may have been): the rerun validates them
    const [{ n }] = (await queryWarehouse(config.WAREHOUSE_PATH, 'select count(*)::integer as n from raw_files')) as [
      { n: number },
    ];
    expect(n).toBeLessThanOrEqual(1);
  }, 60_000);
});
