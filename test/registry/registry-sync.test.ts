import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import {
  describeSummary,
  exitCode,
  type PipelineConfig,
  type RunSummary,
  runPipeline,
} from '../../pipeline/run-pipeline.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import {
  applyChanges,
  readSampleRegistry,
  type RegistryFaults,
  type RegistryServer,
  startRegistryServer,
} from '../../pipeline/sample/registry-server.ts';
import type { RegistryMentor } from '../../pipeline/sample/write-registry.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { findTextInWarehouse } from '../helpers/warehouse-text-scan.ts';

// The registry source against a real HTTP server on 127.0.0.1 and a real DuckDB file; no mocked fetch.
// The tests run in order on one warehouse: first sync, incremental sync, then every fault, then recovery.

const dir = tempDir('nm-registry-');
const inbox = path.join(dir, 'inbox');
const PAGE_SIZE = 40;
const BACKOFF = { min: 5, max: 20 };
const ref = loadReference();
const normaliser = new Normaliser(ref);

let server: RegistryServer;
let mentors: RegistryMentor[];
let changes: RegistryMentor[];

function config(extra: Partial<PipelineConfig> = {}): PipelineConfig {
  return pipelineConfigIn(dir, inbox, {
    DATA_IS_SYNTHETIC: true,
    REGISTRY_URL: server.url,
    REGISTRY_PAGE_SIZE: PAGE_SIZE,
    REGISTRY_TIMEOUT_MS: 5_000,
    REGISTRY_MAX_RETRIES: 3,
    ...extra,
  });
}

const run = (extra: Partial<PipelineConfig> = {}) => runPipeline(config(extra), { registryBackoffMs: BACKOFF });
const query = (sql: string) => queryWarehouse(config().WAREHOUSE_PATH, sql);

const REGISTRY_TABLES = [
  'ops_sources',
  'stg_registry_mentors',
  'core_mentors',
  'core_mentor_versions',
  'core_mentor_forms',
  'core_registry_counts',
];
async function dumpRegistry(): Promise<string> {
  const parts: Record<string, unknown> = {};
  for (const t of REGISTRY_TABLES) parts[t] = await query(`select * from ${t} order by all`);
  return JSON.stringify(parts);
}

/** The newest version per id, as the registry holds it. */
function current(items: readonly RegistryMentor[]): Map<string, RegistryMentor> {
  const byId = new Map<string, RegistryMentor>();
  for (const m of items) {
    const known = byId.get(m.id);
    if (!known || Date.parse(m.updated_at) >= Date.parse(known.updated_at)) byId.set(m.id, m);
  }
  return byId;
}

/** core_registry_counts computed straight from the JSON: year × territory × type × form, cumulative. */
function expectedCounts(items: readonly RegistryMentor[]): Record<string, number[]> {
  const live = [...current(items).values()].filter((m) => !m.deleted);
  const years = live.flatMap((m) => [
    Number(m.registered_at.slice(0, 4)),
    ...(m.trained_at ? [Number(m.trained_at.slice(0, 4))] : []),
  ]);
  const out: Record<string, number[]> = {};
  for (
    let year = Math.min(...live.map((m) => Number(m.registered_at.slice(0, 4))));
    year <= Math.max(...years);
    year++
  ) {
    const end = `${year}-12-31`;
    for (const m of live.filter((x) => x.registered_at <= end)) {
      const forms = [...new Set(m.forms.map((f) => normaliser.form(f).id))];
      for (const form of forms.length > 0 ? forms : [null]) {
        const key = [year, normaliser.territory(m.municipality).id, normaliser.orgType(m.org_type).id, form].join('|');
        const c = (out[key] ??= [0, 0, 0]);
        c[0]!++;
        if (m.personalised_programme) c[1]!++;
        if (m.trained && (m.trained_at === null || m.trained_at <= end)) c[2]!++;
      }
    }
  }
  return out;
}

async function storedCounts(): Promise<Record<string, number[]>> {
  const rows = await query('select * from core_registry_counts');
  return Object.fromEntries(
    rows.map((r) => [
      [r.year, r.territory_id ?? '', r.org_type_id ?? '', r.form_id ?? ''].join('|'),
      [r.mentors_registered, r.mentors_with_programme, r.mentors_trained].map(Number),
    ]),
  );
}

const maxUpdatedAt = (items: readonly RegistryMentor[]) => Math.max(...items.map((m) => Date.parse(m.updated_at)));

beforeAll(async () => {
  const sample = path.join(dir, 'sample');
  // a quarter of the sample's registry (450 mentors: twelve pages of 40, changes and deletions) proves what the whole
  // of it would
  await generateSample({ seed: 20260101, outDir: sample, scale: 0.25 });
  mentors = readSampleRegistry(path.join(sample, 'registry'));
  changes = JSON.parse(readFileSync(path.join(sample, 'registry', 'changes.json'), 'utf8')) as RegistryMentor[];
  server = await startRegistryServer({ items: mentors });
  mkdirSync(inbox, { recursive: true });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('registry sync against the sample server', () => {
  let first: RunSummary;
  let second: RunSummary;
  let afterSecond: string;

  it('skips the source when REGISTRY_URL is not set, and says so', async () => {
    const summary = await run({ REGISTRY_URL: undefined });
    expect(summary.status).toBe('success');
    expect(summary.registry.status).toBe('skipped');
    expect(describeSummary(summary)).toContain('Реестр наставников: пропущен — не задан REGISTRY_URL');
    expect(server.requests).toHaveLength(0);
    expect(await query('select count(*)::integer as n from core_mentors')).toEqual([{ n: 0 }]);
  });

  it('first sync: every page, no updated_since, one current row per mentor and the counts of the JSON', async () => {
    expect(mentors.length).toBeGreaterThan(10 * PAGE_SIZE);
    first = await run();
    expect(first.error).toBeNull();
    expect(first.status).toBe('success');
    const r = first.registry;
    expect(r.status).toBe('success');
    expect(r.updatedSince).toBeNull();
    expect(r.fetched).toBe(mentors.length);
    expect(r.pages).toBe(Math.ceil(mentors.length / PAGE_SIZE));
    expect(r.applied).toBe(current(mentors).size);
    expect(r.added).toBe(current(mentors).size);
    expect(
      server.requests.every((q) => q.query.updated_since === undefined && q.query.limit === String(PAGE_SIZE)),
    ).toBe(true);
    expect(server.requests.map((q) => q.page)).toEqual(Array.from({ length: r.pages }, (_, i) => i + 1));

    const unmapped = mentors.filter((m) => normaliser.territory(m.municipality).id === null);
    expect(unmapped.length).toBeGreaterThan(0);
    expect(r.unmapped).toBe(unmapped.length);
    expect(await query('select count(*)::integer as n from core_mentors where territory_id is null')).toEqual([
      { n: unmapped.length },
    ]);
    const findings = await query(
      `select value, file_name, severity from ops_findings where run_id = '${first.runId}' and code = 'registry_unknown_territory' order by value`,
    );
    expect(findings.map((f) => f.value)).toEqual(unmapped.map((m) => m.municipality).sort());
    expect(new Set(findings.map((f) => `${f.file_name}/${f.severity}`))).toEqual(
      new Set(['реестр наставников/warning']),
    );

    expect(await query('select count(*)::integer as n from core_mentor_versions')).toEqual([{ n: mentors.length }]);
    expect(await query('select count(*)::integer as n from stg_registry_mentors')).toEqual([{ n: 0 }]);
    const [source] = await query(
      "select epoch_ms(watermark)::bigint as ms, records_fetched from ops_sources where source = 'mentors_registry'",
    );
    expect(Number(source!.ms)).toBe(maxUpdatedAt(mentors));
    expect(await storedCounts()).toEqual(expectedCounts(mentors));
    expect(describeSummary(first)).toContain(`получено записей ${mentors.length.toLocaleString('ru-RU')}`);
  });

  it('second sync sends the watermark and brings only the changes: updates, deletions, new mentors', async () => {
    const merged = applyChanges(mentors, changes);
    server.setItems(merged);
    const before = server.requests.length;
    second = await run();
    expect(second.status).toBe('success');
    const r = second.registry;
    const watermark = maxUpdatedAt(mentors);
    const sent = server.requests.slice(before);
    expect(sent.every((q) => Date.parse(q.query.updated_since!) === watermark)).toBe(true);
    expect(r.updatedSince).toBe(new Date(watermark).toISOString());
    // «at or after»: the records stamped exactly at the watermark come again and change nothing.
    expect(r.fetched).toBe(merged.filter((m) => Date.parse(m.updated_at) >= watermark).length);
    const old = current(mentors);
    const newer = [...current(changes).values()].filter(
      (c) => !old.has(c.id) || Date.parse(c.updated_at) > Date.parse(old.get(c.id)!.updated_at),
    );
    expect(r.applied).toBe(newer.length);
    expect(r.deleted).toBe(newer.filter((c) => c.deleted).length);
    expect(r.deleted).toBeGreaterThan(0);
    expect(r.added).toBe(newer.filter((c) => !old.has(c.id)).length);
    expect(r.added).toBeGreaterThan(0);

    const finalState = current(merged);
    expect(
      await query(
        'select count(*)::integer as n, count(*) filter (where is_deleted)::integer as deleted from core_mentors',
      ),
    ).toEqual([{ n: finalState.size, deleted: [...finalState.values()].filter((m) => m.deleted).length }]);
    // History keeps the deleted mentors' earlier versions.
    expect(await query('select count(*)::integer as n from core_mentor_versions')).toEqual([
      { n: mentors.length + newer.length },
    ]);
    const gone = newer.find((c) => c.deleted && old.has(c.id))!;
    expect(
      await query(`select is_deleted from core_mentor_versions where mentor_id = '${gone.id}' order by updated_at`),
    ).toEqual([{ is_deleted: false }, { is_deleted: true }]);
    expect(await storedCounts()).toEqual(expectedCounts(merged));
    const [source] = await query('select epoch_ms(watermark)::bigint as ms from ops_sources');
    expect(Number(source!.ms)).toBe(maxUpdatedAt(merged));
    afterSecond = await dumpRegistry();
  });

  it('a rerun with nothing new changes no mentor', async () => {
    const again = await run();
    expect(again.registry.status).toBe('success');
    expect(again.registry.applied).toBe(0);
    const dump = JSON.parse(await dumpRegistry()) as Record<string, unknown>;
    const was = JSON.parse(afterSecond) as Record<string, unknown>;
    for (const t of REGISTRY_TABLES.filter((t) => t !== 'ops_sources')) expect(dump[t], t).toEqual(was[t]);
    afterSecond = await dumpRegistry();
  });

  /** Runs with faults on; the run is partial, the registry failed with `reason`, and no registry table moved. */
  async function failingRun(
    faults: RegistryFaults,
    reason: RegExp,
    extra: Partial<PipelineConfig> = {},
  ): Promise<RunSummary> {
    const before = await dumpRegistry();
    server.setFaults(faults);
    try {
      const summary = await run(extra);
      expect(summary.error).toBeNull();
      expect(summary.registry.status).toBe('failed');
      expect(summary.registry.reason).toMatch(reason);
      expect(summary.status).toBe('partial');
      expect(exitCode(summary)).toBe(1);
      expect(describeSummary(summary)).toContain(`Реестр наставников: не загружен. ${summary.registry.reason}.`);
      expect(await dumpRegistry()).toBe(before);
      const failed = await query(
        `select severity, file_name from ops_findings where run_id = '${summary.runId}' and code = 'registry_sync_failed'`,
      );
      expect(failed).toEqual([{ severity: 'error', file_name: 'реестр наставников' }]);
      return summary;
    } finally {
      server.setFaults({});
    }
  }

  it('401: stops at once with a message about the token; the inbox still loads', async () => {
    const long = Papa.unparse(
      [
        ['год', 'муниципалитет', 'организация', 'ИНН', 'тип', 'форма', 'показатель', 'значение'],
        ['2021', 'г. Хабаровск', 'МАОУ «Гимназия № 3»', '', 'ОО', 'ученик-ученик', 'mentees_students', '20'],
      ],
      { delimiter: ';' },
    );
    writeFileSync(path.join(inbox, 'Хабаровск.csv'), `${long}\r\n`);
    const before = server.requests.length;
    const summary = await failingRun(
      { status: { code: 401, count: 100 } },
      /^Реестр наставников отклонил токен \(HTTP 401\): проверьте REGISTRY_TOKEN$/,
    );
    expect(server.requests.length - before).toBe(1);
    expect(summary.files.loaded).toBe(1);
    expect(await query("select count(*)::integer as n from raw_files where status = 'loaded'")).toEqual([{ n: 1 }]);
  });

  it('a server that wants a token: a wrong one is refused (403 the same way), the right one is sent as Bearer', async () => {
    const guarded = await startRegistryServer({ items: applyChanges(mentors, changes), token: 's3cret' });
    try {
      const before = await dumpRegistry();
      const refused = await run({ REGISTRY_URL: guarded.url, REGISTRY_TOKEN: 'wrong' });
      expect(refused.registry.reason).toContain('HTTP 401');
      expect(await dumpRegistry()).toBe(before);
      await failingRun({ status: { code: 403, count: 1 } }, /HTTP 403/);
      const accepted = await run({ REGISTRY_URL: guarded.url, REGISTRY_TOKEN: 's3cret' });
      expect(accepted.registry.status).toBe('success');
      expect(guarded.requests.at(-1)!.authorization).toBe('Bearer s3cret');
      expect(server.requests.every((q) => q.authorization === null)).toBe(true);
    } finally {
      await guarded.close();
    }
  });

  it('429 with Retry-After in seconds: waits as told, then succeeds', async () => {
    server.setFaults({ status: { code: 429, count: 1, retryAfter: '1' } });
    const t0 = performance.now();
    const summary = await run();
    const elapsed = performance.now() - t0;
    server.setFaults({});
    expect(summary.registry.status).toBe('success');
    expect(summary.registry.retries).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });

  it('429 with a long Retry-After (an HTTP date, too): the wait is cut to REGISTRY_RETRY_AFTER_MAX_S', async () => {
    for (const retryAfter of ['3600', new Date(Date.now() + 3_600_000).toUTCString()]) {
      server.setFaults({ status: { code: 429, count: 2, retryAfter } });
      const t0 = performance.now();
      const summary = await run({ REGISTRY_RETRY_AFTER_MAX_S: 0.3 });
      const elapsed = performance.now() - t0;
      server.setFaults({});
      expect(summary.registry.status, retryAfter).toBe('success');
      expect(summary.registry.retries).toBe(2);
      expect(elapsed).toBeGreaterThanOrEqual(600);
      expect(elapsed).toBeLessThan(5_000);
    }
  });

  it('500s, then success: retried with backoff', async () => {
    const before = server.requests.length;
    server.setFaults({ status: { code: 500, count: 3 } });
    const summary = await run();
    server.setFaults({});
    expect(summary.registry.status).toBe('success');
    expect(summary.registry.retries).toBe(3);
    expect(
      server.requests
        .slice(before)
        .map((q) => q.status)
        .slice(0, 4),
    ).toEqual([500, 500, 500, 200]);
  });

  it('dropped connections, then success: a network error is transient too', async () => {
    const before = server.requests.length;
    server.setFaults({ resetCount: 2 });
    const summary = await run();
    server.setFaults({});
    expect(summary.registry.status).toBe('success');
    expect(summary.registry.retries).toBe(2);
    expect(
      server.requests
        .slice(before)
        .map((q) => q.status)
        .slice(0, 3),
    ).toEqual([-1, -1, 200]);
  });

  it('503 beyond REGISTRY_MAX_RETRIES: the source fails after 1 + retries attempts', async () => {
    const before = server.requests.length;
    await failingRun(
      { status: { code: 503, count: 100 } },
      /недоступен: страница 1, HTTP 503; попыток 3 \(REGISTRY_MAX_RETRIES=2\)/,
      { REGISTRY_MAX_RETRIES: 2 },
    );
    expect(server.requests.length - before).toBe(3);
  });

  it('a slow server: each request times out, retries run out, nothing changes', async () => {
    await failingRun({ delayMs: 600 }, /нет ответа за 100 мс \(REGISTRY_TIMEOUT_MS\)/, {
      REGISTRY_TIMEOUT_MS: 100,
      REGISTRY_MAX_RETRIES: 2,
    });
  });

  it('a slow server and a short REGISTRY_SYNC_TIMEOUT_MS: the whole sync is bounded', async () => {
    const t0 = performance.now();
    // the answer would come after 10 s, within one request's 15 s: only the sync's own limit ends the wait sooner
    await failingRun({ delayMs: 10_000 }, /не уложилась в 300 мс \(REGISTRY_SYNC_TIMEOUT_MS\)/, {
      REGISTRY_SYNC_TIMEOUT_MS: 300,
    });
    // the whole run with its checks, on a busy machine too (3,1 s seen with the suite running), well before the answer
    expect(performance.now() - t0).toBeLessThan(8_000);
  });

  describe('faults midway through a many-page sync', () => {
    // Every mentor updated again: the next sync has many pages to fetch, and a fault on a later page.
    let bumped: RegistryMentor[];
    beforeAll(() => {
      const at = new Date(maxUpdatedAt(applyChanges(mentors, changes)) + 86_400_000);
      bumped = applyChanges(mentors, changes).map((m, i) => ({
        ...m,
        updated_at: new Date(at.getTime() + i * 1000).toISOString().replace('.000Z', 'Z'),
        personalised_programme: !m.personalised_programme,
      }));
      server.setItems(bumped);
    });

    it('a malformed page: the error names the page, the URL and items[k].field', async () => {
      const summary = await failingRun(
        { malformedPage: { page: 3, index: 7, field: 'updated_at', value: 12 } },
        /страница 3 \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/mentors\?.*\) нарушает контракт API — items\[7\]\.updated_at: /,
      );
      expect(summary.registry.reason).not.toMatch(/@example\.ru/);
    });

    it('a wrong type in a nested field or a flag is rejected the same way', async () => {
      await failingRun(
        { malformedPage: { page: 2, index: 0, field: 'forms', value: ['ученик – ученик', 5] } },
        /items\[0\]\.forms\[1\]: /,
      );
      await failingRun(
        { malformedPage: { page: 1, index: 2, field: 'deleted', value: 'нет' } },
        /страница 1 .*items\[2\]\.deleted: /,
      );
    });

    it('a page that is not JSON is rejected, not retried', async () => {
      const before = server.requests.length;
      await failingRun({ notJsonPage: 2 }, /страница 2 \(.*\) — ответ не JSON/);
      expect(server.requests.length - before).toBe(2);
    });

    it('a repeated cursor stops paging with a clear error', async () => {
      const before = server.requests.length;
      await failingRun({ repeatCursor: { fromPage: 2 } }, /курсор «.+» пришёл повторно \(страница 2\)/);
      expect(server.requests.length - before).toBe(2);
    });

    it('more pages than total allows stops paging', async () => {
      await failingRun({ total: 60 }, /страниц больше, чем допускает total=60 при limit=40 \(получено 3\)/);
    });

    it('after the faults the watermark has not moved: the next sync asks from the same instant and applies it all', async () => {
      const before = server.requests.length;
      const summary = await run();
      expect(summary.registry.status).toBe('success');
      expect(Date.parse(server.requests[before]!.query.updated_since!)).toBe(
        maxUpdatedAt(applyChanges(mentors, changes)),
      );
      expect(summary.registry.applied).toBe(bumped.length);
      expect(await storedCounts()).toEqual(expectedCounts(bumped));
    });
  });

  it('no name, e-mail or phone of the sample reaches any table; an organisation name does (so the scan works)', async () => {
    const file = config().WAREHOUSE_PATH;
    const people = [...mentors, ...changes];
    // The exhaustive check: every distinct text value of the warehouse against every person's data.
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const values: string[] = [];
    try {
      const columns = (
        await connection.runAndReadAll(
          "select table_name, column_name from information_schema.columns where data_type = 'VARCHAR' and table_schema = 'main'",
        )
      ).getRowObjects();
      for (const { table_name, column_name } of columns) {
        const rows = (
          await connection.runAndReadAll(
            `select distinct "${column_name}" as v from "${table_name}" where "${column_name}" is not null`,
          )
        ).getRows();
        for (const [v] of rows) values.push(String(v).toLowerCase());
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const text = values.join('\n');
    expect(text).not.toMatch(/@example\.ru/);
    expect(text).not.toMatch(/\+7 9\d\d \d{3}-\d{2}-\d{2}/);
    const names = new Set(people.map((m) => m.full_name.toLowerCase()));
    expect(values.filter((v) => names.has(v))).toEqual([]);
    expect([...names].filter((n) => text.includes(n))).toEqual([]);
    // The project's scan, on a sample of people, and on a value that must be there.
    const sampled = people.filter((_, i) => i % 97 === 0).flatMap((m) => [m.full_name, m.email, m.phone]);
    expect(await findTextInWarehouse(file, sampled)).toEqual([]);
    expect(await findTextInWarehouse(file, [mentors[0]!.organisation.name])).toContain(
      `core_mentors.org_name: ${mentors[0]!.organisation.name}`,
    );
    // The snapshot the site is built from.
    const snapshot = readdirSync(config().SNAPSHOT_DIR)
      .map((f) => readFileSync(path.join(config().SNAPSHOT_DIR, f), 'utf8').toLowerCase())
      .join('\n');
    expect(snapshot).not.toMatch(/@example\.ru|\+7 9\d\d/);
    expect([...names].filter((n) => snapshot.includes(n))).toEqual([]);
  });
});
