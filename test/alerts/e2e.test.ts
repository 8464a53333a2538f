/**
 * Alerting end to end: the whole process (startLookout) on a temporary monitors.yaml and data
 * dir, real targets, a real SMTP server and a real webhook receiver, checks driven by
 * checkNow and time by an injectable clock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpChecker } from '../../src/checks/http.js';
import { startLookout, type Lookout } from '../../src/main.js';
import { callApi } from '../helpers/lookout.js';
import type { Clock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/log.js';
import { DAY_MS, leafValidForDays, testCa } from '../helpers/certs.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.js';
import { respond, sequence, startTarget, waitUntil, type Target } from '../helpers/targets.js';
import { startWebhookSink, verifySignature, type WebhookSink } from '../helpers/webhook-sink.js';

const SECRET = 'hook-signing-secret';

interface TestClock extends Clock {
  advance(ms: number): void;
}

function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    advance(ms) {
      offset += ms;
    },
  };
}

let smtp: SmtpSink;
let sink: WebhookSink;
let target: Target;
let dir: string;
let running: Lookout[] = [];

beforeAll(async () => {
  smtp = await startSmtpSink();
  sink = await startWebhookSink();
  target = await startTarget();
});
afterAll(async () => {
  await Promise.all([smtp.close(), sink.close(), target.close()]);
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lookout-alerts-e2e-'));
  (smtp.messages as unknown[]).length = 0;
  (sink.requests as unknown[]).length = 0;
  sink.resetBehaviours();
  target.resetBehaviours();
});
afterEach(async () => {
  for (const lookout of running) await lookout.stop();
  running = [];
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const CHANNELS = () => `
channels:
  ops-mail:
    type: email
    smtp: { host: 127.0.0.1, port: ${smtp.port}, security: none, user: alerts, pass: "\${SMTP_PASS}" }
    from: "Lookout <alerts@example.com>"
    to: [ops@example.com]
    backoff: 50ms
  team-hook:
    type: webhook
    url: ${sink.url}/hook
    secret: "\${HOOK_SECRET}"
    backoff: 50ms
    timeout: 1s
`;
const ENV = { SMTP_PASS: 'smtp-password-xyz', HOOK_SECRET: SECRET, LOOKOUT_API_TOKEN: 'test-token' };

async function start(yaml: string, options: { clock?: Clock; withCa?: boolean } = {}): Promise<Lookout> {
  const configFile = path.join(dir, 'monitors.yaml');
  writeFileSync(configFile, yaml);
  const clock = options.clock;
  const lookout = await startLookout({
    configFile,
    dataDir: path.join(dir, 'data'),
    port: 0,
    env: ENV,
    flushMs: 10,
    clock,
    log: silentLogger,
    checker: options.withCa ? createHttpChecker({ now: () => (clock ?? Date).now(), ca: testCa().cert }) : undefined,
  });
  running.push(lookout);
  return lookout;
}

async function stop(lookout: Lookout): Promise<void> {
  await lookout.stop();
  running = running.filter((entry) => entry !== lookout);
}

async function check(lookout: Lookout, id: string): Promise<void> {
  const outcome = await lookout.service.checkNow(id);
  if (!outcome.ok) throw new Error(outcome.error.message);
}

/** A request without a body; `token` null sends none. */
const api = (lookout: Lookout, method: string, url: string, token?: string | null) => callApi(lookout, method, url, undefined, { token });

const hookEvents = () => sink.requestsTo('/hook').map((request) => JSON.parse(request.body) as { event: string; [key: string]: any });

describe('alerts end to end', () => {
  it('sends one email and one signed webhook when a monitor goes down, and one each when it recovers', async () => {
    const lookout = await start(`${CHANNELS()}
monitors:
  - id: shop-api
    name: Shop API
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [ops-mail, team-hook]
`);
    await check(lookout, 'shop-api'); // first check: up, which is not news
    target.setBehaviour(respond(503, 'maintenance'));
    await check(lookout, 'shop-api');
    await check(lookout, 'shop-api'); // still down: nothing new
    await smtp.waitForMessages(1);
    await sink.waitForRequests(1);
    expect(smtp.messages[0]!.subject).toBe('[DOWN] Shop API — status 503, expected 200-399');
    const [downHook] = sink.requestsTo('/hook');
    expect(verifySignature(downHook!, SECRET).ok).toBe(true);
    expect(JSON.parse(downHook!.body)).toMatchObject({
      event: 'down',
      monitor: { id: 'shop-api', name: 'Shop API', url: target.urlFor('/health') },
      status: 'down',
      previousStatus: 'up',
      reason: 'status 503, expected 200-399',
      httpStatus: 503,
    });

    target.setBehaviour(respond(200));
    await check(lookout, 'shop-api');
    await smtp.waitForMessages(2);
    await sink.waitForRequests(2);
    expect(smtp.messages[1]!.subject).toMatch(/^\[UP\] Shop API is up again after \d+s down$/);
    expect(hookEvents()[1]).toMatchObject({ event: 'up', status: 'up', previousStatus: 'down', downtimeSeconds: expect.any(Number) });
    expect(smtp.messages).toHaveLength(2);
    expect(sink.requests).toHaveLength(2);

    // The API shows each state change with its deliveries per channel.
    await waitUntil(() => lookout.alerts.listEvents({ limit: 10 }).every((event) => event.deliveries.every((delivery) => delivery.status === 'sent')), 2000, 'deliveries recorded as sent');
    const { body } = await api(lookout, 'GET', '/api/alerts?monitor=shop-api');
    expect(body.alerts.map((alert: any) => [alert.from, alert.to, alert.event])).toEqual([
      ['down', 'up', 'up'],
      ['up', 'down', 'down'],
      ['pending', 'up', null],
    ]);
    expect(body.alerts[1].deliveries.map((delivery: any) => [delivery.channel, delivery.status, delivery.attempts])).toEqual([
      ['ops-mail', 'sent', 1],
      ['team-hook', 'sent', 1],
    ]);
  });

  it('does not send a second "down" after a restart mid-outage, resumes a pending delivery, and sends the "up"', async () => {
    const yaml = `${CHANNELS()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`;
    let lookout = await start(yaml);
    await check(lookout, 'shop-api');
    sink.setBehaviour(respond(500, 'receiver down'));
    target.setBehaviour(respond(503));
    await check(lookout, 'shop-api');
    await sink.waitForRequests(1);
    await waitUntil(() => lookout.alerts.listEvents({ limit: 1 })[0]!.deliveries[0]!.status === 'retrying', 2000, 'a retry to be planned');
    await stop(lookout);

    sink.setBehaviour(respond(200));
    lookout = await start(yaml);
    await check(lookout, 'shop-api'); // still down after the restart
    await waitUntil(() => hookEvents().length >= 2, 3000, 'the pending down to be delivered after the restart');
    await check(lookout, 'shop-api');
    expect(lookout.alerts.listEvents({ limit: 10 }).map((event) => event.event)).toEqual(['down']);

    target.setBehaviour(respond(200));
    await check(lookout, 'shop-api');
    await waitUntil(() => hookEvents().length >= 3, 3000, 'the up');
    expect(hookEvents().map((event) => event.event)).toEqual(['down', 'down', 'up']);
    expect(sink.requests.map((request) => request.headers['x-lookout-delivery'])).toEqual(['1', '1', '2']);
  });

  it('alerts on a state change committed just before a crash, when the process starts again', async () => {
    const yaml = `${CHANNELS()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    alerts: [team-hook]
`;
    let lookout = await start(yaml);
    await check(lookout, 'shop-api');
    const key = lookout.service.get('shop-api')!.key;
    await stop(lookout);
    // What a crash between the commit of a result and its dispatch leaves: an unclaimed change.
    const db = new Database(path.join(dir, 'data', 'lookout.db'));
    db.prepare("INSERT INTO state_changes (monitor, at, from_status, to_status, reason) VALUES (?, ?, 'up', 'down', 'connection refused')").run(key, Date.now());
    db.prepare("UPDATE monitors SET status = 'down', status_since = ? WHERE key = ?").run(Date.now(), key);
    db.close();

    target.setBehaviour(respond(503));
    lookout = await start(yaml);
    await waitUntil(() => hookEvents().length >= 1, 2000, 'the recovered alert');
    expect(hookEvents()[0]).toMatchObject({ event: 'down', reason: 'connection refused', previousStatus: 'up' });
    await check(lookout, 'shop-api');
    expect(lookout.alerts.listEvents({ limit: 10 }).map((event) => event.event)).toEqual(['down']);
  });

  it('takes new channels and windows from a reloaded monitors.yaml', async () => {
    const lookout = await start(`${CHANNELS()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: []
`);
    await check(lookout, 'shop-api');
    writeFileSync(path.join(dir, 'monitors.yaml'), `${CHANNELS()}
  late-hook:
    type: webhook
    url: ${sink.url}/late
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [late-hook]
`);
    await waitUntil(() => lookout.alerts.hasChannel('late-hook') && lookout.service.get('shop-api')!.spec.alerts.length === 1, 5000, 'the reload');
    target.setBehaviour(respond(503));
    await check(lookout, 'shop-api');
    await sink.waitForRequests(1);
    expect(sink.requests[0]!.path).toBe('/late');
  });

  it('holds a flapping monitor back to one "flapping" notice, then says when it is stable again', async () => {
    const clock = testClock();
    const lookout = await start(`${CHANNELS()}
monitors:
  - id: flappy
    url: ${target.urlFor('/flap')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
    flapping: { changes: 4, window: 10m }
`, { clock });
    target.setBehaviour('/flap', sequence(respond(200), respond(500), respond(200), respond(500), respond(200), respond(500), respond(200), respond(500), respond(200)));
    for (let index = 0; index < 9; index++) await check(lookout, 'flappy');
    // The first "up" (from pending) is not a change: down up down, then the fourth -> flapping.
    await waitUntil(() => hookEvents().length >= 4, 2000, 'four notices');
    expect(hookEvents().map((event) => event.event)).toEqual(['down', 'up', 'down', 'flapping']);
    expect(hookEvents()[3]).toMatchObject({ flapping: { changes: 4, windowSeconds: 600 } });

    clock.advance(11 * 60_000);
    await check(lookout, 'flappy'); // still up, and no change for longer than the window
    await waitUntil(() => hookEvents().length >= 5, 2000, 'the stable notice');
    expect(hookEvents()[4]).toMatchObject({ event: 'up', reason: expect.stringContaining('after flapping') });
    const held = lookout.alerts.listEvents({ limit: 20 }).filter((event) => event.suppressed === 'flapping');
    expect(held.map((event) => event.event).reverse()).toEqual(['down', 'up', 'down', 'up']);
  });

  it('sends the recovery after four real changes, not a "flapping" notice (default 5 in 10m)', async () => {
    const lookout = await start(`${CHANNELS()}
monitors:
  - id: shaky
    url: ${target.urlFor('/shaky')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`);
    target.setBehaviour('/shaky', sequence(respond(200), respond(500), respond(200), respond(500), respond(200)));
    for (let index = 0; index < 5; index++) await check(lookout, 'shaky');
    await waitUntil(() => hookEvents().length >= 4, 2000, 'four notices');
    await new Promise((resolve) => setTimeout(resolve, 100)); // nothing more follows
    expect(hookEvents().map((event) => event.event)).toEqual(['down', 'up', 'down', 'up']);
    expect(lookout.alerts.listEvents({ limit: 20 }).filter((event) => event.suppressed !== null)).toEqual([]);
  });

  it('warns once as a certificate crosses 30, 14 and 7 days, once when it expires, and again after renewal', async () => {
    const clock = testClock();
    const https = await startTarget({ tls: leafValidForDays(40) });
    try {
      const lookout = await start(`${CHANNELS()}
monitors:
  - id: secure
    url: ${https.urlFor('/')}
    interval: 1h
    alerts: [team-hook]
`, { clock, withCa: true });
      const expectations: [number, string[]][] = [
        [0, []],
        [11, ['tls-expiring:30']],
        [12, []],
        [27, ['tls-expiring:14']],
        [34, ['tls-expiring:7']],
        [35, []],
        [41, ['tls-expired']],
        [42, []],
      ];
      const seen = () => hookEvents().map((event) => `${event.event}${event.certificate?.thresholdDays ? `:${event.certificate.thresholdDays}` : ''}`);
      let total = 0;
      let day = 0;
      for (const [atDay, expected] of expectations) {
        clock.advance((atDay - day) * DAY_MS);
        day = atDay;
        await check(lookout, 'secure');
        total += expected.length;
        await waitUntil(() => hookEvents().length >= total, 2000, `notices at day ${atDay}`);
        expect(seen().slice(total - expected.length), `day ${atDay}`).toEqual(expected);
      }
      expect(hookEvents()[0]).toMatchObject({ certificate: { daysRemaining: 29, thresholdDays: 30, subject: 'localhost' } });

      // Renewed: valid 90 days from the (moved) clock; the warnings start over. (Issued in real
      // time: the TLS handshake itself checks validity against the real clock.)
      https.setCertificate(leafValidForDays(90 + day));
      await check(lookout, 'secure');
      clock.advance(61 * DAY_MS);
      await check(lookout, 'secure');
      await waitUntil(() => hookEvents().length >= total + 2, 2000, 'the renewal and the warning for the renewed certificate');
      expect(seen().slice(total)).toEqual(['tls-renewed', 'tls-expiring:30']);
      expect(hookEvents()[total]).toMatchObject({ event: 'tls-renewed', certificate: { daysRemaining: 90, thresholdDays: null } });
    } finally {
      await https.close();
    }
  });

  it('gives a certificate first seen with 10 days left one warning, not three', async () => {
    const https = await startTarget({ tls: leafValidForDays(10) });
    try {
      const lookout = await start(`${CHANNELS()}
monitors:
  - id: late
    url: ${https.urlFor('/')}
    interval: 1h
    alerts: [team-hook]
`, { withCa: true });
      await check(lookout, 'late');
      await check(lookout, 'late');
      await waitUntil(() => hookEvents().length >= 1, 2000, 'the warning');
      expect(lookout.alerts.listEvents({ limit: 10 }).map((event) => [event.event, event.certificate?.thresholdDays])).toEqual([['tls-expiring', 14]]);
    } finally {
      await https.close();
    }
  });

  it('holds alerts back during a maintenance window while checks go on, and catches up after it', async () => {
    const clock = testClock();
    const now = Date.now();
    const lookout = await start(`${CHANNELS()}
maintenance:
  - name: shop deploy
    tags: [shop]
    start: ${new Date(now - 60_000).toISOString()}
    end: ${new Date(now + 3_600_000).toISOString()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    tags: [shop]
    alerts: [team-hook, ops-mail]
  - id: blog
    url: ${target.urlFor('/blog')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`, { clock });
    await check(lookout, 'shop-api');
    target.setBehaviour(respond(503));
    await check(lookout, 'shop-api');
    await check(lookout, 'blog'); // not in the window: alerts as usual
    await sink.waitForRequests(1);
    expect(hookEvents().map((event) => event.monitor.id)).toEqual(['blog']);
    expect(lookout.alerts.inMaintenance('shop-api')).toMatchObject({ name: 'shop deploy' });
    expect(lookout.alerts.inMaintenance('blog')).toBeNull();
    const { body: windows } = await api(lookout, 'GET', '/api/maintenance');
    expect(windows.windows).toEqual([expect.objectContaining({ name: 'shop deploy', active: true, affects: ['shop-api'] })]);
    const { body: alerts } = await api(lookout, 'GET', '/api/alerts?monitor=shop-api');
    expect(alerts.alerts[0]).toMatchObject({ to: 'down', event: 'down', suppressed: 'maintenance', deliveries: [] });
    expect((await api(lookout, 'GET', '/api/monitors/shop-api')).body.status).toBe('down'); // still checked

    clock.advance(2 * 3_600_000);
    expect(lookout.alerts.inMaintenance('shop-api')).toBeNull();
    await check(lookout, 'shop-api'); // still down after the window: now they hear of it
    await waitUntil(() => hookEvents().length >= 2, 2000, 'the catch-up alert');
    expect(hookEvents()[1]).toMatchObject({ event: 'down', monitor: { id: 'shop-api' }, reason: expect.stringContaining('after a maintenance window') });
    await smtp.waitForMessages(1);
  });

  it('catches up after a maintenance window with the real recovery time and downtime', async () => {
    const clock = testClock();
    const now = Date.now();
    const lookout = await start(`${CHANNELS()}
maintenance:
  - name: shop deploy
    monitors: [shop-api]
    start: ${new Date(now + 10 * 60_000).toISOString()}
    end: ${new Date(now + 20 * 60_000).toISOString()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`, { clock });
    await check(lookout, 'shop-api');
    target.setBehaviour(respond(503));
    await check(lookout, 'shop-api'); // down before the window: alerted
    await sink.waitForRequests(1);
    const downAt = Date.parse(hookEvents()[0]!.at);

    clock.advance(12 * 60_000);
    target.setBehaviour(respond(200));
    await check(lookout, 'shop-api'); // recovers inside the window: held back
    const recoveredAt = (await api(lookout, 'GET', '/api/monitors/shop-api')).body.statusSince;
    clock.advance(10 * 60_000);
    await check(lookout, 'shop-api'); // the first check after the window: the catch-up

    await waitUntil(() => hookEvents().length >= 2, 2000, 'the catch-up "up"');
    const up = hookEvents()[1]!;
    expect(up).toMatchObject({ event: 'up', previousStatus: 'down', at: recoveredAt });
    expect(up.downtimeSeconds).toBeCloseTo((Date.parse(recoveredAt) - downAt) / 1000, 3);
    expect(up.downtimeSeconds).toBeLessThan(13 * 60);
    expect(up.message).toBe('shop-api is up again — back after 12m down');
    // Sent when the window was over, not when the monitor recovered.
    expect(lookout.alerts.listEvents({ kind: 'up', limit: 5 }).map((event) => event.suppressed)).toEqual([null, 'maintenance']);
  });

  it('never reuses a delivery or event id after an API monitor is deleted', async () => {
    const lookout = await start(`${CHANNELS()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`);
    const created = await callApi(lookout, 'POST', '/api/monitors', { id: 'temp-api', url: target.urlFor('/temp'), interval: '1h', retries: 0, alerts: ['team-hook'] });
    expect(created.status).toBe(201);
    target.setBehaviour('/temp', respond(503));
    await check(lookout, 'temp-api');
    await sink.waitForRequests(1);
    const first = sink.requests[0]!;
    expect(JSON.parse(first.body)).toMatchObject({ event: 'down', monitor: { id: 'temp-api' } });
    expect((await callApi(lookout, 'DELETE', '/api/monitors/temp-api')).status).toBe(204);

    await check(lookout, 'shop-api');
    target.setBehaviour('/health', respond(503));
    await check(lookout, 'shop-api');
    await sink.waitForRequests(2);
    const second = sink.requests[1]!;
    expect(JSON.parse(second.body)).toMatchObject({ event: 'down', monitor: { id: 'shop-api' } });
    // A receiver that drops repeated X-Lookout-Delivery ids (as the README suggests) keeps both.
    expect(Number(second.headers['x-lookout-delivery'])).toBeGreaterThan(Number(first.headers['x-lookout-delivery']));
    expect(JSON.parse(second.body).id).toBeGreaterThan(JSON.parse(first.body).id);
  });

  it('alerts "down" for an API monitor created again after one was deleted, inheriting nothing from it', async () => {
    const lookout = await start(`${CHANNELS()}
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`);
    target.setBehaviour('/again', respond(503));
    for (const round of [1, 2]) {
      // The newest monitor each time: its key was the one handed out next before keys were kept unique.
      expect((await callApi(lookout, 'POST', '/api/monitors', { id: 'again', url: target.urlFor('/again'), interval: '1h', retries: 0, alerts: ['team-hook'] })).status).toBe(201);
      await check(lookout, 'again');
      await sink.waitForRequests(round);
      expect(JSON.parse(sink.requests[round - 1]!.body)).toMatchObject({ event: 'down', monitor: { id: 'again' } });
      expect((await callApi(lookout, 'DELETE', '/api/monitors/again')).status).toBe(204);
    }
  });

  it('reminds while a monitor stays down, when remindEvery is set', async () => {
    const clock = testClock();
    const lookout = await start(`${CHANNELS()}
defaults:
  remindEvery: 30m
monitors:
  - id: shop-api
    url: ${target.urlFor('/health')}
    interval: 1h
    retries: 0
    alerts: [team-hook]
`, { clock });
    target.setBehaviour(respond(503));
    await check(lookout, 'shop-api');
    clock.advance(20 * 60_000);
    await check(lookout, 'shop-api');
    clock.advance(11 * 60_000);
    await check(lookout, 'shop-api');
    await waitUntil(() => hookEvents().length >= 2, 2000, 'the reminder');
    expect(hookEvents().map((event) => event.event)).toEqual(['down', 'reminder']);
    expect(hookEvents()[1]!.downtimeSeconds).toBeGreaterThanOrEqual(31 * 60);
  });
});

describe('channels API', () => {
  it('lists channels without a single secret, sends test messages and reports a failing one', async () => {
    const slackUrl = 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx';
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const configFile = path.join(dir, 'monitors.yaml');
    writeFileSync(configFile, `${CHANNELS()}
  slack:
    type: webhook
    preset: slack
    url: "\${SLACK_URL}"
  echo:
    type: webhook
    url: ${sink.url}/echo?token=\${ECHO_TOKEN}
monitors: []
`);
    // The process's own logger (not a silent one) so the scrubbing of log lines is tested too.
    const lookout = await startLookout({ configFile, dataDir: path.join(dir, 'data'), port: 0, env: { ...ENV, SLACK_URL: slackUrl, ECHO_TOKEN: 'echo-token-1234' }, flushMs: 10 });
    running.push(lookout);

    // Channel settings name recipients and mail servers: reading them needs the token.
    expect((await api(lookout, 'GET', '/api/channels', null)).status).toBe(401);
    const { status, body } = await api(lookout, 'GET', '/api/channels');
    expect(status).toBe(200);
    expect(body.channels.map((channel: any) => [channel.name, channel.kind, channel.target])).toEqual([
      ['ops-mail', 'email', `ops@example.com via 127.0.0.1:${smtp.port} (none)`],
      ['team-hook', 'webhook', `POST ${sink.url}/…`],
      ['slack', 'webhook/slack', 'Slack https://hooks.slack.com/…'],
      ['echo', 'webhook', `POST ${sink.url}/…`],
    ]);
    expect(body.channels[1]).toMatchObject({ signed: true, attempts: 10, backoff: 0.05, timeout: 1 });
    const text = JSON.stringify(body);
    for (const secret of ['smtp-password-xyz', SECRET, 'abcdefghijklmnopqrstuvwx', 'echo-token-1234']) expect(text).not.toContain(secret);

    expect((await api(lookout, 'POST', '/api/channels/ops-mail/test', null)).status).toBe(401);
    expect((await api(lookout, 'POST', '/api/channels/nope/test')).status).toBe(404);
    const mailed = await api(lookout, 'POST', '/api/channels/ops-mail/test');
    expect(mailed.status).toBe(200);
    expect(mailed.body.delivery).toMatchObject({ channel: 'ops-mail', status: 'sent', attempts: 1, attemptLog: [{ attempt: 1, ok: true, error: null }] });
    expect(Date.parse(mailed.body.delivery.attemptLog[0].at)).not.toBeNaN();
    expect(smtp.messages.map((mail) => mail.subject)).toEqual(['[TEST] Lookout test message for channel ops-mail']);

    // A receiver that echoes the token it was given in its error: neither the API nor the log repeats it.
    sink.setBehaviour('/echo', respond(403, 'forbidden: token echo-token-1234 is not valid'));
    const failed = await api(lookout, 'POST', '/api/channels/echo/test');
    expect(failed.status).toBe(502);
    expect(failed.body.error).toMatchObject({ code: 'delivery_failed', message: 'test message to "echo" failed: HTTP 403: forbidden: token [redacted] is not valid' });
    const events = await api(lookout, 'GET', '/api/alerts/events?event=test');
    expect(events.body.events.map((event: any) => [event.channel, event.deliveries[0].status])).toEqual([
      ['echo', 'failed'],
      ['ops-mail', 'sent'],
    ]);
    const log = lines.join('');
    expect(log).toContain('alerts: failed event=test');
    for (const secret of ['smtp-password-xyz', SECRET, 'echo-token-1234']) expect(log).not.toContain(secret);
  });
});
