/** HTTP errors carry their status and the field at fault; one handler renders them. */
import type { ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown, log?: (message: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer realm="lookout"' } : {};
    sendJson(res, error.status, { error: { code: error.code, message: error.message, details: error.details ?? null } }, headers);
    return;
  }
  log?.(`api: internal error error=${(error as Error)?.stack ?? String(error)}`);
  sendJson(res, 500, { error: { code: 'internal', message: 'internal error; see the server log', details: null } });
}

const STATUS_OF: Readonly<Record<string, [number, string]>> = {
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  read_only: [409, 'read_only'],
  paused: [409, 'paused'],
  invalid: [400, 'invalid'],
};

/** Maps a service error value to the HTTP error it means. */
export function fromServiceError(error: { code: string; message: string; details?: unknown }): HttpError {
  const [status, code] = STATUS_OF[error.code] ?? [500, 'internal'];
  return new HttpError(status, code, error.message, error.details);
}
