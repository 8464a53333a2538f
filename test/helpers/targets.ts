/**
 * Real HTTP and HTTPS servers for checks to hit, on 127.0.0.1 and a free port. What they answer
 * is set while the test runs, per path or for every path:
 *
 *   const target = await startTarget();
 *   target.setBehaviour(respond(503, 'maintenance'));      // every path
 *   target.setBehaviour('/slow', slow(1500));               // one path
 *   target.setBehaviour('/flap', sequence(respond(200), respond(500)));
 *   ...
 *   await target.close();                                   // destroys open sockets too
 *
 * Every request is recorded in `target.requests` (method, path, headers, body) before it is
 * answered, so tests can count requests and look at what a check sent.
 */
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { monitorInput, type MonitorInput, type MonitorSpec } from '../../src/config/schema.js';
import { resolveMonitor } from '../../src/config/resolve.js';

/** What a target does with a request. Build these with the functions below. */
export type Behaviour =
  | { readonly kind: 'respond'; readonly status: number; readonly body: string; readonly headers: http.OutgoingHttpHeaders; readonly delayMs: number }
  /** Reads the request and never answers. */
  | { readonly kind: 'hang' }
  /** Sends the headers and the first bytes of the body, then nothing more. */
  | { readonly kind: 'hangBody'; readonly status: number; readonly firstBytes: string }
  /** Closes the connection with a TCP reset (RST): the client sees ECONNRESET. */
  | { readonly kind: 'reset' }
  /** Closes the connection without an answer (FIN): "other side closed". */
  | { readonly kind: 'close' }
  /** Streams `bytes` bytes of filler, beginning with `head` and ending with `tail`. */
  | { readonly kind: 'huge'; readonly bytes: number; readonly head: string; readonly tail: string }
  | { readonly kind: 'redirect'; readonly location: string; readonly status: number }
  /** Writes these bytes to the socket as they are, then closes it. */
  | { readonly kind: 'raw'; readonly data: string }
  /** The n-th request (per path or global, counted from when it was set) gets the n-th; the last repeats. */
  | { readonly kind: 'sequence'; readonly steps: readonly Behaviour[] }
  | { readonly kind: 'custom'; readonly handle: (request: http.IncomingMessage, response: http.ServerResponse, recorded: RecordedRequest) => void };

export function respond(status = 200, body = 'ok', options: { headers?: http.OutgoingHttpHeaders; delayMs?: number } = {}): Behaviour {
  return { kind: 'respond', status, body, headers: options.headers ?? {}, delayMs: options.delayMs ?? 0 };
}

/** Waits `delayMs` before sending the headers. */
export function slow(delayMs: number, status = 200, body = 'ok'): Behaviour {
  return respond(status, body, { delayMs });
}

export function hang(): Behaviour {
  return { kind: 'hang' };
}

export function hangBody(status = 200, firstBytes = 'partial'): Behaviour {
  return { kind: 'hangBody', status, firstBytes };
}

export function reset(): Behaviour {
  return { kind: 'reset' };
}

export function closeConnection(): Behaviour {
  return { kind: 'close' };
}

export function hugeBody(bytes: number, options: { head?: string; tail?: string } = {}): Behaviour {
  return { kind: 'huge', bytes, head: options.head ?? '', tail: options.tail ?? '' };
}

/** `location` may be relative ("next", "../a") or absolute; it is sent as given. */
export function redirect(location: string, status = 302): Behaviour {
  return { kind: 'redirect', location, status };
}

export function raw(data: string): Behaviour {
  return { kind: 'raw', data };
}

export function sequence(...steps: Behaviour[]): Behaviour {
  if (steps.length === 0) throw new Error('sequence needs at least one behaviour');
  return { kind: 'sequence', steps };
}

export function custom(handle: (request: http.IncomingMessage, response: http.ServerResponse, recorded: RecordedRequest) => void): Behaviour {
  return { kind: 'custom', handle };
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  /** Path without the query: what behaviours are looked up by. */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Date.now() when the request head arrived. */
  readonly at: number;
  /** Body bytes written by a `huge` answer before the client went away. */
  bytesSent: number;
}

export interface TargetOptions {
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * Holds the TLS handshake this long (HTTPS only). It works through SNI, so only for URLs with
   * a host name ("localhost"): clients send no SNI for an IP address.
   */
  readonly handshakeDelayMs?: number;
  /** What every path does until told otherwise; default respond(200, 'ok'). */
  readonly behaviour?: Behaviour;
  /** Per-path behaviours to start with. */
  readonly paths?: Readonly<Record<string, Behaviour>>;
}

export interface Target {
  /** Origin without a trailing slash: http://127.0.0.1:PORT or https://... */
  readonly url: string;
  readonly port: number;
  /** Every request so far, oldest first (a live array). */
  readonly requests: readonly RecordedRequest[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** The URL of `path` on this target, with another host name if given (e.g. "localhost"). */
  urlFor(path?: string, host?: string): string;
  /** Sets the behaviour of every path without its own, or of one path (exact, without query). */
  setBehaviour(behaviour: Behaviour): void;
  setBehaviour(path: string, behaviour: Behaviour): void;
  /** Forgets per-path behaviours and goes back to the start-up default. */
  resetBehaviours(): void;
  /** Requests to one path (without query). */
  requestsTo(path: string): RecordedRequest[];
  /** Resolves once `count` requests have arrived (all paths, or one path). */
  waitForRequests(count: number, path?: string, timeoutMs?: number): Promise<void>;
  /** Serves another certificate from the next handshake on (HTTPS targets only). */
  setCertificate(tls: { key: string; cert: string }): void;
  /** See TargetOptions.handshakeDelayMs. */
  setHandshakeDelay(ms: number): void;
  /** Stops listening and destroys every open socket, so no test waits on a hung connection. */
  close(): Promise<void>;
}

/** Polls `condition` every few ms until it holds; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function startTarget(options: TargetOptions = {}): Promise<Target> {
  const initial = options.behaviour ?? respond();
  let globalBehaviour: Behaviour = initial;
  let globalCount = 0;
  const pathBehaviours = new Map<string, { behaviour: Behaviour; count: number }>();
  for (const [path, behaviour] of Object.entries(options.paths ?? {})) pathBehaviours.set(path, { behaviour, count: 0 });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let closed = false;

  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };

  /** Picks the behaviour for this request and advances sequences. */
  const choose = (path: string): Behaviour => {
    const own = pathBehaviours.get(path);
    let behaviour: Behaviour;
    let index: number;
    if (own) {
      behaviour = own.behaviour;
      index = own.count++;
    } else {
      behaviour = globalBehaviour;
      index = globalCount++;
    }
    if (behaviour.kind === 'sequence') return behaviour.steps[Math.min(index, behaviour.steps.length - 1)]!;
    return behaviour;
  };

  const perform = (behaviour: Behaviour, request: http.IncomingMessage, response: http.ServerResponse, recorded: RecordedRequest): void => {
    const socket = request.socket;
    switch (behaviour.kind) {
      case 'respond': {
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(behaviour.status, { 'content-type': 'text/plain; charset=utf-8', ...behaviour.headers });
          response.end(request.method === 'HEAD' ? undefined : behaviour.body);
        };
        if (behaviour.delayMs > 0) later(behaviour.delayMs, send);
        else send();
        return;
      }
      case 'hang':
        return;
      case 'hangBody':
        response.writeHead(behaviour.status, { 'content-type': 'text/plain', 'content-length': String(behaviour.firstBytes.length + 1_000_000) });
        response.write(behaviour.firstBytes);
        return;
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'close':
        socket.destroy();
        return;
      case 'raw':
        socket.end(behaviour.data);
        return;
      case 'redirect':
        response.writeHead(behaviour.status, { location: behaviour.location, 'content-type': 'text/plain' });
        response.end(`redirect to ${behaviour.location}`);
        return;
      case 'huge':
        void streamHuge(behaviour, response, recorded);
        return;
      case 'custom':
        behaviour.handle(request, response, recorded);
        return;
      case 'sequence':
        // choose() already picked a step; a sequence nested in a sequence plays its first step.
        perform(behaviour.steps[0]!, request, response, recorded);
        return;
    }
  };

  const handler: http.RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    const at = Date.now();
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        url,
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
        bytesSent: 0,
      };
      requests.push(recorded);
      perform(choose(path), request, response, recorded);
    });
  };

  let handshakeDelayMs = options.handshakeDelayMs ?? 0;
  let secureContext: SecureContext | undefined = options.tls ? createSecureContext(options.tls) : undefined;
  const sniCallback = (_servername: string, callback: (error: Error | null, context?: SecureContext) => void): void => {
    if (handshakeDelayMs > 0) later(handshakeDelayMs, () => callback(null, secureContext));
    else callback(null, secureContext);
  };
  const server: http.Server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert, SNICallback: sniCallback }, handler)
    : http.createServer(handler);
  // Idle keep-alive connections must not keep close() waiting.
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-handshake is expected in these tests; it is not a test failure.
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';

  function setBehaviour(pathOrBehaviour: string | Behaviour, maybeBehaviour?: Behaviour): void {
    if (typeof pathOrBehaviour === 'string') {
      if (!maybeBehaviour) throw new Error('setBehaviour(path, behaviour) needs a behaviour');
      pathBehaviours.set(pathOrBehaviour, { behaviour: maybeBehaviour, count: 0 });
    } else {
      globalBehaviour = pathOrBehaviour;
      globalCount = 0;
    }
  }

  const requestsTo = (path: string) => requests.filter((request) => request.path === path);

  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    urlFor: (path = '/', host = '127.0.0.1') => `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`,
    setBehaviour,
    resetBehaviours() {
      pathBehaviours.clear();
      globalBehaviour = initial;
      globalCount = 0;
    },
    requestsTo,
    waitForRequests: (count, path, timeoutMs = 2000) =>
      waitUntil(() => (path === undefined ? requests.length : requestsTo(path).length) >= count, timeoutMs, `${count} request(s)${path ? ` to ${path}` : ''}`),
    setCertificate(tls) {
      if (!(server instanceof https.Server)) throw new Error('setCertificate needs an HTTPS target');
      // Both: the SNI context (host names) and the default one (IP addresses).
      secureContext = createSecureContext(tls);
      server.setSecureContext({ key: tls.key, cert: tls.cert });
    },
    setHandshakeDelay(ms) {
      if (!options.tls) throw new Error('setHandshakeDelay needs an HTTPS target');
      handshakeDelayMs = ms;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}

async function streamHuge(behaviour: Extract<Behaviour, { kind: 'huge' }>, response: http.ServerResponse, recorded: RecordedRequest): Promise<void> {
  const chunkSize = 64 * 1024;
  const filler = Buffer.alloc(chunkSize, 'a');
  const head = Buffer.from(behaviour.head);
  const tail = Buffer.from(behaviour.tail);
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(behaviour.bytes) });
  let gone = false;
  response.on('close', () => {
    gone = true;
  });
  let sent = 0;
  while (sent < behaviour.bytes && !gone) {
    const size = Math.min(chunkSize, behaviour.bytes - sent);
    let chunk = filler.subarray(0, size);
    if (sent === 0 && head.length > 0) chunk = Buffer.concat([head, filler]).subarray(0, size);
    if (sent + size === behaviour.bytes && tail.length > 0) {
      chunk = Buffer.concat([chunk.subarray(0, Math.max(0, size - tail.length)), tail]).subarray(-size);
    }
    sent += size;
    recorded.bytesSent = sent;
    const flushed = response.write(chunk);
    if (!flushed && !gone) {
      // The listeners of the race's loser are removed: left behind, each chunk added two more.
      const settled = new AbortController();
      const wait = (event: string) => once(response, event, { signal: settled.signal }).catch(() => undefined);
      await Promise.race([wait('drain'), wait('close')]);
      settled.abort();
    }
  }
  if (!gone) response.end();
}

/** A port on 127.0.0.1 with nothing listening: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A complete MonitorSpec from a partial monitor input, the way monitors.yaml would give it.
 * Defaults for tests: id "test" and a 2s timeout.
 */
export function specFor(input: MonitorInput & { url: string }): MonitorSpec {
  const parsed = monitorInput.parse({ id: 'test', timeout: '2s', ...input });
  const resolved = resolveMonitor(parsed);
  if (!resolved.ok) throw new Error(`bad test monitor: ${resolved.issues.map((issue) => issue.message).join('; ')}`);
  return resolved.spec;
}
