// Runs fetchRegistry against a server on 127.0.0.1 that accepts each request and then never answers, forcing garbage
// collection all along when the process has `--expose-gc`: on Node 20 a timeout signal inside AbortSignal.any() can be
// collected before it fires (nodejs/node#57736). Prints one JSON line: timings of the requests and the error.
// Used by test/registry/registry-timeout.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchRegistry } from '../../pipeline/sources/registry/fetch-registry.ts';

const [timeoutMs, maxRetries, syncTimeoutMs] = process.argv.slice(2).map(Number) as [number, number, number];
const arrivals: number[] = [];
const server = createServer((req) => {
  arrivals.push(performance.now());
  req.resume(); // read the request, never answer
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const gc = (globalThis as { gc?: () => void }).gc;
const collector = gc ? setInterval(() => gc(), 10) : null;
const started = performance.now();
let error: string | null = null;
try {
  await fetchRegistry({
    url: `http://127.0.0.1:${port}`,
    pageSize: 100,
    timeoutMs,
    maxRetries,
    retryAfterMaxS: 1,
    syncTimeoutMs,
    updatedSince: null,
    backoffMinMs: 10,
    backoffMaxMs: 20,
  });
} catch (e) {
  error = e instanceof Error ? e.message : String(e);
}
const elapsed = performance.now() - started;
if (collector) clearInterval(collector);
server.closeAllConnections();
server.close();
console.log(JSON.stringify({ gc: gc !== undefined, elapsed, arrivals: arrivals.map((t) => t - started), error }));
