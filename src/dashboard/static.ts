/**
 * Serves dist/ while renderings replace its files. Each file is opened once, and its length,
 * ETag and bytes all come from that open file, so a page renamed over mid-request is sent whole:
 * the old version or the new one.
 *
 * sirv, which this replaces, looks a path up with stat and opens it again to send it. A rename
 * in between sent one version's Content-Length with the other's bytes: a browser waited for
 * bytes that never came, or read the rest as the next response on its keep-alive connection
 * (test/dashboard/serve.test.ts reproduces it). An open page polls its file every few seconds
 * while the renderer replaces it as often, so this was a matter of time, not of luck.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { httpDate } from '../util/time.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The files a request path may name, most specific first (`/m/shop` is `m/shop.html`, a folder
 * its index.html); null when it cannot name a file in `root`. Segments starting with a dot are
 * never served: `..`, and a rendering's temporary files (atomic.ts).
 */
function candidates(root: string, url: string): string[] | null {
  const pathname = url.split('?', 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  const file = path.join(root, ...segments);
  if (segments.length === 0 || decoded.endsWith('/')) return [path.join(file, 'index.html')];
  return [file, `${file}.html`, path.join(file, 'index.html')];
}

interface Opened {
  readonly handle: FileHandle;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The regular file at `file`, opened; null when there is none. */
async function openFile(file: string): Promise<Opened | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG') return null;
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return null;
}

type Next = () => void;

/**
 * A handler for GET and HEAD requests of the files in `root`: precompressed `.gz` twins to
 * clients that accept gzip, an ETag (a 304 when it matches), `no-cache` so that pages
 * revalidate; `headers` go on every answer. Paths that name no file go to `next`.
 */
export function serveDirectory(root: string, headers: Readonly<Record<string, string>> = {}) {
  async function serve(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const files = candidates(root, req.url ?? '/');
    if (!files) return next();
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    for (const file of files) {
      const twin = gzip ? await openFile(`${file}.gz`) : null;
      const opened = twin ?? (await openFile(file));
      if (!opened) continue;
      send(req, res, file, opened, twin !== null);
      return;
    }
    next();
  }

  function send(req: IncomingMessage, res: ServerResponse, file: string, opened: Opened, zipped: boolean): void {
    const etag = `W/"${opened.size}-${Math.trunc(opened.mtimeMs)}${zipped ? '-gz' : ''}"`;
    const common: Record<string, string> = { ...headers, 'Cache-Control': 'no-cache', ETag: etag, Vary: 'Accept-Encoding' };
    const wanted = String(req.headers['if-none-match'] ?? '')
      .split(',')
      .map((tag) => tag.trim());
    if (wanted.includes(etag)) {
      void opened.handle.close();
      res.writeHead(304, common).end();
      return;
    }
    res.writeHead(200, {
      ...common,
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(opened.size),
      'Last-Modified': httpDate(opened.mtimeMs),
      ...(zipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD' || opened.size === 0) {
      void opened.handle.close();
      res.end();
      return;
    }
    // The bytes of the file opened above, however many renames land meanwhile; the stream
    // closes the handle, and a client that leaves ends it.
    pipeline(opened.handle.createReadStream({ start: 0, end: opened.size - 1 }), res, () => {});
  }

  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    serve(req, res, next).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('could not read the file\n');
      else res.destroy();
    });
  };
}
