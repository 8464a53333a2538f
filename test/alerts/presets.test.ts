import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { genericPayload, type AlertEvent } from '../../src/alerts/events.js';
import * as discord from '../../src/alerts/notifiers/discord.js';
import * as googlechat from '../../src/alerts/notifiers/googlechat.js';
import * as gotify from '../../src/alerts/notifiers/gotify.js';
import * as mattermost from '../../src/alerts/notifiers/mattermost.js';
import * as ntfy from '../../src/alerts/notifiers/ntfy.js';
import * as pagerduty from '../../src/alerts/notifiers/pagerduty.js';
import * as pushover from '../../src/alerts/notifiers/pushover.js';
import { channelInput, pluginFor } from '../../src/alerts/notifiers/registry.js';
import * as slack from '../../src/alerts/notifiers/slack.js';
import * as teams from '../../src/alerts/notifiers/teams.js';
import * as telegram from '../../src/alerts/notifiers/telegram.js';
import * as webhook from '../../src/alerts/notifiers/webhook.js';
import { respond } from '../helpers/targets.js';
import { startWebhookSink, verifySignature, type WebhookSink } from '../helpers/webhook-sink.js';

const AT = Date.parse('2025-07-01T12:00:00Z');

function event(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 42,
    kind: 'down',
    at: AT,
    monitor: { id: 'shop-api', name: 'Shop API', url: 'https://shop.example.com/health' },
    status: 'down',
    previousStatus: 'up',
    reason: 'status 503, expected 200-399',
    httpStatus: 503,
    responseTimeMs: 120,
    downtimeSeconds: null,
    certificate: null,
    flapping: null,
    channel: null,
    ...overrides,
  };
}
const down = event();
const up = event({ kind: 'up', status: 'up', previousStatus: 'down', reason: null, httpStatus: 200, downtimeSeconds: 754 });
const expiring = event({
  kind: 'tls-expiring', status: 'up', previousStatus: null, reason: null, httpStatus: 200,
  certificate: { subject: 'shop.example.com', issuer: 'R11', validTo: '2025-07-15T12:00:00.000Z', daysRemaining: 14, thresholdDays: 14 },
});
const hostile = event({ reason: 'keyword "<script>alert(1)</script> & @everyone" not found' });
const ALL = [down, up, expiring, hostile, event({ kind: 'test', monitor: null, status: null, previousStatus: null, reason: null, httpStatus: null, responseTimeMs: null, channel: 'ops' })];

const isIso = (value: unknown) => typeof value === 'string' && new Date(value).toISOString() === value;

/** Parses a channel config the way monitors.yaml does (defaults and all). */
function parse(config: Record<string, unknown>) {
  return channelInput.parse(config);
}

describe('generic webhook payload and signature', () => {
  it('carries the documented fields', () => {
    expect(genericPayload(up)).toEqual({
      id: 42,
      event: 'up',
      monitor: { id: 'shop-api', name: 'Shop API', url: 'https://shop.example.com/health' },
      status: 'up',
      previousStatus: 'down',
      reason: null,
      at: '2025-07-01T12:00:00.000Z',
      httpStatus: 200,
      responseTimeMs: 120,
      downtimeSeconds: 754,
      certificate: null,
      flapping: null,
      message: 'Shop API is up again — back after 12m 34s down',
    });
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256 so a receiver can verify and reject replays', () => {
    const config = webhook.schema.parse({ type: 'webhook', url: 'https://hooks.example.com/x', secret: 'a-long-secret' });
    const request = webhook.buildRequest(config, down, { deliveryId: 7 }, AT);
    expect(request.headers).toMatchObject({ 'x-lookout-event': 'down', 'x-lookout-delivery': '7', 'x-lookout-timestamp': String(AT / 1000) });
    expect(verifySignature({ headers: request.headers, body: request.body }, 'a-long-secret', AT).ok).toBe(true);
    expect(verifySignature({ headers: request.headers, body: request.body.replace('503', '200') }, 'a-long-secret', AT).reason).toBe('signature mismatch');
    expect(verifySignature({ headers: request.headers, body: request.body }, 'another-secret', AT).ok).toBe(false);
    expect(verifySignature({ headers: request.headers, body: request.body }, 'a-long-secret', AT + 301_000).reason).toBe('timestamp too old (replay?)');
  });

  it('verifies with the snippet the README gives receivers', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const snippet = /### Verifying the signature[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'lookout-readme-'));
    const file = path.join(dir, 'verify.mjs');
    writeFileSync(file, snippet!);
    const { verifyLookout } = (await import(pathToFileURL(file).href)) as { verifyLookout: (headers: Record<string, string>, body: string, secret: string) => boolean };
    rmSync(dir, { recursive: true, force: true });
    const config = webhook.schema.parse({ type: 'webhook', url: 'https://hooks.example.com/x', secret: 'a-long-secret' });
    const request = webhook.buildRequest(config, down, { deliveryId: 7 }, Date.now());
    expect(verifyLookout(request.headers, request.body, 'a-long-secret')).toBe(true);
    expect(verifyLookout(request.headers, request.body, 'wrong-secret')).toBe(false);
    expect(verifyLookout(request.headers, `${request.body} `, 'a-long-secret')).toBe(false);
    const stale = webhook.buildRequest(config, down, { deliveryId: 7 }, Date.now() - 600_000);
    expect(verifyLookout(stale.headers, stale.body, 'a-long-secret')).toBe(false);
  });

  it('sends no signature headers without a secret', () => {
    const config = webhook.schema.parse({ type: 'webhook', url: 'https://hooks.example.com/x' });
    expect(Object.keys(webhook.buildRequest(config, down, { deliveryId: 1 }, AT).headers)).toEqual(['x-lookout-event', 'x-lookout-delivery']);
  });
});

describe('preset payloads follow each service\'s documented format', () => {
  it('Slack: fallback text plus header, section and context blocks within block limits, mrkdwn escaped', () => {
    const config = slack.schema.parse({ type: 'webhook', preset: 'slack', url: 'https://hooks.slack.com/services/T1/B2/XYZ' });
    for (const sample of ALL) {
      const { url, body } = slack.build(config, sample) as { url: string; body: { text: string; blocks: { type: string; text?: { type: string; text: string }; fields?: { type: string; text: string }[] }[] } };
      expect(url).toBe(config.url);
      expect(body.text.length).toBeGreaterThan(0);
      expect(body.blocks.map((block) => block.type).every((type) => ['header', 'section', 'context'].includes(type))).toBe(true);
      const header = body.blocks[0]!;
      expect(header.text).toMatchObject({ type: 'plain_text' });
      expect(header.text!.text.length).toBeLessThanOrEqual(150);
      for (const block of body.blocks.filter((entry) => entry.fields)) {
        expect(block.fields!.length).toBeLessThanOrEqual(10);
        for (const field of block.fields!) expect(field).toMatchObject({ type: 'mrkdwn' });
      }
    }
    const text = JSON.stringify(slack.build(config, hostile).body);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;');
    expect((slack.build(config, down).body as { text: string }).text).toBe('[DOWN] Shop API — status 503, expected 200-399');
  });

  it('Discord: content up to 2000, one embed within its limits, integer colour, ISO timestamp, no mentions', () => {
    const config = discord.schema.parse({ type: 'webhook', preset: 'discord', url: 'https://discord.com/api/webhooks/123/abc' });
    for (const sample of ALL) {
      const body = discord.build(config, sample).body as { content: string; embeds: { title: string; description: string; color: number; fields: { name: string; value: string; inline: boolean }[]; timestamp: string }[]; allowed_mentions: { parse: unknown[] } };
      expect(body.content.length).toBeLessThanOrEqual(2000);
      expect(body.embeds).toHaveLength(1);
      const [embed] = body.embeds;
      expect(embed!.title.length).toBeLessThanOrEqual(256);
      expect(embed!.description.length).toBeGreaterThan(0);
      expect(embed!.description.length).toBeLessThanOrEqual(4096);
      expect(Number.isInteger(embed!.color) && embed!.color >= 0 && embed!.color <= 0xffffff).toBe(true);
      expect(embed!.fields.length).toBeLessThanOrEqual(25);
      for (const field of embed!.fields) expect(field.name.length <= 256 && field.value.length <= 1024 && field.value.length > 0).toBe(true);
      expect(isIso(embed!.timestamp)).toBe(true);
      expect(body.allowed_mentions).toEqual({ parse: [] });
    }
    expect((discord.build(config, down).body as { embeds: { color: number }[] }).embeds[0]!.color).toBe(0xd93025);
  });

  it('Teams: a message with one Adaptive Card attachment of TextBlocks and a FactSet', () => {
    const config = teams.schema.parse({ type: 'webhook', preset: 'teams', url: 'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=xyz' });
    for (const sample of ALL) {
      const body = teams.build(config, sample).body as { type: string; attachments: { contentType: string; contentUrl: null; content: { $schema: string; type: string; version: string; body: { type: string; facts?: { title: string; value: string }[] }[] } }[] };
      expect(body.type).toBe('message');
      expect(body.attachments).toHaveLength(1);
      const [attachment] = body.attachments;
      expect(attachment).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null });
      expect(attachment!.content).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
      expect(attachment!.content.body.every((element) => element.type === 'TextBlock' || element.type === 'FactSet')).toBe(true);
      const facts = attachment!.content.body.find((element) => element.type === 'FactSet')!.facts!;
      expect(facts.every((fact) => typeof fact.title === 'string' && typeof fact.value === 'string')).toBe(true);
    }
  });

  it('Telegram: sendMessage on the bot URL with chat_id and HTML text (escaped, at most 4096)', () => {
    const config = telegram.schema.parse({ type: 'webhook', preset: 'telegram', token: '123456:ABC-def_1', chatId: -1001234 });
    const request = telegram.build(config, hostile);
    expect(request.url).toBe('https://api.telegram.org/bot123456:ABC-def_1/sendMessage');
    const body = request.body as { chat_id: number; text: string; parse_mode: string; link_preview_options: unknown };
    expect(body).toMatchObject({ chat_id: -1001234, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(body.text.length).toBeLessThanOrEqual(4096);
    // Only <b> tags of ours; the reason's markup arrives as text.
    expect(body.text.match(/<\/?[a-z]+>/g)?.every((tag) => tag === '<b>' || tag === '</b>')).toBe(true);
    expect(body.text).toContain('&lt;script&gt;');
  });

  it('ntfy: JSON published to the server root with topic, title, message, priority 1-5 and tags', () => {
    const config = ntfy.schema.parse({ type: 'webhook', preset: 'ntfy', url: 'https://ntfy.example.com/base/lookout-alerts', token: 'tk_abc' });
    for (const sample of ALL) {
      const request = ntfy.build(config, sample);
      expect(request.url).toBe('https://ntfy.example.com/base/');
      expect(request.headers).toEqual({ authorization: 'Bearer tk_abc' });
      const body = request.body as { topic: string; title: string; message: string; priority: number; tags: string[] };
      expect(body.topic).toBe('lookout-alerts');
      expect(body.message.length).toBeGreaterThan(0);
      expect(body.priority >= 1 && body.priority <= 5).toBe(true);
      expect(body.tags.every((tag) => typeof tag === 'string')).toBe(true);
    }
    expect((ntfy.build(config, down).body as { priority: number }).priority).toBe(5);
  });

  it('Gotify: POST /message with X-Gotify-Key, a priority 0-10 and Markdown display', () => {
    const config = gotify.schema.parse({ type: 'webhook', preset: 'gotify', url: 'https://gotify.example.com/', token: 'AppToken123' });
    const request = gotify.build(config, down);
    expect(request.url).toBe('https://gotify.example.com/message');
    expect(request.headers).toEqual({ 'x-gotify-key': 'AppToken123' });
    const body = request.body as { title: string; message: string; priority: number; extras: Record<string, unknown> };
    expect(body.title).toBe('Shop API is down');
    expect(body.priority >= 0 && body.priority <= 10).toBe(true);
    expect(body.extras).toEqual({ 'client::display': { contentType: 'text/markdown' } });
  });

  it('Pushover: token, user, title (250), message (1024), priority -2..1 and a Unix timestamp', () => {
    const config = pushover.schema.parse({ type: 'webhook', preset: 'pushover', token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi', user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG' });
    for (const sample of ALL) {
      const request = pushover.build(config, sample);
      expect(request.url).toBe('https://api.pushover.net/1/messages.json');
      const body = request.body as { token: string; user: string; title: string; message: string; priority: number; timestamp: number };
      expect(body).toMatchObject({ token: config.token, user: config.user, timestamp: AT / 1000 });
      expect(body.title.length).toBeLessThanOrEqual(250);
      expect(body.message.length).toBeGreaterThan(0);
      expect(body.message.length).toBeLessThanOrEqual(1024);
      expect(body.priority >= -2 && body.priority <= 1).toBe(true);
    }
  });

  it('PagerDuty Events v2: trigger on down and resolve on recovery with the same dedup key', () => {
    const config = pagerduty.schema.parse({ type: 'webhook', preset: 'pagerduty', routingKey: 'R0UT1NGKEY' });
    const trigger = pagerduty.build(config, down);
    expect(trigger.url).toBe('https://events.pagerduty.com/v2/enqueue');
    const triggered = trigger.body as { routing_key: string; event_action: string; dedup_key: string; payload: { summary: string; source: string; severity: string; timestamp: string; custom_details: unknown } };
    expect(triggered).toMatchObject({ routing_key: 'R0UT1NGKEY', event_action: 'trigger', dedup_key: 'lookout:shop-api' });
    expect(triggered.payload).toMatchObject({ summary: '[DOWN] Shop API — status 503, expected 200-399', source: 'shop.example.com', severity: 'critical' });
    expect(isIso(triggered.payload.timestamp)).toBe(true);
    expect(triggered.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(pagerduty.build(config, up).body).toEqual({ routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: 'lookout:shop-api' });
    // Certificate alerts live under their own key: renewing never resolves an outage.
    expect(pagerduty.build(config, expiring).body).toMatchObject({ event_action: 'trigger', dedup_key: 'lookout:shop-api:tls', payload: { severity: 'warning' } });
    // ... and a renewed certificate resolves that one, not the outage.
    const renewed = { ...expiring, kind: 'tls-renewed' as const, certificate: { ...expiring.certificate!, validTo: '2025-09-29T12:00:00.000Z', daysRemaining: 90, thresholdDays: null } };
    expect(pagerduty.build(config, renewed).body).toEqual({ routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: 'lookout:shop-api:tls' });
    for (const sample of ALL) {
      const body = pagerduty.build(config, sample).body as { dedup_key: string; payload?: { severity: string } };
      expect(body.dedup_key.length).toBeLessThanOrEqual(255);
      if (body.payload) expect(['critical', 'error', 'warning', 'info']).toContain(body.payload.severity);
    }
  });

  it('Mattermost: Markdown text plus an attachment with fallback, colour and fields', () => {
    const config = mattermost.schema.parse({ type: 'webhook', preset: 'mattermost', url: 'https://chat.example.com/hooks/xxx-generatedkey-xxx', channel: 'ops' });
    const body = mattermost.build(config, down).body as { text: string; channel: string; username: string; attachments: { fallback: string; color: string; fields: { title: string; value: string; short: boolean }[] }[] };
    expect(body.text).toMatch(/^#### .*Shop API is down\nstatus 503, expected 200-399$/);
    expect(body).toMatchObject({ channel: 'ops', username: 'Lookout' });
    expect(body.attachments[0]).toMatchObject({ fallback: '[DOWN] Shop API — status 503, expected 200-399', color: '#d93025' });
    expect(body.attachments[0]!.fields.every((field) => typeof field.title === 'string' && typeof field.value === 'string' && typeof field.short === 'boolean')).toBe(true);
  });

  it('Google Chat: a text line for the notification and a card with the facts, site text escaped', () => {
    const config = googlechat.schema.parse({ type: 'webhook', preset: 'googlechat', url: 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=KEY123&token=TOKEN456' });
    type Card = { cardId: string; card: { header: { title: string; subtitle?: string }; sections: { widgets: { decoratedText: { topLabel: string; text: string } }[] }[] } };
    const body = googlechat.build(config, down).body as { text: string; cardsV2: Card[] };
    expect(Object.keys(body)).toEqual(['text', 'cardsV2']);
    expect(body.text).toBe('🔴 *Shop API is down*\nstatus 503, expected 200-399');
    const [card] = body.cardsV2;
    expect(card!.cardId).toBe(`lookout-${down.id}`);
    expect(card!.card.header).toEqual({ title: '🔴 Shop API is down', subtitle: 'status 503, expected 200-399' });
    const lines = card!.card.sections[0]!.widgets.map((widget) => [widget.decoratedText.topLabel, widget.decoratedText.text]);
    expect(lines).toContainEqual(['Monitor', 'Shop API (shop-api)']);
    expect(lines).toContainEqual(['HTTP status', '503']);

    const escaped = googlechat.build(config, hostile).body as { cardsV2: Card[] };
    const reason = escaped.cardsV2[0]!.card.sections[0]!.widgets.find((widget) => widget.decoratedText.topLabel === 'Reason')!;
    expect(reason.decoratedText.text).toBe('keyword "&lt;script&gt;alert(1)&lt;/script&gt; &amp; @everyone" not found');
  });
});

describe('presets over real HTTP', () => {
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  beforeEach(() => sink.resetBehaviours());
  afterAll(() => sink.close());

  const configs = (base: string): Record<string, unknown>[] => [
    { type: 'webhook', url: `${base}/generic`, secret: 'a-long-secret' },
    { type: 'webhook', preset: 'slack', url: `${base}/slack` },
    { type: 'webhook', preset: 'discord', url: `${base}/discord` },
    { type: 'webhook', preset: 'teams', url: `${base}/teams` },
    { type: 'webhook', preset: 'telegram', token: '123:abc', chatId: 5, url: `${base}/tg` },
    { type: 'webhook', preset: 'ntfy', url: `${base}/ntfy/alerts` },
    { type: 'webhook', preset: 'gotify', url: `${base}/gotify`, token: 'app' },
    { type: 'webhook', preset: 'pushover', token: 'app', user: 'me', url: `${base}/pushover` },
    { type: 'webhook', preset: 'pagerduty', routingKey: 'key', url: `${base}/pd` },
    { type: 'webhook', preset: 'mattermost', url: `${base}/mattermost` },
    { type: 'webhook', preset: 'googlechat', url: `${base}/chat?key=k&token=t` },
  ];

  it('POSTs each preset\'s JSON to its endpoint, and the generic payload signed', async () => {
    const expectedPaths = ['/generic', '/slack', '/discord', '/teams', '/tg/bot123:abc/sendMessage', '/ntfy/', '/gotify/message', '/pushover', '/pd', '/mattermost', '/chat'];
    const parsed = configs(sink.url).map(parse);
    for (const config of parsed) {
      await pluginFor(config).create(config).send(down, { signal: AbortSignal.timeout(2000), deliveryId: 1, channel: 'x' });
    }
    expect(sink.requests.map((request) => request.path)).toEqual(expectedPaths);
    for (const request of sink.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toMatch(/^Lookout\//);
    }
    const generic = sink.requests[0]!;
    expect(verifySignature(generic, 'a-long-secret').ok).toBe(true);
    expect(JSON.parse(generic.body)).toMatchObject({ event: 'down', monitor: { id: 'shop-api' } });
    expect(JSON.parse(sink.requests[1]!.body)).toEqual(slack.build(parsed[1] as never, down).body);
    expect(sink.requests[6]!.headers['x-gotify-key']).toBe('app');
  });

  it('treats 4xx as permanent and 5xx, 429 and refused connections as temporary, with Retry-After or the body\'s retry_after', async () => {
    const config = parse({ type: 'webhook', url: `${sink.url}/hook` });
    const send = () => pluginFor(config).create(config).send(down, { signal: AbortSignal.timeout(2000), deliveryId: 1, channel: 'x' });
    sink.setBehaviour(respond(404, 'no such hook'));
    await expect(send()).rejects.toMatchObject({ permanent: true, message: 'HTTP 404: no such hook' });
    sink.setBehaviour(respond(503, 'busy'));
    await expect(send()).rejects.toMatchObject({ permanent: false, message: 'HTTP 503: busy' });
    sink.setBehaviour(respond(429, 'slow down', { headers: { 'retry-after': '30' } }));
    await expect(send()).rejects.toMatchObject({ permanent: false, retryAfterMs: 30_000 });
    // Telegram and Discord say how long to wait in the JSON body, not in a header.
    sink.setBehaviour(respond(429, JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } })));
    await expect(send()).rejects.toMatchObject({ permanent: false, retryAfterMs: 7_000 });
    sink.setBehaviour(respond(429, JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.5, global: false })));
    await expect(send()).rejects.toMatchObject({ permanent: false, retryAfterMs: 1_500 });
    const closed = parse({ type: 'webhook', url: 'http://127.0.0.1:9/hook' });
    await expect(pluginFor(closed).create(closed).send(down, { signal: AbortSignal.timeout(2000), deliveryId: 1, channel: 'x' })).rejects.toMatchObject({ permanent: false, message: 'connection refused' });
  });
});
