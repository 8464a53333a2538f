import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allWindowStats } from '../../src/monitors/stats.js';
import { pruneOnce } from '../../src/storage/retention.js';
import { openStore } from '../../src/storage/store.js';
import { createWriter } from '../../src/storage/writer.js';
import { fakeResult } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const HOUR = 3_600_000;
const DAY = 86_400_000;

function setup(name: string) {
  const store = openStore(path.join(dir, `${name}.db`));
  const writer = createWriter({ ...store, flushMs: 10_000 });
  return { store, writer };
}

describe('storage', () => {
  it('sizes the page cache to the fleet: small for a few monitors, SQLite\'s 2 MB from about 900', () => {
    const { store } = setup('cache');
    const cacheKb = (db = store.db): number => -(db.pragma('cache_size', { simple: true }) as number);
    expect(cacheKb()).toBe(256);
    for (let index = 0; index < 50; index++) store.monitors.insert(`m${index}`, 'api', { url: 'http://x/' }, 0);
    store.fitCache(50);
    expect(cacheKb()).toBe(356);
    store.fitCache(10_000);
    expect(cacheKb()).toBe(2000);
    store.close();
    // A reopened store starts from the fleet it had, before the service counts this run's.
    const again = openStore(store.file);
    expect(cacheKb(again.db)).toBe(356);
    again.close();
  });

  it('keeps every committed result and state change across a reopen', () => {
    const { store, writer } = setup('reopen');
    const monitor = store.monitors.insert('shop', 'api', { url: 'http://x/' }, 0);
    const now = Date.UTC(2026, 5, 1);
    writer.enqueue({ key: monitor.key, monitorId: 'shop', result: fakeResult(now), state: { status: 'up', statusSince: now, failStreak: 0 }, transition: { from: 'pending', to: 'up', at: now, reason: null } });
    writer.enqueue({ key: monitor.key, monitorId: 'shop', result: fakeResult(now + 60_000, 'down'), state: { status: 'down', statusSince: now + 60_000, failStreak: 1 }, transition: { from: 'up', to: 'down', at: now + 60_000, reason: 'status 503, expected 200-399' } });
    writer.flush();
    store.close();

    const again = openStore(store.file);
    const checks = again.results.list(monitor.key, { limit: 10 });
    expect(checks.map((check) => check.status)).toEqual(['down', 'up']);
    expect(checks[0]).toMatchObject({ httpStatus: 503, reason: 'status 503, expected 200-399', phases: { dns: 2, connect: 10, tls: 30, firstByte: 70 } });
    expect(again.stateChanges.list({ limit: 10 }).map((change) => `${change.from}->${change.to}`)).toEqual(['up->down', 'pending->up']);
    expect(again.monitors.get('shop')).toMatchObject({ status: 'down', failStreak: 1 });
    again.close();
  });

  it('answers 24h to 90d statistics from rollups, with incidents', () => {
    const { store, writer } = setup('stats');
    const monitor = store.monitors.insert('api', 'api', {}, 0);
    const now = Date.UTC(2026, 5, 1, 12, 30);
    // 90 days at one check per 10 minutes: 95% up at 100 ms, 5% down.
    for (let at = now - 90 * DAY + 1; at <= now; at += 600_000) {
      const down = Math.floor(at / 600_000) % 20 === 0;
      writer.enqueue({ key: monitor.key, monitorId: 'api', result: fakeResult(at, down ? 'down' : 'up', 100), state: { status: 'up', statusSince: 0, failStreak: 0 }, transition: null });
    }
    store.stateChanges.insert({ key: monitor.key, at: now - 2 * HOUR, from: 'up', to: 'down', reason: 'x' });
    store.stateChanges.insert({ key: monitor.key, at: now - 10 * DAY, from: 'up', to: 'down', reason: 'x' });
    writer.flush();
    const stats = allWindowStats(store, monitor.key, now);
    expect(stats['24h'].checks).toBe(144);
    expect(stats['90d'].checks).toBe(90 * 144);
    expect(stats['7d'].checks).toBe(7 * 144);
    expect(stats['90d'].uptime).toBeCloseTo(95, 0);
    expect(stats['24h'].avgMs).toBe(100);
    expect(stats['30d'].p95Ms).toBeGreaterThan(88);
    expect(stats['30d'].p95Ms).toBeLessThan(113);
    expect(stats['24h'].incidents).toBe(1);
    expect(stats['30d'].incidents).toBe(2);
    store.close();
  });

  it('sums the DNS, connect, TLS and first-byte times of measured answers in the hourly rollups', () => {
    const { store, writer } = setup('phases');
    const monitor = store.monitors.insert('timed', 'api', {}, 0);
    const hour = Date.UTC(2026, 5, 1, 10);
    const state = { status: 'up', statusSince: 0, failStreak: 0 } as const;
    const enqueue = (result: ReturnType<typeof fakeResult>) => writer.enqueue({ key: monitor.key, monitorId: 'timed', result, state, transition: null });
    enqueue(fakeResult(hour + 60_000));
    // Not counted: a failed check, and an answer that never reached a first byte.
    enqueue(fakeResult(hour + 120_000, 'down'));
    enqueue({ ...fakeResult(hour + 180_000, 'degraded'), phases: { dns: 3, connect: 11, tls: null, firstByte: null } });
    writer.flush();
    // A later batch in the same hour adds to the stored row; the next hour starts its own.
    enqueue({ ...fakeResult(hour + 240_000), phases: { dns: null, connect: 4.4, tls: null, firstByte: 20.6 } });
    enqueue(fakeResult(hour + 3_600_000));
    writer.flush();

    const hours = store.rollups.range('hour', monitor.key, hour, hour + 2 * HOUR);
    expect(hours.map((row) => [row.checks, row.phases])).toEqual([
      [4, { phased: 2, dns: 2, connect: 14, tls: 30, firstByte: 91 }],
      [1, { phased: 1, dns: 2, connect: 10, tls: 30, firstByte: 70 }],
    ]);
    expect(store.rollups.sums('hour', monitor.key, hour, hour + 2 * HOUR).map((row) => row.phases)).toEqual(hours.map((row) => row.phases));
    expect(store.rollups.range('day', monitor.key, hour, hour + DAY)[0]!.phases.phased).toBe(0);
    // The same sums per ten minutes, for the dashboard's 24-hour chart: 10:00-10:10 and 11:00-11:10.
    const tens = store.rollups.sums('ten', monitor.key, hour, hour + 2 * HOUR);
    expect(tens.map((row) => [row.start - hour, row.checks, row.up, row.degraded, row.phases])).toEqual([
      [0, 4, 2, 1, { phased: 2, dns: 2, connect: 14, tls: 30, firstByte: 91 }],
      [HOUR, 1, 1, 0, { phased: 1, dns: 2, connect: 10, tls: 30, firstByte: 70 }],
    ]);
    expect(tens[0]!.totalMs + tens[1]!.totalMs).toBe(hours[0]!.totalMs + hours[1]!.totalMs);
    store.close();
  });

  it('fills the ten-minute sums from the raw results when an older database is upgraded', () => {
    const file = path.join(dir, 'upgrade.db');
    const store = openStore(file);
    const monitor = store.monitors.insert('kept', 'api', {}, 0);
    const now = Date.UTC(2026, 5, 3, 12);
    for (let minutes = 0; minutes < 3 * 24 * 60; minutes += 5) store.results.insert(monitor.key, fakeResult(now - minutes * 60_000));
    // As a version 3 file had it: no ten-minute table.
    store.db.exec('DROP TABLE rollups_tens; PRAGMA user_version = 3;');
    store.close();

    const upgraded = openStore(file);
    const tens = upgraded.rollups.sums('ten', monitor.key, now - 3 * DAY, now + 1);
    // Two days back from the newest result (at \`now\`, alone in its ten minutes), two checks per ten minutes.
    expect(tens.length).toBe(2 * 24 * 6 + 1);
    expect(tens[0]!.start).toBe(now - 2 * DAY);
    expect(tens.slice(0, -1).every((row) => row.checks === 2 && row.up === 2 && row.phases.phased === 2)).toBe(true);
    expect(tens.at(-1)).toMatchObject({ start: now, checks: 1, totalMs: 120, phases: { dns: 2, connect: 10, tls: 30, firstByte: 70 } });
    upgraded.close();
  });

  it('prunes raw results past the retention period but keeps the rollups', async () => {
    const { store, writer } = setup('prune');
    const monitor = store.monitors.insert('old', 'api', {}, 0);
    const now = Date.UTC(2026, 5, 1);
    for (let day = 0; day < 10; day++) {
      writer.enqueue({ key: monitor.key, monitorId: 'old', result: fakeResult(now - day * DAY), state: { status: 'up', statusSince: 0, failStreak: 0 }, transition: null });
    }
    writer.flush();
    const deleted = await pruneOnce({ store, rawDays: 7, rollupDays: 400, now: () => now });
    expect(deleted).toBe(2);
    expect(store.results.list(monitor.key, { limit: 100 }).length).toBe(8);
    expect(allWindowStats(store, monitor.key, now + 1)['30d'].checks).toBe(10);
    // Ten-minute sums are kept two days: of the results a day apart, those of the last two days.
    expect(store.rollups.sums('ten', monitor.key, 0, now + 1).map((row) => (now - row.start) / DAY)).toEqual([2, 1, 0]);
    store.close();
  });

  it('deletes the history of a deleted API monitor (cascade)', () => {
    const { store, writer } = setup('cascade');
    const monitor = store.monitors.insert('gone', 'api', {}, 0);
    writer.enqueue({ key: monitor.key, monitorId: 'gone', result: fakeResult(1000), state: { status: 'up', statusSince: 0, failStreak: 0 }, transition: { from: 'pending', to: 'up', at: 1000, reason: null } });
    writer.flush();
    expect(store.monitors.remove('gone')).toBe(true);
    const counts = ['results', 'rollups_hourly', 'rollups_daily', 'rollups_tens', 'state_changes'].map((table) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    expect(counts).toEqual([0, 0, 0, 0, 0]);
    store.close();
  });

  it('stores a check in at most 50 bytes on disk, indexes included', () => {
    const { store, writer } = setup('size');
    const keys = Array.from({ length: 100 }, (_, index) => store.monitors.insert(`m-${index}`, 'api', {}, 0).key);
    const start = Date.UTC(2026, 5, 1);
    let rows = 0;
    // Interleaved like a real day: every monitor once a minute, for 6 hours.
    for (let minute = 0; minute < 360; minute++) {
      for (const key of keys) {
        const at = start + minute * 60_000 + key * 137;
        const status = (key + minute) % 97 === 0 ? 'down' : 'up';
        writer.enqueue({ key, monitorId: String(key), result: fakeResult(at, status, 50 + ((key * 7 + minute * 13) % 400)), state: { status: 'up', statusSince: 0, failStreak: 0 }, transition: null });
        rows++;
      }
      writer.flush();
    }
    const pages = (name: string) => (store.db.prepare("SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = ?").get(name) as { bytes: number }).bytes;
    const bytesPerCheck = pages('results') / rows;
    console.log(`storage: ${bytesPerCheck.toFixed(1)} bytes per stored check`);
    expect(bytesPerCheck).toBeLessThanOrEqual(50);
    store.close();
  });
});
