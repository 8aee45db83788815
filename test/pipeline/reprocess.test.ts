import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CountValue } from '../../pipeline/contract/snapshot.ts';
import { REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { acquireRunLock } from '../../pipeline/run-lock.ts';
import { describeSummary, runPipeline, type RunSummary } from '../../pipeline/run-pipeline.ts';
import { SEED_BAD_FILES, writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// `npm run pipeline -- --reprocess --rejected` after a reference fix: the seed's form of МБОУ СОШ № 7 from
// «Неизвестный район» is rejected (no such territory) until the region adds that spelling as an alias of Ванинский.

const dir = tempDir('nm-reprocess-');
const reference = path.join(dir, 'reference');
const config = pipelineConfigIn(dir, path.join(dir, 'inbox'), { REFERENCE_DIR: reference });
const UNKNOWN_DISTRICT_FILE = SEED_BAD_FILES[1]; // 2022/Неизвестный район/СОШ 7.xlsx: 5 mentees in 2022

/** The 2022 count of mentored pupils: the region's and Ванинский's. */
function mentees2022(): { region: number | null; vaninsky: number | null } {
  return mentees2022ForDir(config.SNAPSHOT_DIR);
}

function mentees2022ForDir(snapshotDir: string): { region: number | null; vaninsky: number | null } {
  const counts = JSON.parse(readFileSync(path.join(snapshotDir, 'mart_counts.json'), 'utf8')) as CountValue[];
  const pick = (level: string, territory: string | null) =>
    counts.find(
      (c) =>
        c.measure_id === 'mentees_students' && c.year === 2022 && c.level === level && c.territory_id === territory,
    )?.value ?? null;
  return { region: pick('region', null), vaninsky: pick('territory', 'vaninsky') };
}

/** Every file of the archive → its SHA-256 and modification time. */
function archive(): Record<string, string> {
  return Object.fromEntries(
    (readdirSync(config.ARCHIVE_DIR, { recursive: true }) as string[])
      .filter((f) => statSync(path.join(config.ARCHIVE_DIR, f)).isFile())
      .sort()
      .map((f) => {
        const file = path.join(config.ARCHIVE_DIR, f);
        return [f, `${createHash('sha256').update(readFileSync(file)).digest('hex')} ${statSync(file).mtimeMs}`];
      }),
  );
}

// two copies of the warehouse (and archive) as the first run left it, before the alias: one reprocessed whole, one
// killed in the middle of its reprocess
const copyOf = (name: string) => {
  const at = path.join(dir, name);
  for (const part of ['warehouse.duckdb', 'archive', 'snapshot'])
    cpSync(path.join(dir, part), path.join(at, part), { recursive: true });
  return pipelineConfigIn(at, config.INBOX_DIR, { REFERENCE_DIR: reference });
};
let whole: ReturnType<typeof copyOf>;
let killed: ReturnType<typeof copyOf>;

let firstReceived: unknown;
let archivedBefore: Record<string, string>;

beforeAll(async () => {
  cpSync(REFERENCE_DIR, reference, { recursive: true });
  await writeSeedShapedInbox(config.INBOX_DIR);
  const first = await runPipeline(config);
  expect(first.rejections.map((r) => r.file)).toContain(UNKNOWN_DISTRICT_FILE);
  // 2022: Ванинский 30 + 10 + 4 + 18 = 62, Лазо 90 → 152 (SEED_TOTALS)
  expect(mentees2022()).toEqual({ region: 152, vaninsky: 62 });
  firstReceived = (
    await queryWarehouse(
      config.WAREHOUSE_PATH,
      `select received_at from raw_files where source_path = '${UNKNOWN_DISTRICT_FILE}'`,
    )
  )[0]!.received_at;
  archivedBefore = archive();
  whole = copyOf('whole');
  killed = copyOf('killed');
}, 120_000);

describe('reprocessing the archive after a reference fix', () => {
  let run: RunSummary;

  it('loads the once-rejected file with the current reference and changes the marts by its figures', async () => {
    appendFileSync(path.join(reference, 'territory_aliases.csv'), 'vaninsky,Неизвестный район\n');
    run = await runPipeline(config, { reprocess: { rejected: true } });
    expect(run.error).toBeNull();
    // the three files the seed sends bad were read again; only the one the alias was missing for changed
    expect(run.reprocessed.map((f) => [f.file, f.before.status, f.after.status]).sort()).toEqual(
      [
        [SEED_BAD_FILES[0], 'rejected', 'rejected'],
        [UNKNOWN_DISTRICT_FILE, 'rejected', 'loaded'],
        [SEED_BAD_FILES[2], 'rejected', 'rejected'],
      ].sort(),
    );
    expect(run.reprocessed.find((f) => f.file === UNKNOWN_DISTRICT_FILE)).toMatchObject({
      before: { accepted: 0 },
      after: { accepted: 1 },
    });
    // its 5 mentees of 2022 count now, in Ванинский
    expect(mentees2022()).toEqual({ region: 157, vaninsky: 67 });
    expect(describeSummary(run)).toContain(
      `Перечитано из архива с текущими справочниками: 3; изменилось: 1.\n  перечитан: ${UNKNOWN_DISTRICT_FILE} — было: отклонён, принято форм 0; стало: загружен, принято форм 1`,
    );
    const steps = await queryWarehouse(
      config.WAREHOUSE_PATH,
      `select step, status, detail from ops_run_steps where run_id = '${run.runId}' and step = 'reprocess'`,
    );
    expect(steps).toEqual([
      { step: 'reprocess', status: 'success', detail: JSON.stringify({ read: 3, changed: 1, now_loaded: 1 }) },
    ]);
  }, 60_000);

  it('keeps the file’s arrival, its old findings replaced by the new; the archive is not touched', async () => {
    const [raw] = await queryWarehouse(
      config.WAREHOUSE_PATH,
      `select received_at, status, org_years_accepted from raw_files where source_path = '${UNKNOWN_DISTRICT_FILE}'`,
    );
    expect(raw).toEqual({ received_at: firstReceived, status: 'loaded', org_years_accepted: 1 });
    const findings = await queryWarehouse(
      config.WAREHOUSE_PATH,
      `select count(*)::integer as n from ops_findings f join raw_files r using (file_sha256)
       where r.source_path = '${UNKNOWN_DISTRICT_FILE}' and f.severity = 'error'`,
    );
    expect(findings).toEqual([{ n: 0 }]);
    expect(archive()).toEqual(archivedBefore);
  });

  it('a second reprocess changes nothing', async () => {
    const again = await runPipeline(config, { reprocess: {} });
    expect(again.reprocessed.length).toBeGreaterThan(3);
    expect(again.reprocessed.filter((f) => f.before.status !== f.after.status)).toEqual([]);
    expect(mentees2022()).toEqual({ region: 157, vaninsky: 67 });
    await expect(runPipeline(config, { reprocess: { sha: 'zz' } })).resolves.toMatchObject({
      status: 'failed',
      error: expect.stringContaining('--file: нужен SHA-256 файла'),
    });
  }, 60_000);
});

describe('a reprocess while another run holds the warehouse', () => {
  it('is refused with exit code 2, naming the run that holds it, and changes nothing', async () => {
    const before = await queryWarehouse(
      config.WAREHOUSE_PATH,
      'select file_sha256, status, org_years_accepted from raw_files order by all',
    );
    const lock = await acquireRunLock(config.WAREHOUSE_PATH, { command: 'test' });
    try {
      const refused = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.resolve(import.meta.dirname, '../../pipeline/cli/pipeline.ts'), '--reprocess'],
        {
          encoding: 'utf-8',
          env: {
            ...process.env,
            INBOX_DIR: config.INBOX_DIR,
            WAREHOUSE_PATH: config.WAREHOUSE_PATH,
            ARCHIVE_DIR: config.ARCHIVE_DIR,
            SNAPSHOT_DIR: config.SNAPSHOT_DIR,
            REFERENCE_DIR: reference,
          },
        },
      );
      expect(refused.status).toBe(2);
      const message = JSON.parse(refused.stderr.trim().split('\n').at(-1)!) as { msg: string; holder: { pid: number } };
      expect(message.msg).toMatch(/^Конвейер уже выполняется \(PID \d+, начат .+\): хранилище .+ занято/);
      expect(message.holder.pid).toBe(process.pid);
      expect(refused.stdout).toBe('');
    } finally {
      await lock.release();
    }
    expect(
      await queryWarehouse(
        config.WAREHOUSE_PATH,
        'select file_sha256, status, org_years_accepted from raw_files order by all',
      ),
    ).toEqual(before);
  }, 60_000);
});

describe('a reprocess killed by SIGKILL', () => {
  /** What a reprocess leaves that must not depend on how many runs it took (run ids and times aside). */
  const contents = async (file: string) =>
    JSON.stringify(
      await Promise.all(
        [
          'select * exclude (run_id) from raw_files order by all',
          'select * exclude (run_id) from ops_findings where file_sha256 is not null order by all',
          ...[
            'stg_submissions',
            'stg_values',
            'core_submissions',
            'core_facts',
            'mart_counts',
            'mart_indicator_values',
          ].map((t) => `select * from ${t} order by all`),
        ].map((sql) => queryWarehouse(file, sql)),
      ),
    );

  it('leaves whole files only, and the rerun gives the warehouse one uninterrupted reprocess gives', async () => {
    const crash = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve(import.meta.dirname, '../helpers/crash-run.ts'),
        JSON.stringify(killed),
        '2',
        '32',
        'reprocess',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(crash.signal, crash.stderr).toBe('SIGKILL');
    // killed at the third file's commit: the run and its step left running, every file whole (its rows all there)
    const steps = await queryWarehouse(
      killed.WAREHOUSE_PATH,
      "select status from ops_run_steps where step = 'reprocess'",
    );
    expect(steps).toEqual([{ status: 'running' }]);
    const rerun = await runPipeline(killed, { reprocess: {} });
    expect(rerun.error).toBeNull();
    expect((await runPipeline(whole, { reprocess: {} })).error).toBeNull();
    expect(await contents(killed.WAREHOUSE_PATH)).toBe(await contents(whole.WAREHOUSE_PATH));
    expect(mentees2022ForDir(killed.SNAPSHOT_DIR)).toEqual({ region: 157, vaninsky: 67 });
  }, 120_000);
});
