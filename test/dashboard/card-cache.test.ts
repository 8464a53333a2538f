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
