import { existsSync, readFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { PROJECT_ROOT } from '../config.ts';

export interface ServeOptions {
  distDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface ServedSite {
  url: string;
  /** Rereads the folder after a rebuild (the file list is read once, for speed). */
  reload(): void;
  close(): Promise<void>;
}

/**
 * The request handler of a built site: its files (the build's precompressed .br/.gz copies to browsers that accept
 * them) and its 404 page. `reload()` rereads the folder after a rebuild (the file list is read once, for speed).
 */
export function siteHandler(distDir: string): { handle: RequestListener; reload(): void } {
  const root = path.resolve(PROJECT_ROOT, distDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`Сайт не собран: нет ${path.join(root, 'index.html')}. Сначала запустите npm run build.`);
  }
  const notFoundPage = path.join(root, '404.html');
  const files = () => sirv(root, { single: false, dev: false, etag: true, brotli: true, gzip: true });
  let assets = files();
  return {
    handle: (req, res) =>
      assets(req, res, () => {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(existsSync(notFoundPage) ? readFileSync(notFoundPage) : 'Страница не найдена');
      }),
    reload: () => {
      assets = files();
    },
  };
}

/**
 * Serves a built site (static files only) until `close()`.
 * @example const { url, close } = await serveSite({ distDir: "dist", host: "127.0.0.1", port: 0 });
 */
export async function serveSite({ distDir, host, port }: ServeOptions): Promise<ServedSite> {
  const site = siteHandler(distDir);
  const server = createServer(site.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}/`,
    reload: site.reload,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
