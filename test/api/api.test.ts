import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLookout, type TestLookout } from '../helpers/lookout.js';
import { redirect, respond, slow, startTarget, type Target } from '../helpers/targets.js';
import { schemaErrors } from '../helpers/schema-check.js';
import { waitFor } from '../helpers/wait.js';

let target: Target;
let app: TestLookout;

beforeAll(async () => {
  target = await startTarget({ paths: { '/health': respond(200, 'healthy'), '/down': respond(503, 'nope') } });
  app = await startTestLookout(`
defaults:
  interval: 1s
  retries: 0
monitors:
  - id: file-health
    name: File health
    url: ${target.urlFor('/health')}
    tags: [core]
    expect:
      contains: healthy
`);
});

afterAll(async () => {
  await app?.stop();
  await target?.close();
});

describe('the REST API', () => {
  it('lists file monitors with their live status and last check', async () => {
    await waitFor(async () => (await app.api('GET', '/api/monitors/file-health')).body.status === 'up', { message: 'file-health up' });
    const { status, body } = await app.api('GET', '/api/monitors');
    expect(status).toBe(200);
    const monitor = body.monitors.find((entry: { id: string }) => entry.id === 'file-health');
    expect(monitor).toMatchObject({ id: 'file-health', name: 'File health', source: 'file', interval: 1, timeout: 1, paused: false, status: 'up', tls: null, tags: ['core'] });
    expect(monitor.lastCheck).toMatchObject({ ok: true, status: 'up', httpStatus: 200, reason: null });
    expect(typeof monitor.lastCheck.totalMs).toBe('number');
  });

  it('creates a monitor from a valid body, checks it and reports it down with a reason', async () => {
    const created = await app.api('POST', '/api/monitors', { name: 'Broken API', url: target.urlFor('/down'), interval: '2s', tags: ['shop'] });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/monitors/broken-api');
    expect(created.body).toMatchObject({ id: 'broken-api', source: 'api', interval: 2, status: 'pending' });
    const down = await waitFor(async () => {
      const { body } = await app.api('GET', '/api/monitors/broken-api');
      return body.status === 'down' ? body : null;
    });
    expect(down.lastCheck.reason).toBe('status 503, expected 200-399');
    const filtered = await app.api('GET', '/api/monitors?status=down');
    expect(filtered.body.monitors.map((monitor: { id: string }) => monitor.id)).toEqual(['broken-api']);
    const byTag = await app.api('GET', '/api/monitors?tag=core');
    expect(byTag.body.monitors.map((monitor: { id: string }) => monitor.id)).toEqual(['file-health']);
  });

  it('refuses writes without the right token', async () => {
    const missing = await app.api('POST', '/api/monitors', { url: 'http://x.test/' }, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: 'unauthorized' });
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await app.api('DELETE', '/api/monitors/broken-api', undefined, { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect((await app.api('GET', '/api/monitors/broken-api', undefined, { token: null })).status).toBe(200);
  });

  it('answers a bad body with 400 naming the field', async () => {
    const bad = await app.api('POST', '/api/monitors', { id: 'x', url: 'http://x.test/', interval: 'fast' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('interval: expected a duration like "30s", got "fast"');
    expect(bad.body.error.details).toEqual([{ field: 'interval', message: 'expected a duration like "30s", got "fast"' }]);
    const unknown = await app.api('POST', '/api/monitors', { id: 'x', url: 'http://x.test/', timout: 5 });
    expect(unknown.body.error.message).toContain('unknown field "timout" (did you mean "timeout"?)');
    const header = await app.api('POST', '/api/monitors', { id: 'x', url: 'http://x.test/', headers: { 'X-Token': 'tok\r\nInjected: 1' } });
    expect(header.status).toBe(400);
    expect(header.body.error.details).toEqual([{ field: 'headers.X-Token', message: 'a header value cannot hold a line break or NUL' }]);
    const noUrl = await app.api('POST', '/api/monitors', { name: 'No URL' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.message).toContain('url');
    const notJson = await app.api('POST', '/api/monitors', undefined, { rawBody: '{"url": ', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
  });

  it('refuses an API monitor that names a channel monitors.yaml does not declare', async () => {
    const bad = await app.api('POST', '/api/monitors', { id: 'needs-hook', url: 'http://x.test/', alerts: ['pager'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'alerts.0', message: 'no channel named "pager" (no channels are declared under channels:)' }]);
  });

  it('takes a PATCH as application/merge-patch+json, the JSON merge patch media type', async () => {
    const created = await app.api('POST', '/api/monitors', { id: 'merge-typed', url: target.urlFor('/merge'), interval: '1h' });
    expect(created.status).toBe(201);
    const patched = await app.api('PATCH', '/api/monitors/merge-typed', undefined, { rawBody: '{"paused":true}', headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ paused: true, status: 'paused' });
    expect((await app.api('DELETE', '/api/monitors/merge-typed')).status).toBe(204);
  });

  it('shows every setting a monitor was given, alert routing included', async () => {
    const created = await app.api('POST', '/api/monitors', { id: 'settings-shown', url: target.urlFor('/settings?region=eu'), interval: '1h', remindEvery: '1h', flapping: { changes: 3, window: '5m' }, alerts: [], showQuery: true });
    expect(created.status).toBe(201);
    const { body } = await app.api('GET', '/api/monitors/settings-shown');
    expect(body).toMatchObject({ remindEvery: 3600, flapping: { changes: 3, window: 300 }, alerts: [], showQuery: true });
    expect((await app.api('DELETE', '/api/monitors/settings-shown')).status).toBe(204);
  });

  it('gives the last check the same whole-ms times as the history holds for it', async () => {
    const monitor = await waitFor(async () => (await app.api('GET', '/api/monitors/file-health')).body.lastCheck);
    const stored = await waitFor(async () => (await app.api('GET', '/api/monitors/file-health/checks?limit=5')).body.checks.find((check: { at: string }) => check.at === monitor.at));
    expect(stored).toEqual(monitor);
    expect(Number.isInteger(monitor.totalMs)).toBe(true);
    for (const value of Object.values(monitor.phases)) expect(value === null || Number.isInteger(value)).toBe(true);
  });

  it('answers 415 for another content type and 413 for an oversize body', async () => {
    const form = await app.api('POST', '/api/monitors', undefined, { rawBody: 'url=http://x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const huge = await app.api('POST', '/api/monitors', { url: 'http://x.test/', description: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
  });

  it('answers 409 for a duplicate id and for changes to file monitors', async () => {
    const duplicate = await app.api('POST', '/api/monitors', { id: 'file-health', url: 'http://x.test/' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toContain('monitors.yaml');
    const patch = await app.api('PATCH', '/api/monitors/file-health', { interval: 5 });
    expect(patch.status).toBe(409);
    expect(patch.body.error.message).toBe('monitor "file-health" is declared in monitors.yaml: edit the file to change it');
    expect((await app.api('DELETE', '/api/monitors/file-health')).status).toBe(409);
    expect((await app.api('GET', '/api/monitors/nope')).status).toBe(404);
    expect((await app.api('PATCH', '/api/monitors/nope', { paused: true })).status).toBe(404);
  });

  it('pauses with a partial update, stops checking, and resumes', async () => {
    const paused = await app.api('PATCH', '/api/monitors/broken-api', { paused: true });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, status: 'paused', interval: 2, tags: ['shop'] });
    const before = target.requestsTo('/down').length;
    await new Promise((resolve) => setTimeout(resolve, 2500)); // longer than its interval: nothing may arrive
    expect(target.requestsTo('/down').length).toBe(before);
    const check = await app.api('POST', '/api/monitors/broken-api/check');
    expect(check.status).toBe(409);
    const resumed = await app.api('PATCH', '/api/monitors/broken-api', { paused: false, expect: { status: [503] } });
    expect(resumed.body).toMatchObject({ paused: false, expect: { status: ['503'] } });
    await waitFor(async () => (await app.api('GET', '/api/monitors/broken-api')).body.status === 'up', { message: 'broken-api up after accepting 503' });
  });

  it('runs a check on demand and returns its result', async () => {
    const before = target.requestsTo('/health').length;
    const { status, body } = await app.api('POST', '/api/monitors/file-health/check');
    expect(status).toBe(200);
    expect(body.check).toMatchObject({ ok: true, status: 'up', httpStatus: 200 });
    expect(target.requestsTo('/health').length).toBeGreaterThan(before);
  });

  it('answers 404 to a check on demand of a monitor deleted while it ran, not an older result', async () => {
    target.setBehaviour('/deleted-mid-check', slow(600));
    expect((await app.api('POST', '/api/monitors', { id: 'deleted-mid-check', url: target.urlFor('/deleted-mid-check'), interval: '1h' })).status).toBe(201);
    await waitFor(async () => (await app.api('GET', '/api/monitors/deleted-mid-check')).body.lastCheck, { message: 'its first check' });
    const checking = app.api('POST', '/api/monitors/deleted-mid-check/check');
    await target.waitForRequests(2, '/deleted-mid-check');
    expect((await app.api('DELETE', '/api/monitors/deleted-mid-check')).status).toBe(204);
    const { status, body } = await checking;
    expect(status).toBe(404);
    expect(body.error.message).toBe('monitor "deleted-mid-check" was deleted while it was being checked');
  });

  it('pages through check history newest first', async () => {
    await waitFor(async () => (await app.api('GET', '/api/monitors/file-health/checks?limit=1000')).body.checks.length >= 4);
    const first = await app.api('GET', '/api/monitors/file-health/checks?limit=2');
    expect(first.body.checks).toHaveLength(2);
    expect(Date.parse(first.body.checks[0].at)).toBeGreaterThan(Date.parse(first.body.checks[1].at));
    expect(first.body.next).not.toBeNull();
    const second = await app.api('GET', `/api/monitors/file-health/checks?limit=2&cursor=${first.body.next}`);
    expect(Date.parse(second.body.checks[0].at)).toBeLessThan(Date.parse(first.body.checks[1].at));
    const future = await app.api('GET', `/api/monitors/file-health/checks?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.body).toEqual({ checks: [], next: null });
    const bad = await app.api('GET', '/api/monitors/file-health/checks?limit=0');
    expect(bad.status).toBe(400);
    // The same shape as a body's errors: a client reads details one way.
    expect(bad.body.error).toEqual({ code: 'invalid', message: 'limit: expected a whole number from 1 to 1000, got "0"', details: [{ field: 'limit', message: 'expected a whole number from 1 to 1000, got "0"' }] });
    const when = await app.api('GET', '/api/monitors/file-health/checks?since=yesterday');
    expect(when.body.error.details).toEqual([{ field: 'since', message: 'expected an ISO 8601 time or milliseconds since the epoch, got "yesterday"' }]);
    // Given twice, a filter is refused: taking the last one silently answered a question not asked.
    const twice = await app.api('GET', '/api/monitors?tag=core&tag=shop');
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([{ field: 'tag', message: 'given 2 times; give it once' }]);
  });

  it('reports statistics for 24h, 7d, 30d and 90d', async () => {
    const { body } = await app.api('GET', '/api/monitors/file-health/stats');
    expect(Object.keys(body.windows)).toEqual(['24h', '7d', '30d', '90d']);
    expect(body.windows['24h'].checks).toBeGreaterThan(0);
    expect(body.windows['24h'].uptime).toBe(100);
    expect(body.windows['90d'].checks).toBe(body.windows['24h'].checks);
    expect(body.windows['24h'].avgMs).toBeGreaterThan(0);
    expect(body.windows['24h'].p95Ms).toBeGreaterThan(0);
  });

  it('logs state changes in /api/alerts, filterable by monitor', async () => {
    const { body } = await app.api('GET', '/api/alerts?monitor=broken-api');
    const transitions = body.alerts.map((alert: { from: string; to: string }) => `${alert.from}->${alert.to}`);
    expect(transitions).toEqual(['down->up', 'pending->down']);
    expect(body.alerts[1]).toMatchObject({ monitor: 'broken-api', reason: 'status 503, expected 200-399' });
  });

  it('summarises the installation', async () => {
    const { body } = await app.api('GET', '/api/summary');
    expect(body.total).toBe(2);
    expect(body.counts).toMatchObject({ up: 2, down: 0 });
    expect(body.uptime24h).toBeGreaterThan(0);
    expect(body.slowest.length).toBe(2);
  });

  it('reports health: version, scheduler lag, database and config state', async () => {
    const { status, body } = await app.api('GET', '/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', version: expect.any(String), database: { ok: true, schemaVersion: expect.any(Number) }, config: { lastError: null } });
    expect(body.scheduler.jobs).toBe(2);
    expect(body.scheduler.lagMs.samples).toBeGreaterThan(0);
    // This test process's own figures: a real RSS is tens of MB and larger than the JS heap.
    expect(body.memory.rssBytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(body.memory.rssBytes).toBeGreaterThan(body.memory.heapUsedBytes);
  });

  it('serves an OpenAPI document whose monitor schema is the file schema', async () => {
    const { body } = await app.api('GET', '/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/monitors', '/api/monitors/{id}', '/api/monitors/{id}/check', '/api/monitors/{id}/checks', '/api/monitors/{id}/stats', '/api/alerts', '/api/summary', '/api/health']));
    expect(Object.keys(body.components.schemas.MonitorInput.properties)).toEqual(expect.arrayContaining(['url', 'interval', 'expect', 'tls', 'headers']));
  });

  it('never returns or logs secrets from URLs and headers', async () => {
    const created = await app.api('POST', '/api/monitors', {
      id: 'secret',
      url: `http://admin:hunter2-pass@127.0.0.1:${target.port}/health?token=tok-abc-123`,
      headers: { Authorization: 'Bearer sk-live-secret-value', Accept: 'text/plain' },
      interval: 1,
    });
    expect(created.status).toBe(201);
    await waitFor(async () => (await app.api('GET', '/api/monitors/secret')).body.lastCheck);
    const everything = JSON.stringify([(await app.api('GET', '/api/monitors')).body, (await app.api('GET', '/api/monitors/secret')).body, app.logs]);
    for (const secret of ['hunter2-pass', 'tok-abc-123', 'sk-live-secret-value']) expect(everything).not.toContain(secret);
    const shown = (await app.api('GET', '/api/monitors/secret')).body;
    expect(shown.url).toBe(`http://admin:[redacted]@127.0.0.1:${target.port}/health?token=[redacted]`);
    expect(shown.headers).toEqual({ Authorization: '[redacted]', Accept: 'text/plain' });
    // The target did receive the real credentials.
    // This monitor's request: file-health checks /health every second too, without credentials.
    const request = target.requestsTo('/health').filter((each) => each.url.includes('token=tok-abc-123')).at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-live-secret-value');
  });

  it('keeps the stored secrets when a monitor read from the API is edited and sent back', async () => {
    const original = `http://bob:pa%24%24-word@127.0.0.1:${target.port}/health?token=tok-keep-1&q=a%20b&page=2`;
    const created = await app.api('POST', '/api/monitors', {
      id: 'round-trip',
      url: original,
      method: 'POST',
      headers: { Authorization: 'Bearer sk-keep-me', Accept: 'text/plain' },
      body: 'body-secret-42',
      interval: 60,
    });
    expect(created.status).toBe(201);
    const shown = (await app.api('GET', '/api/monitors/round-trip')).body;
    expect(shown.url).toBe(`http://bob:[redacted]@127.0.0.1:${target.port}/health?token=[redacted]&q=a%20b&page=2`);
    // Sent back as read, except a new page and a header name in another case; a client may also
    // send the marker percent-encoded.
    const patched = await app.api('PATCH', '/api/monitors/round-trip', {
      name: 'Round trip',
      url: shown.url.replace('page=2', 'page=3').replace(':[redacted]@', ':%5Bredacted%5D@'),
      headers: { authorization: shown.headers.Authorization, Accept: shown.headers.Accept },
      body: shown.body,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.url).toBe(shown.url.replace('page=2', 'page=3'));
    const spec = app.lookout.service.get('round-trip')!.spec;
    expect(spec.url).toBe(original.replace('page=2', 'page=3'));
    expect(spec.headers).toEqual({ Authorization: 'Bearer sk-keep-me', Accept: 'text/plain' });
    expect(spec.body).toBe('body-secret-42');
    // And the target receives the real values, not the marker.
    expect((await app.api('POST', '/api/monitors/round-trip/check')).status).toBe(200);
    // Other monitors check /health too: this one's request is the one with the new page.
    const request = target.requestsTo('/health').find((each) => each.url.endsWith('page=3'))!;
    expect(request.headers.authorization).toBe('Bearer sk-keep-me');
    expect(request.url).toBe('/health?token=tok-keep-1&q=a%20b&page=3');
    expect(request.body).toBe('body-secret-42');
  });

  it('takes back the whole monitor object GET answered, edited, as a PATCH', async () => {
    const before = app.lookout.service.get('round-trip')!.spec;
    const shown = (await app.api('GET', '/api/monitors/round-trip')).body;
    const patched = await app.api('PATCH', '/api/monitors/round-trip', { ...shown, name: 'Round trip, edited', tlsSettings: { ...shown.tlsSettings, expiryWarningDays: [21] } });
    expect(patched.status).toBe(200);
    const spec = app.lookout.service.get('round-trip')!.spec;
    // Only what was edited changed: state fields are ignored, secrets kept, tlsSettings is the input's tls.
    expect(spec).toEqual({ ...before, name: 'Round trip, edited', tls: { ...before.tls, expiryWarningDays: [21] } });
  });

  it('refuses the redaction placeholder where there is no stored value for it to keep', async () => {
    const message = 'is the redaction placeholder "[redacted]", with no stored value to keep (none stored, or the URL\'s host changed): send the real value';
    const posted = await app.api('POST', '/api/monitors', { id: 'placeholder', url: `http://127.0.0.1:${target.port}/health`, headers: { Authorization: '[redacted]' } });
    expect(posted.status).toBe(400);
    expect(posted.body.error.details).toEqual([{ field: 'headers.Authorization', message }]);
    const postedUrl = await app.api('POST', '/api/monitors', { id: 'placeholder', url: `http://bob:[redacted]@127.0.0.1:${target.port}/health` });
    expect(postedUrl.status).toBe(400);
    expect(postedUrl.body.error.details).toEqual([{ field: 'url', message: `the password ${message}` }]);
    expect(app.lookout.service.get('placeholder')).toBeUndefined();

    const before = app.lookout.service.get('round-trip')!.spec;
    const header = await app.api('PATCH', '/api/monitors/round-trip', { headers: { 'X-Api-Key': '[redacted]' } });
    expect(header.status).toBe(400);
    expect(header.body.error.message).toBe(`headers.X-Api-Key: ${message}`);
    const param = await app.api('PATCH', '/api/monitors/round-trip', { url: `http://bob:[redacted]@127.0.0.1:${target.port}/health?token=[redacted]&sig=[redacted]` });
    expect(param.status).toBe(400);
    expect(param.body.error.details).toEqual([{ field: 'url', message: `query parameter "sig" ${message}` }]);
    const body = await app.api('POST', '/api/monitors', { id: 'placeholder', url: `http://127.0.0.1:${target.port}/health`, method: 'POST', body: '[redacted]' });
    expect(body.body.error.details).toEqual([{ field: 'body', message }]);
    // Another host (localhost for 127.0.0.1): the stored password, token and header would go to a server they never went to.
    const moved = await app.api('PATCH', '/api/monitors/round-trip', { url: `http://bob:[redacted]@localhost:${target.port}/evil?token=[redacted]`, headers: { Authorization: '[redacted]' } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details).toEqual([
      { field: 'url', message: `the password ${message}` },
      { field: 'url', message: `query parameter "token" ${message}` },
      { field: 'headers.Authorization', message },
    ]);
    expect(app.lookout.service.get('round-trip')!.spec).toBe(before);
  });

  it('never shows secrets that a failure reason quotes: an encoded token, a redirect with credentials', async () => {
    target.setBehaviour('/leaky-redirect', redirect('ftp://admin:LEAKPW9@files.example/?access_token=LEAKTOK9'));
    target.setBehaviour('/echo-redirect', redirect('ftp://files.example/x?token=ab%2Fcd%2Bef99'));
    for (const [id, path] of [['leaky-redirect', '/leaky-redirect'], ['echo-redirect', '/echo-redirect?token=ab%2Fcd%2Bef99']] as const) {
      expect((await app.api('POST', '/api/monitors', { id, url: target.urlFor(path), interval: '1h', retries: 0 })).status).toBe(201);
    }
    const reasons = await waitFor(async () => {
      const shown = await Promise.all(['leaky-redirect', 'echo-redirect'].map(async (id) => (await app.api('GET', `/api/monitors/${id}`)).body.lastCheck?.reason));
      return shown.every(Boolean) ? shown : null;
    });
    expect(reasons).toEqual(['redirect to unsupported URL "ftp://admin:[redacted]@files.example/?access_token=[redacted]"', 'redirect to unsupported URL "ftp://files.example/x?token=[redacted]"']);
    const everything = JSON.stringify([(await app.api('GET', '/api/monitors')).body, (await app.api('GET', '/api/alerts')).body, app.logs]);
    for (const secret of ['LEAKPW9', 'LEAKTOK9', 'ab%2Fcd%2Bef99', 'ab/cd+ef99']) expect(everything).not.toContain(secret);
    for (const id of ['leaky-redirect', 'echo-redirect']) expect((await app.api('DELETE', `/api/monitors/${id}`)).status).toBe(204);
  });

  it('treats header names in any case as one header: a PATCH replaces or removes it, a body may not give it twice', async () => {
    target.setBehaviour('/headers-case', respond(200, 'ok'));
    expect((await app.api('POST', '/api/monitors', { id: 'headers-case', url: target.urlFor('/headers-case'), headers: { Authorization: 'Bearer OLD', 'X-Api-Key': 'K1' }, interval: '1h' })).status).toBe(201);
    expect((await app.api('PATCH', '/api/monitors/headers-case', { headers: { authorization: 'Bearer NEW' } })).status).toBe(200);
    expect((await app.api('PATCH', '/api/monitors/headers-case', { headers: { 'x-api-key': null } })).status).toBe(200);
    expect(app.lookout.service.get('headers-case')!.spec.headers).toEqual({ authorization: 'Bearer NEW' });
    expect((await app.api('POST', '/api/monitors/headers-case/check')).status).toBe(200);
    const sent = target.requestsTo('/headers-case').at(-1)!.headers;
    expect([sent.authorization, sent['x-api-key']]).toEqual(['Bearer NEW', undefined]);
    const twice = await app.api('POST', '/api/monitors', { id: 'headers-twice', url: target.urlFor('/x'), headers: { Authorization: 'a1', authorization: 'b2' } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([{ field: 'headers', message: '"Authorization" and "authorization" name the same header (names are case-insensitive): keep one' }]);
    expect((await app.api('DELETE', '/api/monitors/headers-case')).status).toBe(204);
  });

  it('scrubs a token rotated through the API from the log lines that follow', async () => {
    expect(app.lookout.service.secrets()).toContain('sk-live-secret-value');
    const patched = await app.api('PATCH', '/api/monitors/secret', { headers: { Authorization: 'Bearer sk-rotated-value-42' } });
    expect(patched.status).toBe(200);
    // The logger asks for the secrets on every line; the list is cached and must follow the change.
    expect(app.lookout.service.secrets()).toContain('sk-rotated-value-42');
    expect(app.lookout.service.secrets()).not.toContain('sk-live-secret-value');
  });

  it('answers as its OpenAPI document says, every field documented', async () => {
    const document = (await app.api('GET', '/api/openapi.json')).body;
    const schemaFor = (template: string, method: string, status: number) => document.paths[template][method].responses[String(status)]?.content?.['application/json']?.schema;
    const calls: [string, string, string, { token?: string | null }?][] = [
      ['get', '/api/monitors', '/api/monitors'],
      ['get', '/api/monitors/{id}', '/api/monitors/secret'],
      ['get', '/api/monitors/{id}', '/api/monitors/broken-api'],
      ['get', '/api/monitors/{id}/checks', '/api/monitors/broken-api/checks?limit=3'],
      ['get', '/api/monitors/{id}/stats', '/api/monitors/broken-api/stats'],
      ['get', '/api/alerts', '/api/alerts'],
      ['get', '/api/alerts/events', '/api/alerts/events'],
      ['get', '/api/summary', '/api/summary'],
      ['get', '/api/health', '/api/health'],
      ['get', '/api/maintenance', '/api/maintenance'],
      ['get', '/api/channels', '/api/channels', { token: null }],
      ['get', '/api/monitors/{id}', '/api/monitors/nothing'],
    ];
    const findings: string[] = [];
    for (const [method, template, url, options] of calls) {
      const { status, body } = await app.api(method.toUpperCase(), url, undefined, options);
      const schema = schemaFor(template, method, status);
      if (!schema) findings.push(`${method} ${url}: ${status} is not documented`);
      else findings.push(...schemaErrors(body, schema, document).map((error) => `${method} ${url}: ${error}`));
    }
    expect(findings).toEqual([]);
  });

  it('deletes an API monitor and its history', async () => {
    expect((await app.api('DELETE', '/api/monitors/broken-api')).status).toBe(204);
    expect((await app.api('GET', '/api/monitors/broken-api')).status).toBe(404);
    expect((await app.api('GET', '/api/alerts?monitor=broken-api')).status).toBe(404);
    expect(app.lookout.store.monitors.get('broken-api')).toBeNull();
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const { status, body } = await app.api('GET', '/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});
