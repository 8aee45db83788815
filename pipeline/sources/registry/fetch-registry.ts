import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import { type ParsedPage, parsePage, type RegistryRecord } from './contract.ts';
import { RegistryError, TransientRegistryError } from './errors.ts';
import { retryAfterMs } from './retry-after.ts';

export interface FetchRegistryOptions {
  /** Base URL without the path: `{url}/api/v1/mentors`. */
  url: string;
  token?: string | undefined;
  pageSize: number;
  /** Per request, headers and body together. */
  timeoutMs: number;
  maxRetries: number;
  /** A longer Retry-After is cut to this: a server must not stall the nightly run for an hour. */
  retryAfterMaxS: number;
  /** The whole fetch, retries and waits included. */
  syncTimeoutMs: number;
  /** The stored watermark; null on the first sync. */
  updatedSince: string | null;
  /** First backoff delay; it doubles per retry and is multiplied by a random 1..2 (jitter). */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  log?: (line: string) => void;
  /** The run's stop signal (SIGTERM): the fetch ends at once, nothing having been written. */
  signal?: AbortSignal | undefined;
}

export interface FetchedRegistry {
  records: RegistryRecord[];
  pages: number;
  requests: number;
  retries: number;
}

const SOURCE = 'Реестр наставников';

function pageUrl(o: FetchRegistryOptions, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(o.pageSize) });
  if (o.updatedSince !== null) query.set('updated_since', o.updatedSince);
  if (cursor !== null) query.set('cursor', cursor);
  return `${o.url}/api/v1/mentors?${query}`;
}

const shortCursor = (c: string) => (c.length > 40 ? `${c.slice(0, 40)}…` : c);

/**
 * Reads every page of the registry's list (REGISTRY_API.md) into memory, without personal data.
 * Nothing is written anywhere: the caller applies the records only when every page has arrived.
 * Throws RegistryError with a Russian message on anything that must stop the sync.
 */
export async function fetchRegistry(o: FetchRegistryOptions): Promise<FetchedRegistry> {
  const log = o.log ?? (() => {});
  const started = performance.now();
  // The whole fetch ends at its time limit, or when the run is stopped. One plain timer and a controller held by this
  // frame, not AbortSignal.timeout() inside AbortSignal.any(): on Node 20 such a timeout signal can be garbage-collected
  // before it fires (nodejs/node#57736), and the limit is then never enforced.
  const deadlineController = new AbortController();
  const deadline = deadlineController.signal;
  const deadlineTimer = setTimeout(
    () => deadlineController.abort(new DOMException('sync time limit', 'TimeoutError')),
    o.syncTimeoutMs,
  );
  const onStop = () => deadlineController.abort(o.signal?.reason);
  if (o.signal?.aborted) onStop();
  else o.signal?.addEventListener('abort', onStop, { once: true });
  const deadlineError = () =>
    o.signal?.aborted
      ? new RegistryError('stopped', `${SOURCE}: загрузка остановлена вместе с запуском`)
      : new RegistryError(
          'deadline',
          `${SOURCE}: синхронизация не уложилась в ${o.syncTimeoutMs} мс (REGISTRY_SYNC_TIMEOUT_MS)`,
        );
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  const stats = { requests: 0, retries: 0 };

  /** One request of one page; throws Transient… for what is worth retrying, AbortError for the rest. */
  async function requestPage(url: string, page: number): Promise<ParsedPage> {
    stats.requests++;
    // One timer per request, headers and body together, strongly referenced until the request ends (see the deadline).
    const request = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.abort(new DOMException(`no answer in ${o.timeoutMs} ms`, 'TimeoutError'));
    }, o.timeoutMs);
    const onDeadline = () => request.abort(deadline.reason);
    if (deadline.aborted) onDeadline();
    else deadline.addEventListener('abort', onDeadline, { once: true });
    let body: string;
    try {
      const response = await fetch(url, { headers, signal: request.signal });
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => {});
        throw statusError(response, url);
      }
      body = await response.text();
    } catch (e) {
      if (e instanceof RegistryError || e instanceof AbortError) throw e;
      if (deadline.aborted) throw new AbortError(deadlineError());
      if (timedOut || (e instanceof Error && e.name === 'TimeoutError')) {
        throw new TransientRegistryError(`нет ответа за ${o.timeoutMs} мс (REGISTRY_TIMEOUT_MS)`);
      }
      const cause =
        e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
      throw new TransientRegistryError(`сетевая ошибка: ${cause}`);
    } finally {
      clearTimeout(timer);
      deadline.removeEventListener('abort', onDeadline);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AbortError(new RegistryError('contract', `${SOURCE}: страница ${page} (${url}) — ответ не JSON`));
    }
    const parsed = parsePage(json);
    if (!parsed.ok) {
      throw new AbortError(
        new RegistryError(
          'contract',
          `${SOURCE}: страница ${page} (${url}) нарушает контракт API — ${parsed.problems.join('; ')}`,
        ),
      );
    }
    return parsed.page;
  }

  function statusError(response: Response, url: string): Error {
    const { status } = response;
    if (status === 401 || status === 403) {
      return new AbortError(
        new RegistryError('auth', `${SOURCE} отклонил токен (HTTP ${status}): проверьте REGISTRY_TOKEN`),
      );
    }
    if (status === 429) {
      const asked = retryAfterMs(response.headers.get('retry-after'));
      const wait = Math.min(asked ?? 0, o.retryAfterMaxS * 1000);
      return new TransientRegistryError(
        `HTTP 429 (слишком много запросов${asked === null ? '' : `, Retry-After ${Math.round(asked / 1000)} с`})`,
        wait,
      );
    }
    if ([500, 502, 503, 504].includes(status)) return new TransientRegistryError(`HTTP ${status}`);
    return new AbortError(new RegistryError('http', `${SOURCE} ответил HTTP ${status} на ${url}`));
  }

  const records: RegistryRecord[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  let total: number | null = null;
  let page = 0;
  let attempts = 0;
  try {
    for (;;) {
      page++;
      // A page beyond what `total` allows means the server keeps paging past its own end.
      if (total !== null && page > Math.ceil(total / o.pageSize) + 1) {
        throw new RegistryError(
          'loop',
          `${SOURCE}: страниц больше, чем допускает total=${total} при limit=${o.pageSize} (получено ${page - 1}) — ошибка сервера, загрузка остановлена`,
        );
      }
      const url = pageUrl(o, cursor);
      const current = page;
      const result: ParsedPage = await pRetry(
        (attempt) => {
          attempts = attempt;
          return requestPage(url, current);
        },
        {
          retries: o.maxRetries,
          factor: 2,
          minTimeout: o.backoffMinMs ?? 500,
          maxTimeout: o.backoffMaxMs ?? 30_000,
          randomize: true,
          maxRetryTime: Math.max(0, o.syncTimeoutMs - (performance.now() - started)),
          signal: deadline,
          shouldRetry: ({ error }) => error instanceof TransientRegistryError,
          onFailedAttempt: async ({ error, retriesLeft }) => {
            if (!(error instanceof TransientRegistryError)) return;
            log(`registry: page ${current}: ${error.message}; ${retriesLeft} retries left`);
            if (retriesLeft > 0) stats.retries++;
            // Retry-After is honoured on top of the backoff that p-retry adds (capped above).
            if (retriesLeft > 0 && error.waitMs > 0) await sleep(error.waitMs, undefined, { signal: deadline });
          },
        },
      );
      for (const item of result.items) records.push(item);
      if (result.total !== null) total = Math.max(total ?? 0, result.total);
      if (result.nextCursor === null) break;
      if (seen.has(result.nextCursor) || result.nextCursor === cursor) {
        throw new RegistryError(
          'loop',
          `${SOURCE}: курсор «${shortCursor(result.nextCursor)}» пришёл повторно (страница ${page}) — ошибка сервера, загрузка остановлена`,
        );
      }
      seen.add(result.nextCursor);
      cursor = result.nextCursor;
    }
  } catch (e) {
    if (e instanceof TransientRegistryError) {
      throw new RegistryError(
        'transient',
        `${SOURCE} недоступен: страница ${page}, ${e.message}; попыток ${attempts} (REGISTRY_MAX_RETRIES=${o.maxRetries})`,
      );
    }
    if (e instanceof RegistryError) throw e;
    if (deadline.aborted) throw deadlineError();
    throw e;
  } finally {
    clearTimeout(deadlineTimer);
    o.signal?.removeEventListener('abort', onStop);
  }
  log(`registry: ${records.length} records in ${page} pages, ${stats.requests} requests`);
  return { records, pages: page, requests: stats.requests, retries: stats.retries };
}
