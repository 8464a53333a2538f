/**
 * The API token: LOOKOUT_API_TOKEN, or one generated on first start into the data dir
 * (mode 0600). Write requests must carry it as `Authorization: Bearer <token>`.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { HttpError } from './errors.js';

export interface TokenSource {
  readonly token: string;
  /** Where the generated token lives, or null when it came from the environment. */
  readonly file: string | null;
  readonly generated: boolean;
}

export function loadOrCreateToken(dataDir: string, fromEnv: string | undefined): TokenSource {
  if (fromEnv && fromEnv.trim()) return { token: fromEnv.trim(), file: null, generated: false };
  const file = path.join(dataDir, 'api-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, file, generated: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, file, generated: true };
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Throws 401 unless the request carries the token. Constant-time comparison. */
export function requireToken(req: IncomingMessage, token: string): void {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', 'missing API token: send Authorization: Bearer <token>');
  if (!timingSafeEqual(digest(match[1]!), digest(token))) throw new HttpError(401, 'unauthorized', 'wrong API token');
}
