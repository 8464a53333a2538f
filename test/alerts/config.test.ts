import { describe, expect, it } from 'vitest';
import { monitorsFileJsonSchema } from '../../src/config/json-schema.js';
import { formatFieldError } from '../../src/config/issues.js';
import { loadConfigText } from '../../src/config/load.js';

const VALID = `
channels:
  ops-mail:
    type: email
    smtp: { host: smtp.example.com, port: 587, security: starttls, user: alerts, pass: "\${SMTP_PASS}" }
    from: "Lookout <alerts@example.com>"
    to: [ops@example.com]
  team-hook:
    type: webhook
    url: https://hooks.example.com/lookout
    secret: "\${HOOK_SECRET}"
  slack:
    type: webhook
    preset: slack
    url: "\${SLACK_WEBHOOK_URL}"
defaults:
  alerts: [ops-mail]
  remindEvery: 1h
monitors:
  - id: shop-api
    url: https://shop.example.com/health
    alerts: [ops-mail, team-hook]
  - id: blog
    url: https://blog.example.com/
  - id: quiet
    url: https://quiet.example.com/
    alerts: []
    remindEvery: null
    flapping: { changes: 3, window: 2m }
`;
const ENV = { SMTP_PASS: 'smtp-secret-pass', HOOK_SECRET: 'hook-secret-value', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX' };

function errorsOf(text: string, env: Record<string, string> = ENV): string[] {
  const result = loadConfigText(text, env);
  if (result.ok) throw new Error('expected the config to be invalid');
  return result.errors.map(formatFieldError);
}

describe('monitors.yaml: channels and alert fields', () => {
  it('loads the channels of the issue example, with alerts, reminders and flapping resolved per monitor', () => {
    const result = loadConfigText(VALID, ENV);
    if (!result.ok) throw new Error(result.errors.map(formatFieldError).join('\n'));
    const { channels, monitors } = result.config;
    expect(Object.keys(channels)).toEqual(['ops-mail', 'team-hook', 'slack']);
    expect(channels['ops-mail']).toMatchObject({ type: 'email', smtp: { host: 'smtp.example.com', pass: 'smtp-secret-pass' } });
    expect(channels.slack).toMatchObject({ type: 'webhook', preset: 'slack', url: ENV.SLACK_WEBHOOK_URL });
    const byId = Object.fromEntries(monitors.map((spec) => [spec.id, spec]));
    expect(byId['shop-api']).toMatchObject({ alerts: ['ops-mail', 'team-hook'], remindEvery: 3600, flapping: { changes: 5, window: 600 } });
    expect(byId.blog).toMatchObject({ alerts: ['ops-mail'], remindEvery: 3600 });
    expect(byId.quiet).toMatchObject({ alerts: [], remindEvery: null, flapping: { changes: 3, window: 120 } });
  });

  it('names the line of an alerts entry that refers to no channel', () => {
    const text = VALID.replace('alerts: [ops-mail, team-hook]', 'alerts: [ops-mail, team-hok]').replace('  alerts: [ops-mail]\n', '  alerts: [opsmail]\n');
    const lines = errorsOf(text);
    const line = (needle: string) => text.split('\n').findIndex((row) => row.includes(needle)) + 1;
    expect(lines).toContain(`monitors[0].alerts[1]: no channel named "team-hok" (declared channels: ops-mail, team-hook, slack) (line ${line('team-hok')})`);
    expect(lines).toContain(`defaults.alerts[0]: no channel named "opsmail" (declared channels: ops-mail, team-hook, slack) (line ${line('[opsmail]')})`);
  });

  it('explains a wrong type, an unknown preset and the missing fields of a preset', () => {
    const text = `
channels:
  a: { type: sms, to: "+4912345" }
  b: { type: webhook, preset: slak, url: "https://x.example/" }
  c: { type: webhook, preset: telegram, token: "123:abc" }
  d: { type: email, smtp: { host: smtp.example.com }, from: alerts@example.com, to: [not-an-address] }
  e: { type: webhook, url: "ftp://example.com", secret: short }
monitors: []
`;
    const lines = errorsOf(text);
    expect(lines).toContain('channels.a.type: expected type: email or type: webhook, got "sms" (line 3)');
    expect(lines.find((line) => line.startsWith('channels.b.preset:'))).toMatch(/expected a preset: slack, discord, teams, telegram, ntfy, gotify, pushover, pagerduty, mattermost, googlechat .*got "slak" \(line 4\)/);
    expect(lines).toContain('channels.c.chatId: required: the chat id (a number) or "@channelusername" (line 5)');
    expect(lines).toContain('channels.d.to[0]: expected an email address like "ops@example.com" or "Ops <ops@example.com>", got "not-an-address" (line 6)');
    expect(lines).toContain('channels.e.url: expected an http:// or https:// URL, got "ftp://example.com" (line 7)');
    expect(lines).toContain('channels.e.secret: a signing secret needs at least 8 characters (line 7)');
  });

  it('publishes channels and maintenance in the JSON Schema for editors', () => {
    const schema = monitorsFileJsonSchema() as { properties: Record<string, { additionalProperties?: { oneOf?: unknown[] } }> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['channels', 'maintenance']));
    expect(JSON.stringify(schema.properties.channels)).toContain('"pagerduty"');
    expect(JSON.stringify(schema.properties.channels)).toContain('"starttls"');
  });
});
