import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { RegistryMentor } from './write-registry.ts';

/** Faults on request, for demos and tests of the client (REGISTRY_API.md, «Errors and faults»). */
export interface RegistryFaults {
  /** The first `count` list requests after setFaults (or the start) answer `code`; a 429 carries `retryAfter` (seconds or an HTTP date). */
  status?: { code: 401 | 403 | 429 | 500 | 502 | 503 | 504; count: number; retryAfter?: string };
  /** The first `resetCount` list requests get their connection dropped without an answer. */
  resetCount?: number;
  /** Page `page` (1-based) answers 200 with a body that is not JSON (a proxy's error page). */
  notJsonPage?: number;
  /** Each answer waits this long before its headers (the first `delayCount` requests, or all). */
  delayMs?: number;
  delayCount?: number;
  /** Page `page` (1-based) has `items[index][field] = value`; by default the first item's `updated_at` is 12. */
  malformedPage?: { page: number; index?: number; field?: string; value?: unknown };
  /** From page `fromPage` on, `next_cursor` repeats the cursor the client sent: a server that never ends. */
  repeatCursor?: { fromPage: number };
  /** Reported instead of the real `total`. */
  total?: number;
}

/** What the server received: tests check the client's queries and headers. */
export interface RegistryRequestLog {
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  page: number | null;
  /** -1: the connection was dropped (fault `resetCount`). */
  status: number;
}

export interface RegistryServer {
  /** Base URL to put in REGISTRY_URL. */
  readonly url: string;
  readonly requests: RegistryRequestLog[];
  setItems(items: readonly RegistryMentor[]): void;
  setFaults(faults: RegistryFaults): void;
  close(): Promise<void>;
}

export interface RegistryServerOptions {
  items: readonly RegistryMentor[];
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  faults?: RegistryFaults;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

const LIST_PATH = '/api/v1/mentors';

const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');
function decodeCursor(cursor: string): number | null {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch {
    return null;
  }
}

/** The registry after a batch of changes: per id, the newest `updated_at` wins. */
export function applyChanges(mentors: readonly RegistryMentor[], changes: readonly RegistryMentor[]): RegistryMentor[] {
  const byId = new Map(mentors.map((m) => [m.id, m]));
  for (const c of changes) {
    const known = byId.get(c.id);
    if (!known || Date.parse(c.updated_at) >= Date.parse(known.updated_at)) byId.set(c.id, c);
  }
  return [...byId.values()];
}

/** The sample data set of `npm run sample` (`registry/mentors.json`, optionally with `changes.json` applied). */
export function readSampleRegistry(registryDir: string, withChanges = false): RegistryMentor[] {
  const read = (name: string) => JSON.parse(readFileSync(path.join(registryDir, name), 'utf8')) as RegistryMentor[];
  const mentors = read('mentors.json');
  return withChanges ? applyChanges(mentors, read('changes.json')) : mentors;
}

/**
 * A registry that honours REGISTRY_API.md on a real HTTP port, serving the given records, with faults
 * injected on request. Items are ordered by `updated_at`, then id; the cursor is the offset.
 * @example const server = await startRegistryServer({ items }); … REGISTRY_URL=server.url … await server.close();
 */
export async function startRegistryServer(o: RegistryServerOptions): Promise<RegistryServer> {
  let items: readonly RegistryMentor[] = o.items;
  let faults: RegistryFaults = o.faults ?? {};
  let faultRequests = 0;
  let delayRequests = 0;
  // Sorting 100,000 records per page would dominate a benchmark: one ordered list per updated_since.
  const ordered = new Map<string, RegistryMentor[]>();
  const requests: RegistryRequestLog[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const listFor = (since: number | null): RegistryMentor[] => {
    const key = String(since);
    let list = ordered.get(key);
    if (!list) {
      list = items
        .map((m) => ({ m, at: Date.parse(m.updated_at) }))
        .filter(({ at }) => since === null || at >= since)
        .sort((a, b) => a.at - b.at || (a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0))
        .map(({ m }) => m);
      ordered.set(key, list);
    }
    return list;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  function answer(req: IncomingMessage, res: ServerResponse, log: RegistryRequestLog): void {
    const url = new URL(req.url ?? '/', 'http://registry.local');
    if (url.pathname !== LIST_PATH || req.method !== 'GET')
      return send(res, (log.status = 404), { error: 'not found' });
    if (o.token !== undefined && log.authorization !== `Bearer ${o.token}`)
      return send(res, (log.status = 401), { error: 'unauthorized' });
    faultRequests++;
    if (faultRequests <= (faults.resetCount ?? 0)) {
      log.status = -1;
      req.socket.destroy();
      return;
    }
    const fault = faults.status;
    if (fault && faultRequests <= fault.count) {
      return send(
        res,
        (log.status = fault.code),
        { error: `injected ${fault.code}` },
        fault.code === 429 && fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return send(res, (log.status = 400), { error: 'limit must be 1..1000' });
    const sinceText = url.searchParams.get('updated_since');
    const since = sinceText === null ? null : Date.parse(sinceText);
    if (Number.isNaN(since)) return send(res, (log.status = 400), { error: 'bad updated_since' });
    const cursor = url.searchParams.get('cursor');
    const offset = cursor === null ? 0 : decodeCursor(cursor);
    if (offset === null) return send(res, (log.status = 400), { error: 'bad cursor' });

    const list = listFor(since);
    const page = Math.floor(offset / limit) + 1;
    log.page = page;
    if (faults.notJsonPage === page) {
      log.status = 200;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    const slice: Record<string, unknown>[] = list.slice(offset, offset + limit).map((m) => ({ ...m }));
    const bad = faults.malformedPage;
    if (bad && bad.page === page && slice.length > 0) {
      const item = slice[Math.min(bad.index ?? 0, slice.length - 1)]!;
      item[bad.field ?? 'updated_at'] = 'value' in bad ? bad.value : 12;
    }
    let next: string | null = offset + limit < list.length ? encodeCursor(offset + limit) : null;
    if (faults.repeatCursor && page >= faults.repeatCursor.fromPage && cursor !== null) next = cursor;
    send(res, (log.status = 200), { items: slice, next_cursor: next, total: faults.total ?? list.length });
  }

  const server = createServer((req, res) => {
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://registry.local');
    const log: RegistryRequestLog = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
      page: null,
      status: 0,
    };
    requests.push(log);
    const delay = faults.delayMs ?? 0;
    if (delay > 0 && (faults.delayCount === undefined || ++delayRequests <= faults.delayCount)) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer(req, res, log);
      }, delay);
      timers.add(timer);
    } else answer(req, res, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    requests,
    setItems(next) {
      items = next;
      ordered.clear();
    },
    setFaults(next) {
      faults = next;
      faultRequests = 0;
      delayRequests = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
