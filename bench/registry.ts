import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Normaliser } from '../pipeline/reference/normaliser.ts';
import { loadReference } from '../pipeline/reference/reference.ts';
import { startRegistryServer } from '../pipeline/sample/registry-server.ts';
import type { RegistryMentor } from '../pipeline/sample/write-registry.ts';
import { syncRegistry } from '../pipeline/loading/sync-registry.ts';
import { openWarehouse } from '../pipeline/warehouse/open-warehouse.ts';
import { REFERENCE_DIR } from '../pipeline/reference/reference.ts';
import { regionTimeZone } from '../pipeline/config.ts';

/**
 * Registry sync throughput: N synthetic mentors (default 100,000) from the local sample server, page size 1,000,
 * into a fresh warehouse; then an incremental sync of 10 % changes. Prints records/s (target ≥ 20,000/s).
 */
const { values } = parseArgs({
  options: { mentors: { type: 'string', default: '100000' }, 'page-size': { type: 'string', default: '1000' } },
});
const count = Number(values.mentors);
const pageSize = Number(values['page-size']);
const ref = loadReference();
const territories = ref.territoryNames.map((t) => t.name);
const forms = ref.forms.map((f) => f.name);
const types = ['ОО', 'школа', 'СПО', 'колледж', 'ДО', 'ЦДТ'];
const base = Date.UTC(2021, 0, 1);

function mentor(i: number, updatedAt: number): RegistryMentor {
  return {
    id: `m-${String(i).padStart(7, '0')}`,
    updated_at: new Date(updatedAt).toISOString().replace('.000Z', 'Z'),
    deleted: false,
    full_name: `Фамилия${i} Имя Отчество`,
    email: `mentor${i}@example.ru`,
    phone: `+7 900 ${String(i % 1000).padStart(3, '0')}-00-00`,
    municipality: territories[i % territories.length]!,
    organisation: { inn: String(2700000000 + (i % 5000)), name: `МБОУ СОШ № ${i % 5000}` },
    org_type: types[i % types.length]!,
    forms: [forms[i % forms.length]!, forms[(i * 7) % forms.length]!],
    personalised_programme: i % 5 !== 0,
    trained: i % 2 === 0,
    trained_at: i % 2 === 0 ? `${2021 + (i % 4)}-06-01` : null,
    registered_at: `${2021 + (i % 4)}-03-01`,
  };
}

const items = Array.from({ length: count }, (_, i) => mentor(i + 1, base + i * 60_000));
const server = await startRegistryServer({ items });
const work = mkdtempSync(path.join(os.tmpdir(), 'nm-bench-registry-'));
const wh = await openWarehouse(path.join(work, 'warehouse.duckdb'), regionTimeZone(REFERENCE_DIR));
const connection = await wh.connect();
const normaliser = new Normaliser(ref);
const settings = { REGISTRY_URL: server.url, REGISTRY_PAGE_SIZE: pageSize };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

try {
  let t0 = performance.now();
  const first = await syncRegistry(connection, wh.db, { settings, runId: 'bench-1', normaliser });
  let seconds = (performance.now() - t0) / 1000;
  if (first.status !== 'success') throw new Error(first.reason ?? 'failed');
  console.log(
    `full sync: ${fmt(first.fetched)} mentors, ${first.pages} pages of ${pageSize} in ${seconds.toFixed(2)} s = ${fmt(first.fetched / seconds)} records/s (target ≥ 20,000)`,
  );

  const last = base + count * 60_000;
  const changed = items.map((m, i) =>
    i % 10 === 0 ? { ...m, updated_at: new Date(last + i * 1000).toISOString(), deleted: i % 30 === 0 } : m,
  );
  server.setItems(changed);
  t0 = performance.now();
  const second = await syncRegistry(connection, wh.db, { settings, runId: 'bench-2', normaliser });
  seconds = (performance.now() - t0) / 1000;
  if (second.status !== 'success') throw new Error(second.reason ?? 'failed');
  console.log(
    `incremental sync: ${fmt(second.fetched)} changed (${fmt(second.deleted)} deleted) in ${seconds.toFixed(2)} s = ${fmt(second.fetched / seconds)} records/s`,
  );
} finally {
  connection.closeSync();
  await wh.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
