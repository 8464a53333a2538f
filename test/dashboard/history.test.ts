import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate, INITIAL_STATE } from '../../src/alerts/state.js';
import type { CheckResult, CheckStatus } from '../../src/checks/types.js';
import { chart24h, chart7d, dayBar, hourBar, windowFigures } from '../../src/dashboard/figures.js';
import { applyResult, applyTransition, emptyHistory, loadHistory, RecentChecks, DAY, HOUR, type MonitorHistory, type RecentCheck } from '../../src/dashboard/history.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { specFor } from '../helpers/targets.js';

const NOW = Date.UTC(2024, 2, 10, 12, 34, 56);

function result(at: number, status: CheckStatus, totalMs = 100): CheckResult {
  const answered = status !== 'down';
  return {
    at,
    status,
    httpStatus: answered ? 200 : null,
    totalMs,
    phases: { dns: 2, connect: 8, tls: answered ? 20 : null, firstByte: answered ? 50 : null },
    reason: answered ? null : 'connection refused',
    tls: null,
  };
}

/** Results every `stepMs` from `from` to `to`, down inside the given spans. */
function results(from: number, to: number, stepMs: number, downs: readonly [number, number][] = []): CheckResult[] {
  const list: CheckResult[] = [];
  for (let at = from; at < to; at += stepMs) list.push(result(at, downs.some(([start, end]) => at >= start && at < end) ? 'down' : 'up', 100 + (at % 7)));
  return list;
}

describe('dashboard history', () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookout-history-'));
    store = openStore(path.join(dir, 'lookout.db'));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes results the way the storage writer does (results, transitions, rollups in one transaction) and replays them live. */
  function record(key: number, list: readonly CheckResult[], live: MonitorHistory): void {
    let state = INITIAL_STATE;
    store.db.transaction(() => {
      for (const each of list) {
        store.results.insert(key, each);
        const evaluation = evaluate(state, each, { retries: 0 });
        state = evaluation.state;
        if (evaluation.transition) store.stateChanges.insert({ key, ...evaluation.transition });
        applyResult(live, each);
        if (evaluation.transition) applyTransition(live, evaluation.transition);
      }
      store.rollups.apply(list.map((each) => ({ key, result: each })));
    })();
  }

  it('loads from SQLite exactly what it builds from live results', () => {
    const key = store.monitors.insert('shop', 'file', specFor({ id: 'shop', url: 'http://127.0.0.1/' }), NOW - 10 * DAY).key;
    const live = emptyHistory();
    const outage: [number, number] = [NOW - 3 * DAY, NOW - 3 * DAY + 25 * 60_000];
    record(key, results(NOW - 9 * DAY, NOW, 5 * 60_000, [outage, [NOW - 40 * 60_000, NOW - 20 * 60_000]]), live);

    const loaded = loadHistory(store, key, 'shop', NOW);

    expect(windowFigures(loaded, NOW)).toEqual(windowFigures(live, NOW));
    expect(dayBar(loaded, NOW)).toEqual(dayBar(live, NOW));
    expect(hourBar(loaded, NOW)).toEqual(hourBar(live, NOW));
    expect(chart24h(loaded, NOW)).toEqual(chart24h(live, NOW));
    expect(chart7d(loaded, NOW)).toEqual(chart7d(live, NOW));
    expect(loaded.incidents).toEqual(live.incidents);
    expect(loaded.incidents).toHaveLength(2);
    expect(loaded.recent.list()).toEqual(live.recent.list());
    expect(loaded.recent.list()).toHaveLength(12);

    // The newest buckets stay open after loading: a result in them adds to the stored sums.
    // The last results were at NOW - 10 and - 5 min; this one lands in their ten-minute bucket and hour.
    const at = NOW - 5 * 60_000 + 2000;
    const before = chart24h(live, NOW);
    const next = { ...result(at, 'up', 250), phases: { dns: 7, connect: 3, tls: 40, firstByte: 90 } };
    applyResult(loaded, next);
    applyResult(live, next);
    expect(chart24h(loaded, NOW)).toEqual(chart24h(live, NOW));
    expect(chart7d(loaded, NOW)).toEqual(chart7d(live, NOW));
    const previous = before.dns.length - 2;
    expect(before.dns[previous]).toBe(2);
    // Two stored checks at 2 ms and this one at 7: (2 + 2 + 7) / 3.
    expect(chart24h(live, NOW).dns[previous]).toBe(3.7);
  });

  it('never shows 100% uptime once a check failed, and counts incidents in their window', () => {
    const history = emptyHistory();
    const list = results(NOW - 2 * DAY, NOW, 10_000, [[NOW - 30 * HOUR, NOW - 30 * HOUR + 10_000]]);
    for (const each of list) applyResult(history, each);
    applyTransition(history, { from: 'up', to: 'down', at: NOW - 30 * HOUR, reason: 'timeout after 10s' });
    applyTransition(history, { from: 'down', to: 'up', at: NOW - 30 * HOUR + 10_000, reason: null });

    const windows = windowFigures(history, NOW);
    expect(windows['24h'].uptime).toBe(100);
    expect(windows['24h'].incidents).toBe(0);
    expect(windows['7d'].uptime).toBe(99.99);
    expect(windows['7d'].incidents).toBe(1);
    expect(windows['7d'].checks).toBe(list.length);
    expect(windows['7d'].avgMs).toBeCloseTo(103, 0);
  });

  it('draws 90 daily segments: empty days, the day with the outage, the good days', () => {
    const history = emptyHistory();
    for (const each of results(NOW - 3 * DAY, NOW, 60_000, [[NOW - 2 * DAY, NOW - 2 * DAY + 60 * 60_000]])) applyResult(history, each);
    applyTransition(history, { from: 'up', to: 'down', at: NOW - 2 * DAY, reason: 'connection refused' });

    const bar = dayBar(history, NOW);
    expect(bar.runs.reduce((sum, run) => sum + run[0], 0)).toBe(90);
    expect(bar.start).toBe(Math.floor(NOW / DAY) * DAY - 89 * DAY);
    const [empty, first, outage, rest] = bar.runs;
    expect(empty).toEqual([86, null, 0]);
    expect(first![1]).toBe(100);
    expect(outage).toEqual([1, 95.83, 1]);
    expect(rest).toEqual([2, 100, 0]);
  });

  it('splits the response time into DNS, connect, TLS and first byte, and counts failed checks apart', () => {
    const history = emptyHistory();
    applyResult(history, result(NOW - 60_000, 'up', 100));
    applyResult(history, result(NOW - 30_000, 'down', 10_000));
    const series = chart24h(history, NOW);
    const last = series.dns.length - 1;
    expect([series.dns[last], series.connect[last], series.tls[last], series.firstByte[last], series.rest[last]]).toEqual([2, 8, 20, 50, 20]);
    expect(series.failed[last]).toBe(1);
    expect(series.dns[last - 1]).toBeNaN();
  });

  it('keeps the averages of each bucket as shown once later buckets begin: fractions, tenths and long answers', () => {
    const history = emptyHistory();
    const tenMinutes = 600_000;
    const start = Math.floor(NOW / tenMinutes - 3) * tenMinutes;
    // Three ten-minute buckets of two checks each, with phases that round (as the store does) before they are averaged.
    const buckets = [
      [{ dns: 0.4, connect: 0.6, tls: 1.2, firstByte: 3.3, total: 7 }, { dns: 0.2, connect: 0.3, tls: 1.4, firstByte: 2.6, total: 8 }],
      [{ dns: 12.5, connect: 30, tls: 80.4, firstByte: 200, total: 400 }, { dns: 14, connect: 33, tls: 90, firstByte: 251, total: 1000 }],
      [{ dns: 5, connect: 900, tls: 2000, firstByte: 58_000, total: 61_000 }, { dns: 5, connect: 1000, tls: 2000, firstByte: 62_000, total: 65_500 }],
    ];
    buckets.forEach((checks, bucket) =>
      checks.forEach((check, index) =>
        applyResult(history, { ...result(start + bucket * tenMinutes + index * 60_000, 'up', check.total), phases: { dns: check.dns, connect: check.connect, tls: check.tls, firstByte: check.firstByte } }),
      ),
    );
    const series = chart24h(history, NOW);
    const shown = (value: number): number => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);
    const average = (checks: (typeof buckets)[number], field: 'dns' | 'connect' | 'tls' | 'firstByte' | 'total'): number => checks.reduce((sum, check) => sum + Math.round(check[field]), 0) / checks.length;
    buckets.forEach((checks, bucket) => {
      const at = series.dns.length - 4 + bucket;
      const measured = average(checks, 'dns') + average(checks, 'connect') + average(checks, 'tls') + average(checks, 'firstByte');
      const expected = [shown(average(checks, 'dns')), shown(average(checks, 'connect')), shown(average(checks, 'tls')), shown(average(checks, 'firstByte')), shown(average(checks, 'total') - measured)];
      // Above 50 s the chart keeps tens of ms.
      const kept = bucket === 2 ? expected.map((value) => (value >= 50_000 ? Math.round(value / 10) * 10 : value)) : expected;
      expect([series.dns[at], series.connect[at], series.tls[at], series.firstByte[at], series.rest[at]], `bucket ${bucket}`).toEqual(kept);
    });
  });
});

describe('the latest checks of a monitor page', () => {
  it('keeps the twelve newest, newest first, with their nulls, statuses and reasons as given', () => {
    const recent = new RecentChecks();
    const added: RecentCheck[] = [];
    for (let index = 0; index < 15; index++) {
      const status = (['up', 'degraded', 'down'] as const)[index % 3]!;
      const check: RecentCheck = {
        at: Date.UTC(2026, 11, 5, 10, index),
        status,
        httpStatus: status === 'down' ? null : 200 + index,
        totalMs: 100.5 + index,
        phases: status === 'down' ? { dns: 1.2, connect: null, tls: null, firstByte: null } : { dns: 0.3, connect: 4, tls: 12.7, firstByte: 40 + index },
        reason: status === 'up' ? null : `reason ${index}`,
      };
      recent.add(check);
      added.unshift(check);
      expect(recent.length).toBe(Math.min(index + 1, 12));
      expect(recent.list()).toEqual(added.slice(0, 12));
    }
  });
});
