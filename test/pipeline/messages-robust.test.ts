import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { inspectXlsxZip } from '../../pipeline/sources/inspect-xlsx-zip.ts';
import { parsePage } from '../../pipeline/sources/registry/contract.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Issue 22, item 11: messages are Russian sentences; a library's English text appears only as a detail after
// «подробности:».

const dir = tempDir('nm-messages-');
/** The part of a message before «подробности:» has no English words (the names ZIP and Excel aside). */
const russianHead = (message: string) =>
  message.split('подробности:')[0]!.replace(/\b(ZIP|Excel|xlsx|core|inbox|ISO|true|false|null)\b/g, '');

describe('Russian messages', () => {
  it('a file that is no zip: a Russian sentence, yauzl’s text only after «подробности:»', async () => {
    const problem = await inspectXlsxZip(Buffer.from('это не книга, а текст'));
    expect(problem).toMatch(/^файл не открывается как ZIP-архив, каким должна быть книга Excel; подробности: \S/);
    expect(russianHead(problem!)).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('a malformed registry page: Russian messages by field kind, no zod text', () => {
    const bad = parsePage({
      items: [
        {
          id: '',
          updated_at: 'вчера',
          deleted: 'нет',
          personalised_programme: true,
          trained: 1,
          registered_at: '2021-13-45',
          forms: [7],
        },
      ],
      next_cursor: null,
    });
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems;
    expect(problems).toEqual([
      'items[0].id: строка не должна быть пустой',
      'items[0].updated_at: ожидаются дата и время ISO 8601 со смещением, например 2024-03-01T10:00:00+10:00',
      'items[0].deleted: ожидается true или false, пришло: строка',
      'items[0].forms[0]: ожидается строка, пришло: число',
      'items[0].trained: ожидается true или false, пришло: число',
    ]);
    expect(parsePage([]).ok ? [] : (parsePage([]) as { problems: string[] }).problems).toEqual([
      '(вся страница): ожидается объект, пришёл массив',
    ]);
    for (const p of problems) expect(p).not.toMatch(/Invalid|expected|received/i);
  });

  it('a step failed by DuckDB: a Russian sentence naming the step, DuckDB’s text as the detail, in the summary and ops_run_steps', async () => {
    const config = pipelineConfigIn(path.join(dir, 'duckdb'));
    mkdirSync(config.INBOX_DIR, { recursive: true });
    expect((await runPipeline(config)).error).toBeNull();
    // a view where the core step writes a table: DuckDB refuses to replace it
    const instance = await DuckDBInstance.create(config.WAREHOUSE_PATH);
    const connection = await instance.connect();
    await connection.run('drop table core_facts');
    await connection.run('create view core_facts as select 1 as x');
    connection.closeSync();
    instance.closeSync();
    const summary = await runPipeline(config);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/^Шаг «ядро хранилища» \(core\) не выполнен; подробности: \S/);
    expect(russianHead(summary.error!)).not.toMatch(/[A-Za-z]{3,}/);
    const [step] = await queryWarehouse(
      config.WAREHOUSE_PATH,
      `select detail from ops_run_steps where step = 'core' and status = 'failed'`,
    );
    expect(JSON.parse(String(step!.detail)).error).toBe(summary.error);
  }, 60_000);

  it('a step failed by a file: the sentence names the file', async () => {
    const config = pipelineConfigIn(path.join(dir, 'file'));
    mkdirSync(config.INBOX_DIR, { recursive: true });
    for (const name of ['a.csv', 'b.csv', 'c.csv'])
      writeFileSync(path.join(config.INBOX_DIR, name), `не форма ${name}\n`);
    // c.csv vanishes after a.csv is settled, before it is read
    const summary = await runPipeline(config, {
      filesPerTransaction: 1,
      onFileDone: (done) => {
        if (done === 1) rmSync(path.join(config.INBOX_DIR, 'c.csv'));
      },
    });
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(
      /^Шаг «входящие файлы» \(inbox\) не выполнен: ошибка при обработке файла «c\.csv»; подробности: ENOENT/,
    );
  }, 60_000);
});
