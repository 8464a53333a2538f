import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notifyTest } from '../../src/alerts/notify-test.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.js';
import { respond } from '../helpers/targets.js';
import { startWebhookSink, verifySignature, type WebhookSink } from '../helpers/webhook-sink.js';

let smtp: SmtpSink;
let sink: WebhookSink;
let dir: string;
let file: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  sink = await startWebhookSink();
  dir = mkdtempSync(path.join(tmpdir(), 'lookout-notify-test-'));
  file = path.join(dir, 'monitors.yaml');
  writeFileSync(file, `
channels:
  ops-mail:
    type: email
    smtp: { host: 127.0.0.1, port: ${smtp.port}, security: none }
    from: alerts@example.com
    to: [ops@example.com]
  hook:
    type: webhook
    url: ${sink.url}/hook?token=\${HOOK_TOKEN}
    secret: "\${HOOK_SECRET}"
monitors: []
`);
});
afterAll(async () => {
  await Promise.all([smtp.close(), sink.close()]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sink.resetBehaviours();
});

const ENV = { HOOK_TOKEN: 'hook-token-5678', HOOK_SECRET: 'signing-secret' };

async function run(channel: string) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await notifyTest({ file, env: ENV, channel, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('notify-test', () => {
  it('sends a test mail and says so', async () => {
    const result = await run('ops-mail');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(new RegExp(`^sent a test message to ops-mail \\(email: ops@example.com via 127.0.0.1:${smtp.port} \\(none\\)\\) in \\d+ ms$`));
    await smtp.waitForMessages(1);
    expect(smtp.messages.at(-1)!.subject).toBe('[TEST] Lookout test message for channel ops-mail');
  });

  it('sends a signed test webhook, and reports a refusal without repeating the token', async () => {
    expect((await run('hook')).status).toBe(0);
    const request = sink.requests.at(-1)!;
    expect(JSON.parse(request.body)).toMatchObject({ event: 'test', monitor: null });
    expect(verifySignature(request, 'signing-secret').ok).toBe(true);

    sink.setBehaviour(respond(401, 'token hook-token-5678 revoked'));
    const refused = await run('hook');
    expect(refused.status).toBe(1);
    expect(refused.err).toBe(`test message to hook (webhook: POST ${sink.url}/…) failed: HTTP 401: token [redacted] revoked (check the channel settings)`);
  });

  it('gives each test message its own id, so receivers that de-duplicate keep every one', async () => {
    const started = Date.now();
    expect((await run('hook')).status).toBe(0);
    expect((await run('hook')).status).toBe(0);
    const [first, second] = sink.requests.slice(-2).map((request) => ({ delivery: Number(request.headers['x-lookout-delivery']), id: (JSON.parse(request.body) as { id: number }).id }));
    expect(first!.delivery).toBe(first!.id);
    expect(second!.delivery).toBe(second!.id);
    expect(first!.id).toBeGreaterThanOrEqual(started);
    expect(second!.id).toBeGreaterThan(first!.id);
  });

  it('names the channels there are when the one asked for is not declared', async () => {
    expect(await run('slack')).toMatchObject({ status: 2, err: `no channel named "slack" in ${file} (channels: ops-mail, hook)` });
  });

  it('is the `lookout notify-test` command', async () => {
    const child = spawn(process.execPath, [path.resolve('bin/lookout.js'), 'notify-test', 'hook', '--config', file], { env: { ...process.env, ...ENV } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^sent a test message to hook \(webhook: POST http:\/\/127\.0\.0\.1:\d+\/…\) in \d+ ms\n$/);
  }, 15_000);
});
