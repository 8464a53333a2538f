/**
 * Serves dist/ at / in front of the API: requests outside /api/ that name a file in dist/ get
 * it (static.ts); everything else goes to the API (whose 404 is the JSON error).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveDirectory } from './static.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The pages hold only inline JSON and same-origin scripts, so a strict policy holds: a
 * monitor name that slipped through escaping still could not run script.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function withDashboard(distDir: string, api: Listener): Listener {
  // Files are looked up per request (dist/ changes while serving), sent from the file opened,
  // with ETags that turn the pages' polls into 304s.
  const files = serveDirectory(distDir, SECURITY_HEADERS);
  return (req, res) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (url.startsWith('/api/') || url === '/api' || (method !== 'GET' && method !== 'HEAD')) return api(req, res);
    files(req, res, () => api(req, res));
  };
}
