import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import { applyChanges, type RegistryServer, startRegistryServer } from '../../pipeline/sample/registry-server.ts';
import type { RegistryMentor } from '../../pipeline/sample/write-registry.ts';
import { issuePath, parsePage } from '../../pipeline/sources/registry/contract.ts';
import { retryAfterMs } from '../../pipeline/sources/registry/retry-after.ts';

const mentor = (i: number, updatedAt: string, extra: Partial<RegistryMentor> = {}): RegistryMentor => ({
  id: `m-${String(i).padStart(6, '0')}`,
  updated_at: updatedAt,
  deleted: false,
  full_name: `Иванова Мария Петровна ${i}`,
  email: `ivanova${i}@example.ru`,
  phone: '+7 914 000-00-00',
  municipality: 'г. Хабаровск',
  organisation: { inn: '2721000000', name: 'МБОУ СОШ № 1' },
  org_type: 'ОО',
  forms: ['учитель – учитель'],
  personalised_programme: true,
  trained: true,
  trained_at: '2022-05-20',
  registered_at: '2021-10-01',
  ...extra,
});

describe('registry settings', () => {
  it('has the documented defaults and no URL unless given', () => {
    const c = loadConfig({}, {});
    expect(c.REGISTRY_URL).toBeUndefined();
    expect([
      c.REGISTRY_PAGE_SIZE,
      c.REGISTRY_TIMEOUT_MS,
      c.REGISTRY_MAX_RETRIES,
      c.REGISTRY_RETRY_AFTER_MAX_S,
      c.REGISTRY_SYNC_TIMEOUT_MS,
    ]).toEqual([500, 15000, 5, 60, 600000]);
    expect(loadConfig({}, { REGISTRY_URL: 'http://127.0.0.1:8787/', REGISTRY_PAGE_SIZE: '1000' })).toMatchObject({
      REGISTRY_URL: 'http://127.0.0.1:8787',
      REGISTRY_PAGE_SIZE: 1000,
    });
  });

  it('names the setting that is wrong', () => {
    expect(() => loadConfig({}, { REGISTRY_PAGE_SIZE: '1001' })).toThrow(/REGISTRY_PAGE_SIZE="1001"/);
    expect(() => loadConfig({}, { REGISTRY_URL: 'ftp://registry' })).toThrow(/REGISTRY_URL=.*http\(s\)/);
    expect(() => loadConfig({}, { REGISTRY_TIMEOUT_MS: '0' })).toThrow(/REGISTRY_TIMEOUT_MS/);
  });
});

describe('the page contract', () => {
  it('drops the personal fields while parsing', () => {
    const parsed = parsePage({ items: [mentor(1, '2024-03-01T10:00:00+10:00')], next_cursor: null, total: 1 });
    expect(parsed.ok).toBe(true);
    const text = JSON.stringify(parsed);
    expect(text).not.toMatch(/Иванова|example\.ru|\+7 914/);
    expect(parsed.ok && parsed.page.items[0]).toMatchObject({
      id: 'm-000001',
      orgName: 'МБОУ СОШ № 1',
      forms: ['учитель – учитель'],
      updatedAtMs: Date.parse('2024-03-01T00:00:00Z'),
    });
  });

  it('names the field path that broke, never its value', () => {
    const bad = parsePage({
      items: [
        mentor(1, '2024-03-01T10:00:00+10:00'),
        { ...mentor(2, '2024-03-01T10:00:00+10:00'), phone: 79140000000, updated_at: 'вчера' },
      ],
    });
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['items[1].updated_at', 'items[1].phone']);
    expect(problems.join(' ')).not.toMatch(/79140000000|вчера/);
    expect(parsePage({ next_cursor: null }).ok).toBe(false);
    expect(issuePath(['items', 3, 'organisation', 'inn'])).toBe('items[3].organisation.inn');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-22T05:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Sun, 22 Nov 2026 05:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 04:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('скоро', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

describe('the sample registry server', () => {
  let server: RegistryServer;
  const items = Array.from({ length: 1234 }, (_, i) =>
    mentor(i + 1, new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()),
  );
  const get = async (query: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}/api/v1/mentors${query}`, { headers });
    return {
      status: r.status,
      body: (await r.json()) as { items: RegistryMentor[]; next_cursor: string | null; total: number },
    };
  };

  beforeAll(async () => {
    server = await startRegistryServer({ items, token: 't' });
  });
  afterAll(() => server.close());

  it('pages by cursor with the default limit of 500, every record exactly once', async () => {
    const auth = { Authorization: 'Bearer t' };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await get(cursor ? `?cursor=${cursor}` : '', auth);
      expect(status).toBe(200);
      expect(body.total).toBe(items.length);
      expect(body.items.length).toBeLessThanOrEqual(500);
      seen.push(...body.items.map((m) => m.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(items.map((m) => m.id));
  });

  it('filters by updated_since (at or after), checks limit, cursor and token', async () => {
    const auth = { Authorization: 'Bearer t' };
    const since = items[1000]!.updated_at;
    const { body } = await get(`?updated_since=${encodeURIComponent(since)}&limit=1000`, auth);
    expect(body.items.map((m) => m.id)).toEqual(items.slice(1000).map((m) => m.id));
    expect((await get('?limit=0', auth)).status).toBe(400);
    expect((await get('?limit=1001', auth)).status).toBe(400);
    expect((await get('?cursor=zzz', auth)).status).toBe(400);
    expect((await get('')).status).toBe(401);
    expect((await get('', { Authorization: 'Bearer x' })).status).toBe(401);
  });

  it('applies a batch of changes: the newest version of each id wins', () => {
    const merged = applyChanges(items.slice(0, 3), [
      mentor(2, '2025-01-01T00:00:00Z', { deleted: true }),
      mentor(3, '2020-01-01T00:00:00Z'),
      mentor(9, '2025-01-02T00:00:00Z'),
    ]);
    expect(merged.map((m) => [m.id, m.deleted, m.updated_at.slice(0, 4)])).toEqual([
      ['m-000001', false, '2024'],
      ['m-000002', true, '2025'],
      ['m-000003', false, '2024'],
      ['m-000009', false, '2025'],
    ]);
  });
});
