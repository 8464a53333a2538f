/** The dashboard inside a running Lookout: regenerated after commits and config changes, served at /. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLookout, StartError, type Lookout } from '../../src/main.js';
import { callApi } from '../helpers/lookout.js';
import { silentLogger, type Logger } from '../../src/util/log.js';
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

  it("shows a monitor created after another was deleted with its own history only", { timeout: 20_000 }, async () => {
    const page = (id: string) => readFile(path.join(dist, 'm', `${id}.html`), 'utf8');
    expect((await callApi(lookout, 'POST', '/api/monitors', { id: 'old-a', url: 'http://127.0.0.1:1/', interval: '1s', retries: 0 })).status).toBe(201);
    await until(async () => (await page('old-a')).includes('connection refused'), 'old-a down on its page');
    expect((await callApi(lookout, 'DELETE', '/api/monitors/old-a')).status).toBe(204);
    // Created at once, before any regeneration: the newest monitor, as the deleted one was.
    expect((await callApi(lookout, 'POST', '/api/monitors', { id: 'new-b', url: `${target.url}/`, interval: '1h' })).status).toBe(201);
    try {
      // Its one check counted (a regeneration may show it up before its result is stored and counted).
      await until(async () => JSON.stringify((await status()).monitors.find((monitor) => monitor.id === 'new-b')).includes('"uptime":[100,100,100,100]'), 'new-b up, at 100 %');
      await until(async () => (await page('new-b')).includes('s-up'), 'new-b on its page');
      const html = await page('new-b');
      expect(html).not.toContain('connection refused');
      expect(html).toContain('No incidents');
    } finally {
      expect((await callApi(lookout, 'DELETE', '/api/monitors/new-b')).status).toBe(204);
    }
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

describe('a dist/ folder that cannot be written', () => {
  let dir: string;
  let target: Target;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookout-unwritable-'));
    target = await startTarget();
    await writeFile(path.join(dir, 'monitors.yaml'), `defaults:\n  interval: 1s\n  timeout: 1s\nmonitors:\n  - id: web\n    url: ${target.url}/\n`);
  });

  afterAll(async () => {
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops serve at start-up with what to change, before it opens the database', async () => {
    // A folder inside a file: as a read-only tree (systemd's ProtectSystem) it cannot be made, also for root.
    await writeFile(path.join(dir, 'a-file'), '');
    const started = startLookout({ configFile: path.join(dir, 'monitors.yaml'), dataDir: path.join(dir, 'never'), port: 0, env: {}, log: silentLogger, dashboard: { dir: path.join(dir, 'a-file', 'dist') } });
    await expect(started).rejects.toThrow(StartError);
    await expect(started).rejects.toThrow(/^cannot write the dashboard \(.*a-file.*\): set --dist \(LOOKOUT_DIST_DIR\) to a writable folder, or --render-interval off$/);
    expect(existsSync(path.join(dir, 'never', 'lookout.db'))).toBe(false);
  });

  // Three checks at a 1 s interval and a recovery: more than the default 5 s on a loaded machine.
  it('says once that rendering fails while it keeps failing, and when it works again', { timeout: 30_000 }, async () => {
    const lines: string[] = [];
    const capture: Logger = { debug() {}, info: (line) => lines.push(`info ${line}`), warn: (line) => lines.push(`warn ${line}`), error: (line) => lines.push(`error ${line}`) };
    const dist = path.join(dir, 'dist');
    const lookout = await startLookout({ configFile: path.join(dir, 'monitors.yaml'), dataDir: path.join(dir, 'data'), port: 0, env: {}, log: capture, flushMs: 20, dashboard: { dir: dist, intervalMs: 100 } });
    try {
      await waitUntil(() => existsSync(path.join(dist, 'm', 'web.html')), 8000, 'the first rendering');
      // The pages' folder becomes a file: every regeneration (each check, every second) fails on it.
      await rm(path.join(dist, 'm'), { recursive: true, force: true });
      await writeFile(path.join(dist, 'm'), 'in the way');
      const failures = () => lines.filter((line) => line.startsWith('error dashboard: rendering failed'));
      await waitUntil(() => failures().length > 0, 8000, 'a failed rendering');
      const checksBefore = lookout.service.get('web')!.lastResult!.at;
      await waitUntil(() => lookout.service.get('web')!.lastResult!.at >= checksBefore + 3000, 8000, 'three more checks');
      expect(failures()).toHaveLength(1);
      await rm(path.join(dist, 'm'));
      await waitUntil(() => lines.some((line) => line.startsWith('info dashboard: rendering works again after')), 8000, 'the recovery');
      expect(existsSync(path.join(dist, 'm', 'web.html'))).toBe(true);
      expect(failures()).toHaveLength(1);
    } finally {
      await lookout.stop();
    }
  });
});
