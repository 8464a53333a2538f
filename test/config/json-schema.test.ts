/**
 * monitors.schema.json as an editor uses it: the example file and the documented fields pass,
 * and the mistakes users make most (no url, a url that is not http, no id or name, a bad
 * header, a mail address without @) are flagged there too, not only by `lookout validate`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaErrors } from '../helpers/schema-check.js';

const schema = JSON.parse(readFileSync('monitors.schema.json', 'utf8'));
const errorsOf = (text: string): string[] => schemaErrors(parse(text), schema, schema);
const monitor = (fields: string) => `monitors:\n  - ${fields.trim().split('\n').join('\n    ')}\n`;

describe('monitors.schema.json', () => {
  it('accepts the example monitors.yaml and a monitor using every kind of field', () => {
    expect(errorsOf(readFileSync('monitors.yaml', 'utf8'))).toEqual([]);
    expect(
      errorsOf(`
defaults: { interval: 60s, timeout: 10s, retries: 1, retryInterval: 10s }
channels:
  ops: { type: email, smtp: { host: smtp.example.com, pass: "\${SMTP_PASS}" }, from: "Lookout <lookout@example.com>", to: [ops@example.com] }
monitors:
  - id: shop-api
    name: Shop API
    url: https://shop.example.com/health
    method: GET
    headers: { Authorization: "Bearer \${SHOP_TOKEN}" }
    expect: { status: [200-299, 301], contains: healthy, notContains: error, maxResponseTime: 2s }
    tls: { verify: true, expiryWarningDays: [30, 14, 7] }
    alerts: [ops]
    tags: [shop]
  - name: From the environment
    url: \${SHOP_URL}
    interval: \${SHOP_INTERVAL}
`),
    ).toEqual([]);
  });

  it('flags what validate refuses: no url, not http, neither id nor name, a bad header, an address without @', () => {
    expect(errorsOf(monitor('id: a'))).not.toEqual([]);
    expect(errorsOf(monitor('id: a\nurl: nope'))).not.toEqual([]);
    expect(errorsOf(monitor('id: a\nurl: ftp://files.example.com/'))).not.toEqual([]);
    expect(errorsOf(monitor('url: https://example.com/'))).not.toEqual([]);
    expect(errorsOf(monitor('id: a\nurl: https://example.com/\nheaders: { "Bad Header": x }'))).not.toEqual([]);
    expect(errorsOf(`channels:\n  ops: { type: email, smtp: { host: h }, from: a@example.com, to: [nope] }\nmonitors: []\n`)).not.toEqual([]);
    expect(errorsOf(`channels:\n  hook: { type: webhook, url: nope }\nmonitors: []\n`)).not.toEqual([]);
  });
});
