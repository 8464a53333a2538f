import { describe, expect, it } from 'vitest';
import { createCardCache } from '../../src/dashboard/card-cache.js';
import { applyResult, applyTransition, emptyHistory, DAY, HOUR, type MonitorHistory } from '../../src/dashboard/history.js';
import { buildCard, type DashboardMonitor } from '../../src/dashboard/model.js';
import { resolveMonitor } from '../../src/config/resolve.js';
import type { TlsFacts } from '../../src/checks/types.js';
import { fakeResult } from '../helpers/results.js';

// 10:30 UTC, so an hour boundary and the certificate's expiry time of day (14:00) lie ahead.
const NOW = Date.UTC(2026, 10, 20, 10, 30);

/** A monitor as the service holds it: its state, last result and spec are replaced as it runs. */
type LiveMonitor = { -readonly [K in keyof DashboardMonitor]: DashboardMonitor[K] };

function monitorWithHistory(): { monitor: LiveMonitor; history: MonitorHistory } {
  const resolved = resolveMonitor({ id: 'shop', name: 'Shop', url: 'https://shop.example.com/health' });
  if (!resolved.ok) throw new Error('bad spec');
  const history = emptyHistory();
  // A day of checks every 5 minutes, one of them failed 23 h 45 min ago, so the 24h uptime
  // changes when that check leaves the window at the top of the hour.
  let last = fakeResult(NOW - DAY);
  for (let at = NOW - DAY + 5 * 60_000; at <= NOW - 60_000; at += 5 * 60_000) {
    last = fakeResult(at, at === NOW - DAY + 15 * 60_000 ? 'down' : 'up');
    applyResult(history, last);
  }
  const tls: TlsFacts = {
    subject: 'CN=shop.example.com', issuer: 'CN=Test CA', sans: ['shop.example.com'], validFrom: '2026-01-01T00:00:00Z',
    validTo: new Date(Date.UTC(2026, 11, 20, 14, 0)).toISOString(), daysRemaining: 30, authorized: true, error: null, fingerprint256: 'AA', serialNumber: '01',
  };
  const monitor: LiveMonitor = { key: 1, spec: resolved.spec, state: { status: 'up', statusSince: NOW - DAY, failStreak: 0 }, lastResult: last, tls };
  return { monitor, history };
}

describe('cards kept between regenerations', () => {
  it('hands back the same card while nothing it shows has changed, equal to a fresh one', () => {
    const { monitor, history } = monitorWithHistory();
    const cache = createCardCache();
    const first = cache.card(monitor, history, NOW, null);
    cache.swap();
    const later = cache.card(monitor, history, NOW + 20 * 60_000, null);
    expect(later).toBe(first);
    expect(later).toEqual(buildCard(monitor, history, NOW + 20 * 60_000));
  });

  it('shows a new check, a change of state and a maintenance window at once', () => {
    const { monitor, history } = monitorWithHistory();
    const cache = createCardCache();
    const first = cache.card(monitor, history, NOW, null);
    cache.swap();

    const result = fakeResult(NOW + 60_000, 'down');
    applyResult(history, result);
    applyTransition(history, { from: 'up', to: 'down', at: NOW + 60_000, reason: result.reason });
    monitor.lastResult = result;
    monitor.state = { status: 'down', statusSince: NOW + 60_000, failStreak: 1 };
    const down = cache.card(monitor, history, NOW + 61_000, null);
    cache.swap();
    expect(down).not.toBe(first);
    expect(down.live.status).toBe('down');
    expect(down.live.reason).toBe('status 503, expected 200-399');
    expect(down.live.uptime[0]).toBeLessThan(first.live.uptime[0]!);

    // A result that reached the history before the monitor's last result was replaced.
    applyResult(history, fakeResult(NOW + 90_000, 'down'));
    expect(cache.card(monitor, history, NOW + 91_000, null).live.uptime[0]).toBeLessThan(down.live.uptime[0]!);
    cache.swap();

    const held = cache.card(monitor, history, NOW + 92_000, { name: 'Deploy', until: NOW + HOUR });
    expect(held.live.status).toBe('maintenance');
    expect(held.live.reason).toMatch(/^Maintenance: Deploy/);
  });

  it('rolls the uptime windows over at the hour and the TLS days left at the expiry time of day, with no new check', () => {
    const { monitor, history } = monitorWithHistory();
    const cache = createCardCache();
    const first = cache.card(monitor, history, NOW, null);
    cache.swap();
    expect(first.live.uptime[0]).toBeLessThan(100);
    expect(first.live.tlsDays).toBe(30);

    // 11:00: the failed check of yesterday 10:45 has left the 24 hours.
    const nextHour = cache.card(monitor, history, Date.UTC(2026, 10, 20, 11, 0), null);
    cache.swap();
    expect(nextHour.live.uptime[0]).toBe(100);
    expect(nextHour).toEqual(buildCard(monitor, history, Date.UTC(2026, 10, 20, 11, 0)));

    // 14:00:00.001: a day less to the certificate's 14:00 expiry, inside an hour.
    const beforeExpiryTime = cache.card(monitor, history, Date.UTC(2026, 10, 20, 13, 59, 59), null);
    cache.swap();
    expect(beforeExpiryTime.live.tlsDays).toBe(30);
    const afterExpiryTime = cache.card(monitor, history, Date.UTC(2026, 10, 20, 14, 0, 0, 1), null);
    expect(afterExpiryTime.live.tlsDays).toBe(29);
  });

  it('forgets monitors a rendering no longer shows, and a monitor whose spec changed', () => {
    const { monitor, history } = monitorWithHistory();
    const cache = createCardCache();
    const first = cache.card(monitor, history, NOW, null);
    cache.swap();
    cache.swap(); // a rendering without the monitor
    expect(cache.card(monitor, history, NOW + 1000, null)).not.toBe(first);
    cache.swap();

    const renamed = resolveMonitor({ id: 'shop', name: 'Shop front', url: 'https://shop.example.com/health' });
    if (!renamed.ok) throw new Error('bad spec');
    monitor.spec = renamed.spec;
    expect(cache.card(monitor, history, NOW + 2000, null).name).toBe('Shop front');
  });
});

describe('a site kept current by regenerations', () => {
  it('writes the same index and status.json as a fresh full rendering, through checks, outages, maintenance, hours, days and certificate ticks', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { createSiteRenderer } = await import('../../src/dashboard/render.js');
    const { createTemplates } = await import('../../src/dashboard/templates.js');
    const dir = await mkdtemp(path.join(tmpdir(), 'lookout-cards-'));
    const templates = createTemplates();
    const options = { templates, title: 'Status', version: 'test', intervalMs: 5000, assets: [] };
    const kept = createSiteRenderer({ ...options, outDir: path.join(dir, 'kept') });

    // Twelve monitors, two tags, a certificate on every third, a day of history each.
    const monitors: LiveMonitor[] = [];
    const histories = new Map<number, MonitorHistory>();
    for (let index = 0; index < 12; index++) {
      const { monitor, history } = monitorWithHistory();
      const resolved = resolveMonitor({ id: `svc-${index}`, name: `Service ${index}`, url: `https://svc-${index}.example.com/`, tags: [index % 2 ? 'api' : 'web'] });
      if (!resolved.ok) throw new Error('bad spec');
      monitors.push({ ...monitor, key: index, spec: resolved.spec, tls: index % 3 === 0 ? monitor.tls : null });
      histories.set(index, history);
    }
    const inMaintenance = new Set<number>();
    const maintenance = (monitor: DashboardMonitor, now: number) => (inMaintenance.has(monitor.key) ? { name: 'Upgrade', until: now + HOUR } : null);
    const request = (now: number, changed: ReadonlySet<string> | 'all') => ({ monitors, history: (monitor: DashboardMonitor) => histories.get(monitor.key)!, changed, now, maintenance });

    let now = NOW;
    await kept(request(now, 'all'));
    // Steps of 5 s to 7 h: across the next hours, midnight and the certificate's 14:00 tick.
    const steps = [5_000, 65_000, 29 * 60_000, 31 * 60_000, 5_000, 3 * HOUR + 17 * 60_000, 5_000, 7 * HOUR, 2 * HOUR + 1, 5_000, 20 * HOUR, 5_000];
    for (const [step, advance] of steps.entries()) {
      now += advance;
      const changed = new Set<string>();
      for (const monitor of monitors.filter((_, index) => (index + step) % 4 === 0)) {
        const down = (monitor.key + step) % 5 === 0;
        const result = fakeResult(now - 1000, down ? 'down' : 'up', 100 + step);
        applyResult(histories.get(monitor.key)!, result);
        if (down !== (monitor.state.status === 'down')) {
          applyTransition(histories.get(monitor.key)!, { from: monitor.state.status, to: down ? 'down' : 'up', at: result.at, reason: result.reason });
          monitor.state = { status: down ? 'down' : 'up', statusSince: result.at, failStreak: down ? 1 : 0 };
        }
        monitor.lastResult = result;
        changed.add(monitor.spec.id);
      }
      // A window opens and closes without a check of its monitor.
      if (step === 4) inMaintenance.add(5);
      if (step === 7) inMaintenance.delete(5);
      await kept(request(now, changed));

      const fresh = path.join(dir, `fresh-${step}`);
      await createSiteRenderer({ ...options, outDir: fresh })(request(now, 'all'));
      for (const file of ['index.html', 'status.json']) {
        expect(await readFile(path.join(dir, 'kept', file), 'utf8'), `${file} after step ${step}`).toBe(await readFile(path.join(fresh, file), 'utf8'));
      }
    }
    await rm(dir, { recursive: true, force: true });
  });
});
