import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextSlot, stableOffset } from '../../src/scheduler/timing.js';
import { startTestLookout } from '../helpers/lookout.js';
import { respond, startTarget, type Target } from '../helpers/targets.js';
import { waitFor } from '../helpers/wait.js';

const HOUR_MS = 3_600_000;

let target: Target;

beforeAll(async () => {
  target = await startTarget({ paths: { '/': respond(200, 'ok') } });
});

afterAll(async () => {
  await target?.close();
});

describe('the first check after a start', () => {
  it('comes at once for a monitor never checked, and at its slot for one checked before the restart', async () => {
    // An hourly monitor whose slot is more than two minutes away: at its slot, nothing would happen during this test.
    const id = Array.from({ length: 100 }, (_, index) => `hourly-${index}`).find((candidate) => nextSlot(Date.now(), HOUR_MS, stableOffset(candidate, HOUR_MS)) - Date.now() > 120_000)!;
    const yaml = `monitors:\n  - id: ${id}\n    url: ${target.urlFor('/')}\n    interval: 1h\n`;

    const first = await startTestLookout(yaml);
    const startedAt = Date.now();
    await target.waitForRequests(1, '/', 3000);
    expect(Date.now() - startedAt).toBeLessThan(3000);
    const stored = await first.api('GET', `/api/monitors/${id}`);
    expect(stored.body.status).toBe('up');
    await first.lookout.stop();

    // Restarted on the same data: checked an hour ago at most, so it waits for its slot
    // (the restart test in scheduler.test.ts covers a slot missed while stopped).
    const again = await startTestLookout(yaml, { dataDir: first.dataDir });
    try {
      const health = await again.api('GET', '/api/health');
      expect(health.body.scheduler.jobs).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(target.requestsTo('/')).toHaveLength(1);
    } finally {
      await again.stop();
      await first.stop();
    }
  });

  it('checks Lookout\'s own API only once it listens, so a self-check on a first start is up at once', async () => {
    // A free port, so that monitors.yaml can name the API before it starts.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const app = await startTestLookout(`monitors:\n  - id: self\n    url: http://127.0.0.1:${port}/api/health\n    interval: 1h\n    retries: 0\n`, { port });
    try {
      const checks = await waitFor(async () => {
        const response = await app.api('GET', '/api/monitors/self/checks');
        return response.body.checks.length > 0 ? response.body.checks : null;
      }, { timeoutMs: 3000, message: 'the first check' });
      expect(checks[0].ok).toBe(true);
      expect(checks[0].reason).toBeNull();
      expect((await app.api('GET', '/api/monitors/self')).body.status).toBe('up');
    } finally {
      await app.stop();
    }
  });

  it('checks monitors added to monitors.yaml while running at once, in turn: 200 over about 2 s, not all together', async () => {
    const app = await startTestLookout(`monitors:\n  - id: first\n    url: ${target.urlFor('/first')}\n    interval: 1h\n`);
    try {
      await target.waitForRequests(1, '/first', 3000);
      const added = Array.from({ length: 200 }, (_, index) => `  - id: added-${index}\n    url: ${target.urlFor(`/added/${index}`)}\n    interval: 1h\n`);
      app.writeConfig(`monitors:\n  - id: first\n    url: ${target.urlFor('/first')}\n    interval: 1h\n${added.join('')}`);
      const arrivals = await waitFor(() => {
        const times = Array.from({ length: 200 }, (_, index) => target.requestsTo(`/added/${index}`)[0]?.at);
        return times.every((at) => at !== undefined) ? (times as number[]) : null;
      }, { timeoutMs: 10_000, message: 'the first check of every added monitor' });
      // 100 a second: from the first to the last about 2 s (the ones whose slot came first went sooner).
      const spread = Math.max(...arrivals) - Math.min(...arrivals);
      expect(spread).toBeGreaterThan(1500);
      expect(spread).toBeLessThan(6000);
      // Ten a slot (plus those at their own slot); a loose bound, as a busy machine may bunch a few slots together.
      const perTenth = new Map<number, number>();
      for (const at of arrivals) perTenth.set(Math.floor(at / 100), (perTenth.get(Math.floor(at / 100)) ?? 0) + 1);
      expect(Math.max(...perTenth.values())).toBeLessThanOrEqual(50);
    } finally {
      await app.stop();
    }
  });
});
