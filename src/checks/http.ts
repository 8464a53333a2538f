/**
 * The HTTP(S) check. A fresh connection per check (so DNS, connect and TLS failures are seen),
 * one timeout for the whole check, a capped body read, redirects followed hop by hop, and the
 * certificate read from the very socket the request used.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector, Client } from 'undici';
import type { MonitorSpec } from '../config/schema.js';
import { formatDuration } from '../config/duration.js';
import { networkReason, statusReason, TlsVerifyError } from './reasons.js';
import { certificateFacts } from './tls.js';
import type { Checker, CheckResult, CheckStatus, TlsFacts } from './types.js';

/** Keyword checks need the start of a page, not a 1 GiB download. */
export const BODY_CAP_BYTES = 1024 * 1024;
const USER_AGENT = 'Lookout/0.1 (uptime monitor)';

export interface HttpCheckerOptions {
  readonly now?: () => number;
  readonly bodyCapBytes?: number;
}

interface HopTiming {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  firstByte: number | null;
}

interface HopOutcome {
  readonly statusCode: number;
  readonly location: string | null;
  readonly body: string;
  readonly timing: HopTiming;
  readonly tls: TlsFacts | null;
}

export function createHttpChecker(options: HttpCheckerOptions = {}): Checker {
  const now = options.now ?? Date.now;
  const bodyCap = options.bodyCapBytes ?? BODY_CAP_BYTES;

  async function hop(url: URL, method: string, spec: MonitorSpec, body: string | null, signal: AbortSignal, timeoutMs: number): Promise<HopOutcome> {
    const timing: HopTiming = { dns: null, connect: null, tls: null, firstByte: null };
    let tls: TlsFacts | null = null;
    const started = performance.now();
    let dnsDone = started;
    let connectDone = started;
    const timedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
      const lookupStart = performance.now();
      dnsLookup(hostname, lookupOptions, (...args: Parameters<typeof callback>) => {
        dnsDone = performance.now();
        timing.dns = dnsDone - lookupStart;
        (callback as (...inner: unknown[]) => void)(...args);
      });
    };
    const connector = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0, timeout: timeoutMs, keepAlive: false, lookup: timedLookup });
    const client = new Client(url.origin, {
      pipelining: 0,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: (connectOptions, callback) => {
        // undici's connector returns the socket although its type says void.
        const socket = (connector as unknown as (o: typeof connectOptions, cb: typeof callback) => Socket | undefined)(connectOptions, (error, connected) => {
          if (error || !connected) return callback(error ?? new Error('connect failed'), null);
          if (url.protocol === 'https:') {
            const secure = connected as TLSSocket;
            timing.tls = performance.now() - connectDone;
            tls = certificateFacts(secure, url.hostname, now());
            if (!secure.authorized && spec.tls.verify) {
              secure.destroy();
              return callback(new TlsVerifyError(tls?.error ?? 'certificate not trusted'), null);
            }
          } else {
            connectDone = performance.now();
            timing.connect = connectDone - dnsDone;
          }
          callback(null, connected);
        });
        socket?.once('connect', () => {
          connectDone = performance.now();
          timing.connect = connectDone - (timing.dns === null ? started : dnsDone);
        });
      },
    });
    try {
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...lowerKeys(spec.headers) };
      if (body !== null && spec.bodyIsJson && !headers['content-type']) headers['content-type'] = 'application/json';
      const sent = performance.now();
      const response = await client.request({ path: url.pathname + url.search, method: method as 'GET', headers, body: body ?? undefined, signal });
      timing.firstByte = performance.now() - Math.max(sent, connectDone);
      const text = method === 'HEAD' ? '' : await readCapped(response.body, bodyCap);
      const location = response.headers.location;
      return { statusCode: response.statusCode, location: typeof location === 'string' ? location : null, body: text, timing, tls };
    } catch (error) {
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { hopTls: tls });
    } finally {
      client.destroy().catch(() => {});
    }
  }

  async function run(spec: MonitorSpec, external?: AbortSignal): Promise<CheckResult> {
    const at = now();
    const started = performance.now();
    const timeoutMs = Math.round(spec.timeout * 1000);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const signal = external ? AbortSignal.any([controller.signal, external]) : controller.signal;
    const phases = { dns: null as number | null, connect: null as number | null, tls: null as number | null, firstByte: null as number | null };
    let certificate: TlsFacts | null = null;
    const finish = (status: CheckStatus, httpStatus: number | null, reason: string | null): CheckResult => ({
      at,
      status,
      httpStatus,
      totalMs: round(performance.now() - started),
      phases: { dns: roundOrNull(phases.dns), connect: roundOrNull(phases.connect), tls: roundOrNull(phases.tls), firstByte: roundOrNull(phases.firstByte) },
      reason,
      tls: certificate,
    });

    let url = new URL(spec.url);
    let method: string = spec.method;
    let body = spec.body;
    try {
      for (let redirects = 0; ; redirects++) {
        let outcome: HopOutcome;
        try {
          outcome = await hop(url, method, spec, body, signal, timeoutMs);
        } catch (error) {
          certificate ??= (error as { hopTls?: TlsFacts | null }).hopTls ?? null;
          return finish('down', null, networkReason(error, url.hostname, timedOut, spec.timeout));
        }
        certificate ??= outcome.tls;
        for (const key of ['dns', 'connect', 'tls', 'firstByte'] as const) {
          const value = outcome.timing[key];
          if (value !== null) phases[key] = (phases[key] ?? 0) + value;
        }
        const isRedirect = outcome.statusCode >= 300 && outcome.statusCode < 400 && outcome.location !== null;
        if (isRedirect && spec.followRedirects) {
          if (redirects >= spec.maxRedirects) return finish('down', outcome.statusCode, `too many redirects (more than ${spec.maxRedirects})`);
          url = new URL(outcome.location!, url);
          if (outcome.statusCode === 303 || ((outcome.statusCode === 301 || outcome.statusCode === 302) && method === 'POST')) {
            method = 'GET';
            body = null;
          }
          continue;
        }
        return judge(spec, outcome, finish, performance.now() - started);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  return { run };
}

function judge(spec: MonitorSpec, outcome: HopOutcome, finish: (status: CheckStatus, code: number | null, reason: string | null) => CheckResult, elapsedMs: number): CheckResult {
  const code = outcome.statusCode;
  const wrongStatus = statusReason(code, spec.expect.status);
  if (wrongStatus) return finish('down', code, wrongStatus);
  if (spec.expect.contains !== null && !outcome.body.includes(spec.expect.contains)) {
    return finish('down', code, `keyword ${JSON.stringify(spec.expect.contains)} not found`);
  }
  if (spec.expect.notContains !== null && outcome.body.includes(spec.expect.notContains)) {
    return finish('down', code, `keyword ${JSON.stringify(spec.expect.notContains)} found`);
  }
  const limit = spec.expect.maxResponseTime;
  if (limit !== null && elapsedMs > limit * 1000) {
    return finish('degraded', code, `response took ${formatDuration(elapsedMs / 1000)}, limit ${formatDuration(limit)}`);
  }
  return finish('up', code, null);
}

async function readCapped(stream: AsyncIterable<Buffer> & { destroy(): unknown }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= cap) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks, Math.min(size, cap)).toString('utf8');
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}
