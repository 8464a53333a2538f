/**
 * The HTTP(S) check. A fresh connection per check (so DNS, connect and TLS failures are seen),
 * one timeout for the whole check, a capped body read, redirects followed hop by hop, and the
 * certificate read from the very socket the request used.
 */
import { lookup as dnsLookup } from 'node:dns';
import { readFileSync } from 'node:fs';
import type { LookupFunction, Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import { Client } from '../util/undici.js';
import type { MonitorSpec } from '../config/schema.js';
import { formatDuration } from '../config/duration.js';
import { networkReason, statusReason, TlsVerifyError } from './reasons.js';
import { connectSocket, type ConnectTarget } from './connect.js';
import { exchange } from './exchange.js';
import { certificateFacts } from './tls.js';
import type { Checker, CheckResult, CheckStatus, TlsFacts } from './types.js';

/**
 * node:tls through getBuiltinModule, not an import: Node's ESM view of a builtin reads every
 * export once, and `rootCertificates` is a getter that builds the ~140 public root certificates
 * as PEM strings (about 300 KB of heap, kept for good) which only a monitor with its own `ca` needs.
 */
const tls = process.getBuiltinModule('node:tls');

/** Keyword checks need the start of a page, not a 1 GiB download. */
export const BODY_CAP_BYTES = 1024 * 1024;
const USER_AGENT = 'Lookout/0.1 (uptime monitor)';

const CHECK_DONE = new Error('check finished');

export interface HttpCheckerOptions {
  readonly now?: () => number;
  readonly bodyCapBytes?: number;
  /**
   * Extra certificate authorities (PEM) to trust besides the public ones, for internal services
   * behind a private CA.
   */
  readonly ca?: string | readonly string[];
}

interface HopTiming {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  firstByte: number | null;
}

/** What one hop sends; redirects change it (method, body, credentials). */
interface HopRequest {
  readonly method: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** Statuses whose Location is followed; 300 and 304 carry a Location that is not a redirect. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers that must not follow a redirect to another origin: they are credentials for this one. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * The request for the next hop, as browsers and fetch do it: 303 (and 301/302 after a POST)
 * becomes a body-less GET, and credentials are not sent to another origin.
 */
function redirectedRequest(request: HopRequest, status: number, from: URL, to: URL): HopRequest {
  const headers: Record<string, string> = { ...request.headers };
  let { method, body } = request;
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = null;
    delete headers['content-type'];
    delete headers['content-length'];
  }
  if (from.origin !== to.origin) {
    for (const name of CREDENTIAL_HEADERS) delete headers[name];
  }
  return { method, headers, body };
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
  const secureContext = options.ca === undefined ? undefined : trustingAlso(options.ca);

  async function hop(url: URL, request: HopRequest, spec: MonitorSpec, signal: AbortSignal): Promise<HopOutcome> {
    const timing: HopTiming = { dns: null, connect: null, tls: null, firstByte: null };
    let tls: TlsFacts | null = null;
    const started = performance.now();
    let dnsDone = started;
    let connectDone = started;
    // When the connection (TLS included) was handed to undici: first-byte time counts from here.
    let readyAt: number | null = null;
    const timedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
      const lookupStart = performance.now();
      dnsLookup(hostname, lookupOptions, (...args: Parameters<typeof callback>) => {
        dnsDone = performance.now();
        timing.dns = dnsDone - lookupStart;
        (callback as (...inner: unknown[]) => void)(...args);
      });
    };
    let socket: Socket | undefined;
    // No undici timeouts (connect, headers, body): the check's own signal bounds all of it, and
    // each would be one more timer per check.
    const client = new Client(url.origin, {
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: (target, callback) => {
        socket = connectSocket(target as ConnectTarget, { lookup: timedLookup, secureContext }, (error, connected) => {
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
          readyAt = performance.now();
          callback(null, connected);
        });
        // For TLS the connector calls back after the handshake; TCP is done at 'connect'.
        if (url.protocol === 'https:') {
          socket?.once('connect', () => {
            connectDone = performance.now();
            timing.connect = connectDone - dnsDone;
          });
        }
      },
    });
    try {
      const { method, body } = request;
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...request.headers };
      if (body !== null && spec.bodyIsJson && !headers['content-type']) headers['content-type'] = 'application/json';
      const sent = performance.now();
      const answer = await exchange(client, { path: url.pathname + url.search, method, headers, body }, signal, bodyCap, () => {
        timing.firstByte = performance.now() - (readyAt ?? sent);
      });
      return { statusCode: answer.statusCode, location: answer.location, body: answer.body, timing, tls };
    } catch (error) {
      // What was measured and seen before the failure still belongs in the result.
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { hopTls: tls, hopTiming: timing });
    } finally {
      // One shared error: undici otherwise builds (and streams read the stack of) a new error
      // per destroyed client, a measurable share of the CPU a check costs.
      client.destroy(CHECK_DONE).catch(() => {});
      // A connect still in progress (a black-holed address) is not undici's to end once the
      // request is aborted: without this it would linger until the kernel gives up (minutes).
      if (socket && !socket.destroyed) socket.destroy();
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
    // Not AbortSignal.any: with a long-lived caller signal (the scheduler's shutdown signal) it
    // retains every combined signal (nodejs/node#55351). One listener, removed when done.
    const onExternalAbort = (): void => controller.abort(external?.reason);
    if (external?.aborted) onExternalAbort();
    else external?.addEventListener('abort', onExternalAbort, { once: true });
    const signal = controller.signal;
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

    const addTiming = (timing: HopTiming | undefined): void => {
      for (const key of ['dns', 'connect', 'tls', 'firstByte'] as const) {
        const value = timing?.[key] ?? null;
        if (value !== null) phases[key] = (phases[key] ?? 0) + value;
      }
    };

    let url = new URL(spec.url);
    let request: HopRequest = { method: spec.method, headers: withUrlCredentials(lowerKeys(spec.headers), url), body: spec.body };
    try {
      for (let redirects = 0; ; redirects++) {
        let outcome: HopOutcome;
        try {
          outcome = await hop(url, request, spec, signal);
        } catch (error) {
          const partial = error as { hopTls?: TlsFacts | null; hopTiming?: HopTiming };
          certificate ??= partial.hopTls ?? null;
          addTiming(partial.hopTiming);
          const cancelled = !timedOut && external?.aborted === true;
          return finish('down', null, cancelled ? 'check cancelled' : networkReason(error, url.hostname, timedOut, spec.timeout));
        }
        certificate ??= outcome.tls;
        addTiming(outcome.timing);
        if (REDIRECT_STATUSES.has(outcome.statusCode) && outcome.location !== null && spec.followRedirects) {
          if (redirects >= spec.maxRedirects) return finish('down', outcome.statusCode, `too many redirects (more than ${spec.maxRedirects})`);
          const next = parseUrl(outcome.location, url);
          if (!next) return finish('down', outcome.statusCode, `invalid redirect location ${JSON.stringify(outcome.location)}`);
          if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            return finish('down', outcome.statusCode, `redirect to unsupported URL ${JSON.stringify(outcome.location)}`);
          }
          request = redirectedRequest(request, outcome.statusCode, url, next);
          url = next;
          continue;
        }
        return judge(spec, outcome, finish, performance.now() - started);
      }
    } finally {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternalAbort);
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

/**
 * One secure context, made once per checker, that trusts the public roots (and
 * NODE_EXTRA_CA_CERTS, as Node's default does) plus `ca`: Node's `ca` option alone would replace
 * the public roots, and passing it per connection would parse them again for every check.
 */
function trustingAlso(ca: string | readonly string[]): SecureContext {
  const extra: string[] = [];
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      extra.push(readFileSync(extraFile, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we, by ignoring it.
    }
  }
  return tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra, ...(typeof ca === 'string' ? [ca] : ca)] });
}

/**
 * https://user:pass@host/ means Basic auth, as in curl; undici would drop the user info silently.
 * An Authorization header set in the monitor wins.
 */
function withUrlCredentials(headers: Record<string, string>, url: URL): Record<string, string> {
  if ((url.username === '' && url.password === '') || headers.authorization !== undefined) return headers;
  const credentials = `${decodeOrKeep(url.username)}:${decodeOrKeep(url.password)}`;
  return { ...headers, authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

/** Percent-decodes, keeping text that is not valid percent-encoding ("100%") as written. */
function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** URL.parse arrived in Node 22; this is it for Node 20. */
function parseUrl(input: string, base: URL): URL | null {
  try {
    return new URL(input, base);
  } catch {
    return null;
  }
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
