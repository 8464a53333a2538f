import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailRenderer } from '../../src/alerts/email/templates.js';
import { EVENT_KINDS, type AlertEvent, type EventKind } from '../../src/alerts/events.js';
import * as email from '../../src/alerts/notifiers/email.js';
import { deliverySettings } from '../../src/alerts/notifiers/fields.js';
import { DeliveryError } from '../../src/alerts/notifiers/types.js';
import { createDeliveryWorker } from '../../src/alerts/worker.js';
import { createAlertEventRepository } from '../../src/storage/alert-events.js';
import { createDeliveryRepository } from '../../src/storage/deliveries.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/log.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.js';
import { waitUntil } from '../helpers/targets.js';

const AT = Date.parse('2025-07-01T12:00:00Z');
const CREDENTIALS = { user: 'alerts', pass: 'smtp-pass-123' };

function event(kind: EventKind, overrides: Partial<AlertEvent> = {}): AlertEvent {
  const tls = kind === 'tls-expiring' || kind === 'tls-expired' || kind === 'tls-renewed';
  return {
    id: 1,
    kind,
    at: AT,
    monitor: kind === 'test' ? null : { id: 'shop-api', name: 'Shop API', url: 'https://shop.example.com/health' },
    status: kind === 'test' ? null : kind === 'up' || tls ? 'up' : kind === 'degraded' ? 'degraded' : 'down',
    previousStatus: kind === 'up' ? 'down' : null,
    reason: kind === 'down' || kind === 'reminder' ? 'status 503, expected 200-399' : kind === 'degraded' ? 'response took 2.3s, limit 2s' : null,
    httpStatus: kind === 'test' ? null : 503,
    responseTimeMs: 2300,
    downtimeSeconds: kind === 'up' ? 754 : kind === 'reminder' ? 7200 : null,
    certificate: tls
      ? kind === 'tls-renewed'
        ? { subject: 'shop.example.com', issuer: 'R11', validTo: '2025-09-29T12:00:00.000Z', daysRemaining: 90, thresholdDays: null }
        : { subject: 'shop.example.com', issuer: 'R11', validTo: kind === 'tls-expired' ? '2025-06-30T00:00:00.000Z' : '2025-07-15T12:00:00.000Z', daysRemaining: kind === 'tls-expired' ? -1 : 14, thresholdDays: 14 }
      : null,
    flapping: kind === 'flapping' ? { changes: 5, windowSeconds: 600 } : null,
    channel: kind === 'test' ? 'ops-mail' : null,
    ...overrides,
  };
}

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink({ credentials: CREDENTIALS });
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.setMode('accept');
  (smtp.messages as unknown[]).length = 0;
});

function config(overrides: Record<string, unknown> = {}) {
  return email.schema.parse({
    type: 'email',
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', ...CREDENTIALS },
    from: 'Lookout <alerts@example.com>',
    to: ['ops@example.com', 'Night Shift <night@example.com>'],
    backoff: '50ms',
    timeout: '3s',
    ...overrides,
  });
}
const send = (notifierConfig: ReturnType<typeof config>, alert: AlertEvent) => email.create(notifierConfig).send(alert, { signal: AbortSignal.timeout(3000), deliveryId: 9, channel: 'ops-mail' });

describe('email alerts over real SMTP', () => {
  it('sends the down alert with its subject, recipients, an HTML and a plain-text part', async () => {
    await send(config(), event('down'));
    await smtp.waitForMessages(1);
    const [mail] = smtp.messages;
    expect(mail!.subject).toBe('[DOWN] Shop API — status 503, expected 200-399');
    expect(mail!.envelopeTo).toEqual(['ops@example.com', 'night@example.com']);
    expect(mail!.envelopeFrom).toBe('alerts@example.com');
    expect(mail!.headers.get('from')).toBe('Lookout <alerts@example.com>');
    expect(mail!.headers.get('x-lookout-event')).toBe('down');
    expect(mail!.user).toBe('alerts');
    expect(mail!.text).toContain('Shop API is down');
    expect(mail!.text).toMatch(/URL:\s+https:\/\/shop\.example\.com\/health/);
    expect(mail!.text).toMatch(/HTTP status:\s+503/);
    expect(mail!.text).not.toMatch(/<[a-z]/i);
    expect(mail!.html).toMatch(/^<!doctype html>/i);
    expect(mail!.html).toContain('Shop API is down');
    expect(mail!.html).toContain('status 503, expected 200-399');
    expect(mail!.html).toContain('https://shop.example.com/health');
  });

  it('says how long the monitor was down in the recovery mail', async () => {
    await send(config(), event('up'));
    await smtp.waitForMessages(1);
    expect(smtp.messages[0]!.subject).toBe('[UP] Shop API is up again after 12m 34s down');
    expect(smtp.messages[0]!.text).toMatch(/Downtime:\s+12m 34s/);
  });

  it('refuses with a permanent error for a wrong password or a 550, a temporary one for a 451 or no server', async () => {
    await expect(send(config({ smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: 'alerts', pass: 'wrong' } }), event('down'))).rejects.toMatchObject({ permanent: true });
    smtp.setMode('reject-permanent');
    await expect(send(config(), event('down'))).rejects.toMatchObject({ permanent: true, message: expect.stringContaining('550') });
    smtp.setMode('reject-temporary');
    await expect(send(config(), event('down'))).rejects.toMatchObject({ permanent: false, message: expect.stringContaining('451') });
    await expect(send(config({ smtp: { host: '127.0.0.1', port: 9, security: 'none' } }), event('down'))).rejects.toMatchObject({ permanent: false });
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('email alerts: an attempt that does not end by itself', () => {
  it('ends at the abort with its reason when the server accepts the connection and never greets', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket.on('error', () => {})));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DeliveryError('timeout after 300ms', false)), 300);
      const started = Date.now();
      const sending = email.create(config({ smtp: { host: '127.0.0.1', port, security: 'none' } })).send(event('down'), { signal: controller.signal, deliveryId: 9, channel: 'ops-mail' });
      // nodemailer's own greeting timeout is 60 s: only the signal can end this attempt.
      await expect(sending).rejects.toMatchObject({ message: 'timeout after 300ms', permanent: false });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('email alerts: delivery while the SMTP server is away', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lookout-email-'));
    store = openStore(path.join(dir, 'lookout.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps retrying while the server is down and delivers once it is back', async () => {
    const channelConfig = config();
    const worker = createDeliveryWorker({
      deliveries: createDeliveryRepository(store.db),
      events: createAlertEventRepository(store.db),
      channels: () => new Map([['ops-mail', { name: 'ops-mail', notifier: email.create(channelConfig), settings: deliverySettings(channelConfig) }]]),
      clock: systemClock,
      log: silentLogger,
      secrets: () => [CREDENTIALS.pass],
      pollMs: 50,
    });
    const monitor = store.monitors.insert('shop-api', 'api', { id: 'shop-api', url: 'https://shop.example.com/health' }, AT);
    const { id: _id, ...fields } = event('down');
    const eventId = createAlertEventRepository(store.db).insert(fields, { key: monitor.key, stateChangeId: null, suppressed: null });
    const deliveries = createDeliveryRepository(store.db);
    const deliveryId = deliveries.insert(eventId, monitor.key, 'ops-mail', 10, Date.now())!;
    await smtp.stop();
    try {
      worker.start();
      await waitUntil(() => deliveries.get(deliveryId)!.attempts >= 2, 3000, 'two failed attempts');
      expect(deliveries.get(deliveryId)).toMatchObject({ status: 'retrying', lastError: expect.stringContaining('ECONNREFUSED') });
    } finally {
      await smtp.start();
    }
    await waitUntil(() => deliveries.get(deliveryId)!.status === 'sent', 5000, 'the mail to be sent');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe('[DOWN] Shop API — status 503, expected 200-399');
    await worker.stop(0);
  });
});

describe('email templates', () => {
  const renderer = createEmailRenderer();

  it('renders every event kind to a one-line subject, text and HTML with no template tags left', () => {
    for (const kind of EVENT_KINDS) {
      const mail = renderer.render(event(kind));
      expect(mail.subject, kind).not.toMatch(/\n|<%|undefined|null/);
      expect(mail.subject, kind).toMatch(/^\[[A-Z ]+\] /);
      expect(mail.text, kind).not.toMatch(/<%|undefined/);
      expect(mail.html, kind).not.toMatch(/<%|%>|undefined/);
    }
    expect(renderer.render(event('tls-expiring')).subject).toBe('[TLS] Shop API — certificate expires in 14 days (2025-07-15)');
    expect(renderer.render(event('tls-expired')).subject).toBe('[TLS EXPIRED] Shop API — certificate expired on 2025-06-30');
    expect(renderer.render(event('tls-renewed')).subject).toBe('[TLS RENEWED] Shop API — certificate valid until 2025-09-29');
    expect(renderer.render(event('tls-renewed')).text).toContain('Shop API: certificate renewed');
    expect(renderer.render(event('reminder')).subject).toBe('[STILL DOWN] Shop API — down for 2h, status 503, expected 200-399');
    expect(renderer.render(event('test')).subject).toBe('[TEST] Lookout test message for channel ops-mail');
  });

  it('loads nothing from elsewhere when opened: no web fonts, images or style sheets', () => {
    for (const kind of EVENT_KINDS) {
      const mail = renderer.render(event(kind));
      // The only URLs are the monitor's own (shown as text) and XML namespaces.
      const urls = [...mail.html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]).filter((url) => !url.startsWith('http://www.w3.org/') && !url.startsWith('https://shop.example.com/'));
      expect(urls, kind).toEqual([]);
      expect(mail.html, kind).not.toMatch(/@import|<link\b|<img\b/i);
    }
  });

  it('escapes what a monitored site controls in the HTML part', () => {
    const mail = renderer.render(event('down', { reason: 'keyword "<img src=x onerror=alert(1)>" not found' }));
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>');
  });

  it('ships compiled HTML that matches the MJML sources (npm run build regenerates it)', async () => {
    const run = promisify(execFile);
    await expect(run(process.execPath, ['templates/email/build.mjs', '--check'])).resolves.toBeDefined();
  }, 20_000);
});
