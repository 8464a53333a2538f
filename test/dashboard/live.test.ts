/** The dashboard inside a running Lookout: regenerated after commits and config changes, served at /. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLookout, type Lookout } from '../../src/main.js';
import { silentLogger } from '../../src/util/log.js';
import { startTarget, waitUntil, type Target } from '../helpers/targets.js';

describe('dashboard of a running Lookout', () => {
  let dir: string;
  let dist: string;
  let target: Target;
  let lookout: Lookout;

  const yaml = (extra: { opsPublic?: boolean; paused?: boolean } = {}): string => `defaults:
  interval: 1s
  timeout: 1s
  paused: ${extra.paused ?? false}
monitors:
  - id: web
    name: Web
    url: ${target.url}/
  - id: ops
    name: Ops console
    public: ${extra.opsPublic ?? true}
    url: ${target.url}/ops
`;

  const status = async (): Promise<{ generatedAt: number; monitors: { id: string; status: string }[] }> => JSON.parse(await readFile(path.join(dist, 'status.json'), 'utf8'));

  async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookout-live-'));
    dist = path.join(dir, 'dist');
    target = await startTarget();
    await writeFile(path.join(dir, 'monitors.yaml'), yaml());
    lookout = await startLookout({
      configFile: path.join(dir, 'monitors.yaml'),
      dataDir: path.join(dir, 'data'),
      port: 0,
      env: {},
      log: silentLogger,
      flushMs: 20,
      configDebounceMs: 50,
      dashboard: { dir: dist, intervalMs: 100 },
    });
  });

  afterAll(async () => {
    await lookout?.stop();
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes status.json and the pages once monitors are checked', async () => {
    await until(async () => (await status()).monitors.every((monitor) => monitor.status === 'up') && (await status()).monitors.length === 2, 'both monitors up in status.json');
    expect(existsSync(path.join(dist, 'm', 'ops.html'))).toBe(true);
  });

  it('serves the dashboard at / beside the API, with a strict content policy', async () => {
    const page = await fetch(`${lookout.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('data-m="web"');
    const monitorPage = await fetch(`${lookout.url}/m/web`);
    expect(monitorPage.status).toBe(200);
    const health = await fetch(`${lookout.url}/api/health`);
    expect(health.status).toBe(200);
    expect((await fetch(`${lookout.url}/nothing-here.html`)).status).toBe(404);
    const first = await fetch(`${lookout.url}/status.json`);
    const again = await fetch(`${lookout.url}/status.json`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    // The same file (unless a rendering landed between the two requests): nothing to send.
    expect([304, 200]).toContain(again.status);
  });

  it('drops a monitor made private in monitors.yaml, without a restart', async () => {
    await writeFile(path.join(dir, 'monitors.yaml'), yaml({ opsPublic: false }));
    await until(async () => !existsSync(path.join(dist, 'm', 'ops.html')) && (await status()).monitors.map((monitor) => monitor.id).join() === 'web', 'ops to leave dist/');
    expect(await readFile(path.join(dist, 'index.html'), 'utf8')).not.toContain('Ops console');
    expect((await fetch(`${lookout.url}/m/ops.html`)).status).toBe(404);
  });

  it('regenerates only when something changed', async () => {
    await writeFile(path.join(dir, 'monitors.yaml'), yaml({ opsPublic: false, paused: true }));
    await waitUntil(() => lookout.service.list().every((entry) => entry.spec.paused), 5000, 'monitors paused');
    await lookout.dashboard!.idle();
    // A check in flight when the pause arrived may still commit: let it, then watch.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await lookout.dashboard!.idle();
    const before = (await stat(path.join(dist, 'status.json'))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await stat(path.join(dist, 'status.json'))).mtimeMs).toBe(before);
    expect((await status()).monitors.map((monitor) => monitor.status)).toEqual(['paused']);
  });
});
