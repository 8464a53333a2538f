import { getEventListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpChecker } from '../../src/checks/http.js';
import type { CheckResult } from '../../src/checks/types.js';
import {
  closeConnection,
  closedPort,
  custom,
  hang,
  hangBody,
  hugeBody,
  raw,
  redirect,
  reset,
  respond,
  slow,
  specFor,
  startTarget,
  type Target,
} from '../helpers/targets.js';

const checker = createHttpChecker();
let target: Target;
let other: Target;

beforeAll(async () => {
  target = await startTarget();
  other = await startTarget();
});

afterEach(() => {
  target.resetBehaviours();
  other.resetBehaviours();
});

afterAll(async () => {
  await target.close();
  await other.close();
});

/** The phases never add up to more than the whole check (they are exclusive). */
function expectConsistentPhases(result: CheckResult): void {
  const { dns, connect, tls, firstByte } = result.phases;
  const sum = (dns ?? 0) + (connect ?? 0) + (tls ?? 0) + (firstByte ?? 0);
  expect(sum).toBeLessThanOrEqual(result.totalMs + 0.5);
}

describe('HTTP check: answers', () => {
  it('is up with status 200 and connect and first-byte times, and no DNS time for an IP address', async () => {
    const before = Date.now();
    const result = await checker.run(specFor({ url: target.urlFor('/health') }));
    expect(result).toMatchObject({ status: 'up', httpStatus: 200, reason: null, tls: null });
    expect(result.at).toBeGreaterThanOrEqual(before);
    expect(result.at).toBeLessThanOrEqual(Date.now());
    expect(result.phases.dns).toBeNull();
    expect(result.phases.tls).toBeNull();
    expect(result.phases.connect).toEqual(expect.any(Number));
    expect(result.phases.firstByte).toEqual(expect.any(Number));
    expect(result.totalMs).toBeGreaterThan(0);
    expectConsistentPhases(result);
    expect(target.requestsTo('/health')).toHaveLength(1);
  });

  it('measures a DNS time when the URL names a host', async () => {
    const result = await checker.run(specFor({ url: target.urlFor('/', 'localhost') }));
    expect(result.status).toBe('up');
    expect(result.phases.dns).toEqual(expect.any(Number));
    expect(result.phases.connect).toEqual(expect.any(Number));
    expectConsistentPhases(result);
  });

  it('counts the wait for a slow answer as first-byte time', async () => {
    target.setBehaviour('/slow', slow(300));
    const result = await checker.run(specFor({ url: target.urlFor('/slow') }));
    expect(result.status).toBe('up');
    expect(result.phases.firstByte).toBeGreaterThanOrEqual(250);
    expect(result.phases.connect).toBeLessThan(250);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.phases.firstByte!);
  });

  it('is down with "status 503, expected 200-399" for a 503', async () => {
    target.setBehaviour(respond(503, 'maintenance'));
    const result = await checker.run(specFor({ url: target.url }));
    expect(result).toMatchObject({ status: 'down', httpStatus: 503, reason: 'status 503, expected 200-399' });
  });

  it('accepts any status inside expect.status ranges and names the ranges when outside', async () => {
    target.setBehaviour('/created', respond(204, ''));
    target.setBehaviour('/busy', respond(503));
    target.setBehaviour('/missing', respond(404));
    const ranges = { status: ['2xx', '500-503'] };
    expect(await checker.run(specFor({ url: target.urlFor('/created'), expect: ranges }))).toMatchObject({ status: 'up', httpStatus: 204 });
    expect(await checker.run(specFor({ url: target.urlFor('/busy'), expect: ranges }))).toMatchObject({ status: 'up', httpStatus: 503 });
    expect(await checker.run(specFor({ url: target.urlFor('/missing'), expect: ranges }))).toMatchObject({
      status: 'down',
      reason: 'status 404, expected 200-299, 500-503',
    });
    expect(await checker.run(specFor({ url: target.urlFor('/created'), expect: { status: 200 } }))).toMatchObject({
      status: 'down',
      reason: 'status 204, expected 200',
    });
  });

  it('is up when the keyword is in the body and down with `keyword "ok" not found` when it is not', async () => {
    target.setBehaviour('/good', respond(200, 'all systems ok'));
    target.setBehaviour('/bad', respond(200, 'all systems failing'));
    expect(await checker.run(specFor({ url: target.urlFor('/good'), expect: { contains: 'ok' } }))).toMatchObject({ status: 'up', reason: null });
    expect(await checker.run(specFor({ url: target.urlFor('/bad'), expect: { contains: 'ok' } }))).toMatchObject({
      status: 'down',
      httpStatus: 200,
      reason: 'keyword "ok" not found',
    });
  });

  it('is down with `keyword "error" found` when a notContains keyword appears', async () => {
    target.setBehaviour('/good', respond(200, 'all fine'));
    target.setBehaviour('/bad', respond(200, 'database error'));
    expect(await checker.run(specFor({ url: target.urlFor('/good'), expect: { notContains: 'error' } }))).toMatchObject({ status: 'up' });
    expect(await checker.run(specFor({ url: target.urlFor('/bad'), expect: { notContains: 'error' } }))).toMatchObject({
      status: 'down',
      reason: 'keyword "error" found',
    });
  });

  it('judges the status before the keyword', async () => {
    target.setBehaviour(respond(500, 'ok'));
    const result = await checker.run(specFor({ url: target.url, expect: { contains: 'ok' } }));
    expect(result).toMatchObject({ status: 'down', reason: 'status 500, expected 200-399' });
  });

  it('is degraded when the answer is slower than expect.maxResponseTime', async () => {
    target.setBehaviour('/slow', slow(250));
    const result = await checker.run(specFor({ url: target.urlFor('/slow'), expect: { maxResponseTime: '100ms' } }));
    expect(result.status).toBe('degraded');
    expect(result.httpStatus).toBe(200);
    expect(result.reason).toMatch(/^response took \d+ms, limit 100ms$/);
    const fast = await checker.run(specFor({ url: target.urlFor('/fast'), expect: { maxResponseTime: '1s' } }));
    expect(fast).toMatchObject({ status: 'up', reason: null });
  });

  it('sends a HEAD request without reading a body', async () => {
    const result = await checker.run(specFor({ url: target.urlFor('/head'), method: 'HEAD' }));
    expect(result).toMatchObject({ status: 'up', httpStatus: 200 });
    expect(target.requestsTo('/head')[0]?.method).toBe('HEAD');
  });
});

describe('HTTP check: failures', () => {
  it('ends with "timeout after 1s" close to the timeout when the target never answers', async () => {
    target.setBehaviour('/hang', hang());
    const started = Date.now();
    const result = await checker.run(specFor({ url: target.urlFor('/hang'), timeout: '1s' }));
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'timeout after 1s' });
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1400);
    expect(result.totalMs).toBeGreaterThanOrEqual(990);
    // The connection was made; what was measured before the timeout is kept.
    expect(result.phases.connect).toEqual(expect.any(Number));
  });

  it('times out when the body stalls after the headers', async () => {
    target.setBehaviour('/stall', hangBody());
    const started = Date.now();
    const result = await checker.run(specFor({ url: target.urlFor('/stall'), timeout: '500ms', expect: { contains: 'never' } }));
    expect(result).toMatchObject({ status: 'down', reason: 'timeout after 500ms' });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('ends at once with "check cancelled" when the caller aborts', async () => {
    target.setBehaviour('/hang', hang());
    const controller = new AbortController();
    const pending = checker.run(specFor({ url: target.urlFor('/hang'), timeout: '5s' }), controller.signal);
    await target.waitForRequests(1, '/hang');
    const started = Date.now();
    controller.abort();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(300);
    expect(result).toMatchObject({ status: 'down', reason: 'check cancelled' });
  });

  it('is down with "check cancelled" at once when the caller signal was aborted before the check', async () => {
    const result = await checker.run(specFor({ url: target.urlFor('/never') }), AbortSignal.abort());
    expect(result).toMatchObject({ status: 'down', reason: 'check cancelled' });
    expect(target.requestsTo('/never')).toHaveLength(0);
  });

  it('leaves no listener on a long-lived caller signal', async () => {
    const shutdown = new AbortController();
    target.setBehaviour('/broken', respond(500));
    await checker.run(specFor({ url: target.urlFor('/ok') }), shutdown.signal);
    await checker.run(specFor({ url: target.urlFor('/broken') }), shutdown.signal);
    await checker.run(specFor({ url: `http://127.0.0.1:${await closedPort()}/` }), shutdown.signal);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });

  it('is down with "connection refused" when nothing listens on the port', async () => {
    const port = await closedPort();
    const result = await checker.run(specFor({ url: `http://127.0.0.1:${port}/` }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'connection refused' });
  });

  it('is down with "connection reset" when the target resets the connection', async () => {
    target.setBehaviour('/reset', reset());
    const result = await checker.run(specFor({ url: target.urlFor('/reset') }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'connection reset' });
  });

  it('says the connection closed before a complete response when the target hangs up', async () => {
    target.setBehaviour('/close', closeConnection());
    const result = await checker.run(specFor({ url: target.urlFor('/close') }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'connection closed before a complete response' });
    // One request: a check is not quietly retried on a new connection.
    expect(target.requestsTo('/close')).toHaveLength(1);
  });

  it('says the connection closed before a complete response when the body is cut short', async () => {
    target.setBehaviour(
      '/cut',
      custom((_request, response) => {
        response.writeHead(200, { 'content-length': '100000' });
        response.write('the beginning', () => response.socket?.destroy());
      }),
    );
    const result = await checker.run(specFor({ url: target.urlFor('/cut'), expect: { contains: 'end' } }));
    expect(result).toMatchObject({ status: 'down', reason: 'connection closed before a complete response' });
  });

  it('says "invalid HTTP response" when the target answers with something that is not HTTP', async () => {
    target.setBehaviour('/garbage', raw('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    const result = await checker.run(specFor({ url: target.urlFor('/garbage') }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'invalid HTTP response' });
  });

  it('is down with "DNS lookup failed for ..." for a host that does not exist', async () => {
    const started = Date.now();
    const result = await checker.run(specFor({ url: 'http://no-such-host.invalid/' }));
    expect(result).toMatchObject({ status: 'down', httpStatus: null, reason: 'DNS lookup failed for no-such-host.invalid' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('says "TLS handshake failed" when an https URL reaches a plain HTTP server', async () => {
    const result = await checker.run(specFor({ url: target.url.replace('http:', 'https:') }));
    expect(result.status).toBe('down');
    expect(result.reason).toMatch(/^TLS handshake failed/);
    expect(result.tls).toBeNull();
  });
});

describe('HTTP check: big bodies', () => {
  const FIFTY_MIB = 50 * 1024 * 1024;

  it('finishes quickly on a 50 MiB body and reads only the first MiB', async () => {
    target.setBehaviour('/huge', hugeBody(FIFTY_MIB, { head: 'WELCOME', tail: 'THE-END' }));
    const started = Date.now();
    const found = await checker.run(specFor({ url: target.urlFor('/huge'), expect: { contains: 'WELCOME' } }));
    expect(found).toMatchObject({ status: 'up', httpStatus: 200 });
    const beyond = await checker.run(specFor({ url: target.urlFor('/huge'), expect: { contains: 'THE-END' } }));
    expect(beyond).toMatchObject({ status: 'down', reason: 'keyword "THE-END" not found' });
    expect(Date.now() - started).toBeLessThan(2000);
    // The target did not get to send the whole body: the check hung up after its cap.
    for (const request of target.requestsTo('/huge')) expect(request.bytesSent).toBeLessThan(FIFTY_MIB);
  });

  it('takes the final answer, not an informational 103 sent before it', async () => {
    target.setBehaviour('/hints', custom((_request, response) => {
      response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' }, () => {
        response.writeHead(503, { 'content-type': 'text/plain' });
        response.end('maintenance');
      });
    }));
    expect(await checker.run(specFor({ url: target.urlFor('/hints'), expect: { contains: 'maintenance' } }))).toMatchObject({
      status: 'down',
      httpStatus: 503,
      reason: 'status 503, expected 200-399',
    });
  });

  it('reads at most bodyCapBytes: a keyword just past the cap is not found', async () => {
    const small = createHttpChecker({ bodyCapBytes: 1000 });
    const body = `${'x'.repeat(990)}INSIDE....OUTSIDE`;
    target.setBehaviour('/edge', respond(200, body));
    expect(await small.run(specFor({ url: target.urlFor('/edge'), expect: { contains: 'INSIDE' } }))).toMatchObject({ status: 'up' });
    expect(await small.run(specFor({ url: target.urlFor('/edge'), expect: { contains: 'OUTSIDE' } }))).toMatchObject({
      status: 'down',
      reason: 'keyword "OUTSIDE" not found',
    });
    // A forbidden word past the cap is not seen either.
    expect(await small.run(specFor({ url: target.urlFor('/edge'), expect: { notContains: 'OUTSIDE' } }))).toMatchObject({ status: 'up' });
  });

  it('stops streaming a 50 MiB body with a small cap', async () => {
    const small = createHttpChecker({ bodyCapBytes: 4096 });
    target.setBehaviour('/huge', hugeBody(FIFTY_MIB, { tail: 'THE-END' }));
    const started = Date.now();
    const result = await small.run(specFor({ url: target.urlFor('/huge'), expect: { contains: 'THE-END' } }));
    expect(result).toMatchObject({ status: 'down', reason: 'keyword "THE-END" not found' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('HTTP check: redirects', () => {
  it('follows relative and absolute redirects to the final 200', async () => {
    target.setBehaviour('/a/start', redirect('next', 301));
    target.setBehaviour('/a/next', redirect('../b/then?x=1', 302));
    target.setBehaviour('/b/then', redirect('/final', 307));
    target.setBehaviour('/final', redirect(other.urlFor('/landing'), 308));
    other.setBehaviour('/landing', respond(200, 'landed'));
    const seen = target.requests.length;
    const result = await checker.run(specFor({ url: target.urlFor('/a/start'), expect: { contains: 'landed' } }));
    expect(result).toMatchObject({ status: 'up', httpStatus: 200, reason: null });
    expect(target.requests.slice(seen).map((request) => request.url)).toEqual(['/a/start', '/a/next', '/b/then?x=1', '/final']);
    expect(other.requestsTo('/landing')).toHaveLength(1);
  });

  it('is down with "too many redirects (more than 5)" on a redirect loop, after 6 requests', async () => {
    target.setBehaviour('/loop', redirect('/loop'));
    const result = await checker.run(specFor({ url: target.urlFor('/loop') }));
    expect(result).toMatchObject({ status: 'down', httpStatus: 302, reason: 'too many redirects (more than 5)' });
    expect(target.requestsTo('/loop')).toHaveLength(6);
  });

  it('honours maxRedirects', async () => {
    target.setBehaviour('/one', redirect('/two'));
    target.setBehaviour('/two', redirect('/three'));
    expect(await checker.run(specFor({ url: target.urlFor('/one'), maxRedirects: 1 }))).toMatchObject({
      status: 'down',
      reason: 'too many redirects (more than 1)',
    });
    expect(await checker.run(specFor({ url: target.urlFor('/one'), maxRedirects: 2 }))).toMatchObject({ status: 'up', httpStatus: 200 });
  });

  it('judges a 301 by its status when followRedirects is false', async () => {
    target.setBehaviour('/moved', redirect('/elsewhere', 301));
    expect(await checker.run(specFor({ url: target.urlFor('/moved'), followRedirects: false }))).toMatchObject({ status: 'up', httpStatus: 301 });
    expect(await checker.run(specFor({ url: target.urlFor('/moved'), followRedirects: false, expect: { status: 200 } }))).toMatchObject({
      status: 'down',
      httpStatus: 301,
      reason: 'status 301, expected 200',
    });
    expect(target.requestsTo('/elsewhere')).toHaveLength(0);
  });

  it('follows a Location header whatever the case of its name', async () => {
    target.setBehaviour('/shouting', raw('HTTP/1.1 302 Found\r\nLOCATION: /quiet\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    target.setBehaviour('/quiet', respond(200, 'calm'));
    expect(await checker.run(specFor({ url: target.urlFor('/shouting'), expect: { contains: 'calm' } }))).toMatchObject({ status: 'up', httpStatus: 200 });
    expect(target.requestsTo('/quiet')).toHaveLength(1);
  });

  it('does not follow a Location on a status that is not a redirect', async () => {
    target.setBehaviour('/created', respond(201, 'made', { headers: { location: '/new-thing' } }));
    target.setBehaviour('/not-modified', respond(304, '', { headers: { location: '/new-thing' } }));
    expect(await checker.run(specFor({ url: target.urlFor('/created') }))).toMatchObject({ status: 'up', httpStatus: 201 });
    expect(await checker.run(specFor({ url: target.urlFor('/not-modified') }))).toMatchObject({ status: 'up', httpStatus: 304 });
    expect(target.requestsTo('/new-thing')).toHaveLength(0);
  });

  it('turns a POST into a GET on 303 and keeps POST and its body on 307', async () => {
    target.setBehaviour('/see-other', redirect('/result', 303));
    target.setBehaviour('/temporary', redirect('/result', 307));
    await checker.run(specFor({ url: target.urlFor('/see-other'), method: 'POST', body: { a: 1 } }));
    await checker.run(specFor({ url: target.urlFor('/temporary'), method: 'POST', body: { a: 2 } }));
    const [afterSeeOther, afterTemporary] = target.requestsTo('/result');
    expect(afterSeeOther).toMatchObject({ method: 'GET', body: '' });
    expect(afterTemporary).toMatchObject({ method: 'POST', body: '{"a":2}' });
  });

  it('does not send credentials to another origin on a redirect', async () => {
    target.setBehaviour('/login', redirect(other.urlFor('/sso')));
    target.setBehaviour('/same', redirect('/same-after'));
    const headers = { Authorization: 'Bearer secret', Cookie: 'session=1', 'X-Trace': 'keep' };
    expect(await checker.run(specFor({ url: target.urlFor('/login'), headers }))).toMatchObject({ status: 'up' });
    const crossOrigin = other.requestsTo('/sso')[0];
    expect(crossOrigin?.headers.authorization).toBeUndefined();
    expect(crossOrigin?.headers.cookie).toBeUndefined();
    expect(crossOrigin?.headers['x-trace']).toBe('keep');
    await checker.run(specFor({ url: target.urlFor('/same'), headers }));
    expect(target.requestsTo('/same-after')[0]?.headers.authorization).toBe('Bearer secret');
  });

  it('is down with a reason, not an exception, for a redirect it cannot follow', async () => {
    target.setBehaviour('/bad-location', redirect('http://[not-an-address/'));
    target.setBehaviour('/ftp', redirect('ftp://files.example/'));
    expect(await checker.run(specFor({ url: target.urlFor('/bad-location') }))).toMatchObject({
      status: 'down',
      httpStatus: 302,
      reason: 'invalid redirect location "http://[not-an-address/"',
    });
    expect(await checker.run(specFor({ url: target.urlFor('/ftp') }))).toMatchObject({
      status: 'down',
      httpStatus: 302,
      reason: 'redirect to unsupported URL "ftp://files.example/"',
    });
  });
});

describe('HTTP check: what is sent', () => {
  it('sends a POST with a JSON body as application/json', async () => {
    await checker.run(specFor({ url: target.urlFor('/api'), method: 'POST', body: { ping: true, n: 1 } }));
    const received = target.requestsTo('/api')[0];
    expect(received?.method).toBe('POST');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received?.body ?? '')).toEqual({ ping: true, n: 1 });
  });

  it('sends a text body as given, and a content-type set in headers wins over JSON', async () => {
    await checker.run(specFor({ url: target.urlFor('/text'), method: 'PUT', body: 'plain words' }));
    await checker.run(specFor({ url: target.urlFor('/typed'), method: 'POST', body: { a: 1 }, headers: { 'Content-Type': 'application/vnd.api+json' } }));
    expect(target.requestsTo('/text')[0]).toMatchObject({ method: 'PUT', body: 'plain words' });
    expect(target.requestsTo('/text')[0]?.headers['content-type']).toBeUndefined();
    expect(target.requestsTo('/typed')[0]?.headers['content-type']).toBe('application/vnd.api+json');
  });

  it('sends the configured headers and a Lookout user agent', async () => {
    await checker.run(specFor({ url: target.urlFor('/headers?probe=1'), headers: { 'X-Api-Key': 'abc123', Accept: 'text/plain' } }));
    const received = target.requestsTo('/headers')[0];
    expect(received?.url).toBe('/headers?probe=1');
    expect(received?.headers['x-api-key']).toBe('abc123');
    expect(received?.headers.accept).toBe('text/plain');
    expect(received?.headers['user-agent']).toMatch(/^Lookout\//);
  });

  it('sends user and password from the URL as Basic auth', async () => {
    const url = target.urlFor('/private').replace('http://', 'http://admin:p%40ss%20word@');
    await checker.run(specFor({ url }));
    const received = target.requestsTo('/private')[0];
    expect(received?.headers.authorization).toBe(`Basic ${Buffer.from('admin:p@ss word').toString('base64')}`);
    await checker.run(specFor({ url, headers: { Authorization: 'Bearer token' } }));
    expect(target.requestsTo('/private')[1]?.headers.authorization).toBe('Bearer token');
    // Not valid percent-encoding: sent as written rather than failing the check.
    await checker.run(specFor({ url: target.urlFor('/private').replace('http://', 'http://ops:100%@') }));
    expect(target.requestsTo('/private')[2]?.headers.authorization).toBe(`Basic ${Buffer.from('ops:100%').toString('base64')}`);
  });

  it('lets a configured User-Agent replace the default one', async () => {
    await checker.run(specFor({ url: target.urlFor('/ua'), headers: { 'User-Agent': 'custom-agent' } }));
    expect(target.requestsTo('/ua')[0]?.headers['user-agent']).toBe('custom-agent');
  });

  it('opens a fresh connection for every check', async () => {
    const before = target.connections;
    await checker.run(specFor({ url: target.urlFor('/fresh') }));
    await checker.run(specFor({ url: target.urlFor('/fresh') }));
    expect(target.connections - before).toBe(2);
  });

  it('gives the custom handler the request it recorded', async () => {
    target.setBehaviour(
      '/echo',
      custom((_request, response, recorded) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(`you sent ${recorded.method}`);
      }),
    );
    expect(await checker.run(specFor({ url: target.urlFor('/echo'), method: 'DELETE', expect: { contains: 'you sent DELETE' } }))).toMatchObject({
      status: 'up',
    });
  });
});
