/**
 * Serves dist/ at / in front of the API: requests outside /api/ that name a file in dist/ get
 * it from sirv; everything else goes to the API (whose 404 is the JSON error).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

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
  const files = sirv(distDir, {
    // dist/ changes while serving: look files up per request (sirv's "dev" mode), never
    // from a list made at start-up; ETags turn the pages' polls into 304s.
    dev: true,
    etag: true,
    gzip: true,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    },
  });
  return (req, res) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (url.startsWith('/api/') || url === '/api' || (method !== 'GET' && method !== 'HEAD')) return api(req, res);
    files(req, res, () => api(req, res));
  };
}
