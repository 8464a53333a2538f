import { describe, expect, it } from 'vitest';
import { createScheduler, type RunOutcome } from '../../src/scheduler/scheduler.js';
import { firstRun, NEW_PER_SECOND, nextSlot, SLOT_MS, stableOffset } from '../../src/scheduler/timing.js';
import { manualClock } from '../helpers/clock.js';

const NONE: RunOutcome = { retryAfter: null };

describe('the scheduler', () => {
  it('spreads a thousand 60s monitors over the minute instead of firing them together', async () => {
    const clock = manualClock();
    const startedAt: number[] = [];
    const scheduler = createScheduler({ clock, run: async () => (startedAt.push(clock.now()), NONE) });
    for (let index = 0; index < 1000; index++) scheduler.schedule(`monitor-${index}`, { interval: 60 });
    await clock.advance(60_000);
    expect(startedAt.length).toBe(1000);
    const perSecond = new Map<number, number>();
    for (const at of startedAt) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThan(40); // 1000/60 = 17 on average
    expect(perSecond.size).toBeGreaterThan(55);
    await scheduler.stop();
  });

  it('runs each monitor once per interval at the same offset every time', async () => {
    const clock = manualClock();
    const runs: number[] = [];
    const scheduler = createScheduler({ clock, run: async () => (runs.push(clock.now()), NONE) });
    scheduler.schedule('shop', { interval: 10 });
    await clock.advance(60_000);
    expect(runs.length).toBe(6);
    const offsets = new Set(runs.map((at) => at % 10_000));
    expect(offsets.size).toBe(1);
    expect([...offsets][0]).toBe(stableOffset('shop', 10_000));
    await scheduler.stop();
  });

  it('never runs two checks of one monitor at once and counts the skipped slots', async () => {
    const clock = manualClock();
    let concurrent = 0;
    let maxConcurrent = 0;
    let release: (() => void) | null = null;
    const scheduler = createScheduler({
      clock,
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise<void>((resolve) => (release = resolve));
        concurrent--;
        return NONE;
      },
    });
    scheduler.schedule('slow', { interval: 1 });
    await clock.advance(5_000);
    expect(maxConcurrent).toBe(1);
    expect(scheduler.stats().started).toBe(1);
    release!();
    await clock.advance(0);
    expect(scheduler.stats().skipped).toBeGreaterThanOrEqual(3);
    await clock.advance(1_000);
    expect(scheduler.stats().started).toBe(2);
    release!();
    await scheduler.stop();
  });

  it('re-checks after the retry interval when a run asks for a retry', async () => {
    const clock = manualClock();
    const runs: number[] = [];
    const scheduler = createScheduler({ clock, run: async () => (runs.push(clock.now()), { retryAfter: runs.length === 1 ? 2 : null }) });
    scheduler.schedule('flaky', { interval: 60 });
    await clock.advance(120_000);
    expect(runs[1]! - runs[0]!).toBe(2_000);
    expect(runs[2]! - runs[0]!).toBe(60_000);
    await scheduler.stop();
  });

  it('puts every monitor back on its slot within one interval after a restart', async () => {
    const clock = manualClock();
    const seen = new Set<string>();
    const scheduler = createScheduler({ clock, run: async (id) => (seen.add(id), NONE) });
    for (let index = 0; index < 500; index++) scheduler.schedule(`m-${index}`, { interval: 60 });
    await clock.advance(59_999);
    expect(seen.size).toBe(500);
    await scheduler.stop();
  });

  it('checks monitors never checked before soon after the start, 100 a second, never after their slot, then at their slots', async () => {
    const clock = manualClock();
    const start = clock.now();
    const runs = new Map<string, number[]>();
    const scheduler = createScheduler({ clock, run: async (id) => (runs.set(id, [...(runs.get(id) ?? []), clock.now()]), NONE) });
    const ids = Array.from({ length: 1000 }, (_, index) => `new-${index}`);
    for (const id of ids) scheduler.schedule(id, { interval: 60 }, false, 'soon');
    await clock.advance(120_000);
    const first = ids.map((id) => runs.get(id)![0]! - start);
    // In the order scheduled: the k-th by k / 100 s on the 100 ms grid, or its slot if sooner.
    ids.forEach((id, index) => expect(first[index]).toBe(Math.min(Math.ceil(((index + 1) * 1000) / NEW_PER_SECOND / SLOT_MS) * SLOT_MS, nextSlot(start, 60_000, stableOffset(id, 60_000)) - start)));
    expect(Math.max(...first)).toBeLessThanOrEqual(10_000);
    // Those ahead of their slot: at most ten in any 100 ms.
    const perSlot = new Map<number, number>();
    ids.forEach((id, index) => {
      if (first[index] !== nextSlot(start, 60_000, stableOffset(id, 60_000)) - start) perSlot.set(first[index]!, (perSlot.get(first[index]!) ?? 0) + 1);
    });
    expect(Math.max(...perSlot.values())).toBe(10);
    // After the first check, every run is at the monitor's own slot.
    for (const id of ids) for (const at of runs.get(id)!.slice(1)) expect(at % 60_000).toBe(stableOffset(id, 60_000));
    // Later, a lone new monitor (the quick start's) goes out within a slot: the queue is long gone.
    const later = clock.now();
    scheduler.schedule('alone', { interval: 3600 }, false, 'soon');
    await clock.advance(1000);
    expect(runs.get('alone')![0]! - later).toBeLessThanOrEqual(SLOT_MS);
    await scheduler.stop();
  });

  it('holds every run until released, then starts those that came due, their wait counted as lag', async () => {
    const clock = manualClock();
    const runs: number[] = [];
    const scheduler = createScheduler({ clock, run: async () => (runs.push(clock.now()), NONE) });
    scheduler.hold();
    scheduler.schedule('new', { interval: 60 }, false, 'soon');
    scheduler.schedule('added', { interval: 60 }, true);
    await clock.advance(500);
    expect(runs).toEqual([]);
    scheduler.release();
    await clock.advance(0);
    expect(runs).toHaveLength(2);
    expect(scheduler.stats().lag.max).toBeGreaterThanOrEqual(400);
    await scheduler.stop();
  });

  it('makes up at once the slots that passed while Lookout was restarting, and keeps every other monitor on its slot', async () => {
    // 500 monitors at 60 s ran at their slots until a stop at `down`; Lookout is back 5 s later.
    const clock = manualClock();
    const down = clock.now() + 30_000;
    const back = down + 5_000;
    const ids = Array.from({ length: 500 }, (_, index) => `m-${index}`);
    const lastRun = new Map(ids.map((id) => [id, nextSlot(down - 60_000, 60_000, stableOffset(id, 60_000))]));
    const missed = ids.filter((id) => nextSlot(lastRun.get(id)!, 60_000, stableOffset(id, 60_000)) <= back);
    expect(missed.length).toBeGreaterThan(20); // about 5/60 of them
    clock.set(back);
    const firstAt = new Map<string, number>();
    const scheduler = createScheduler({ clock, run: async (id) => (firstAt.has(id) || firstAt.set(id, clock.now()), NONE) });
    for (const id of ids) scheduler.schedule(id, { interval: 60 }, false, lastRun.get(id)!);
    await clock.advance(60_000);
    // The missed ones within as long as the restart took (on the 100 ms grid), not a minute later.
    for (const id of missed) expect(firstAt.get(id)! - back).toBeLessThanOrEqual(5_000 + SLOT_MS);
    // Everyone else at the slot it would have had anyway: checked again one interval after its last run.
    for (const id of ids.filter((each) => !missed.includes(each))) expect(firstAt.get(id)).toBe(lastRun.get(id)! + 60_000);
    // So no monitor goes more than an interval and twice the restart without a check (at its
    // next slot, a missed one would have gone two intervals), and every monitor has been checked
    // again within one interval of the stop.
    for (const id of ids) expect(firstAt.get(id)! - lastRun.get(id)!).toBeLessThanOrEqual(60_000 + 2 * 5_000 + SLOT_MS);
    expect(Math.max(...firstAt.values()) - down).toBeLessThanOrEqual(60_000);
    await scheduler.stop();
  });

  it('after a long stop, checks every monitor within half an interval, spread out, and one without a last run at its slot', () => {
    const interval = 60_000;
    const now = Date.UTC(2026, 0, 1, 12);
    const starts = Array.from({ length: 1000 }, (_, index) => firstRun(now, interval, stableOffset(`m-${index}`, interval), now - 3_600_000));
    expect(Math.max(...starts) - now).toBeLessThanOrEqual(interval / 2);
    expect(new Set(starts.map((at) => Math.floor(at / 1000))).size).toBeGreaterThan(25);
    expect(firstRun(now, interval, 7_000, null)).toBe(nextSlot(now, interval, 7_000));
    // A monitor that ran at its last slot is not checked again before its next one.
    expect(firstRun(now, interval, 7_000, nextSlot(now - interval, interval, 7_000))).toBe(nextSlot(now, interval, 7_000));
  });

  it('measures its lag when checks have to wait for a free slot', async () => {
    const clock = manualClock();
    const releases: (() => void)[] = [];
    const scheduler = createScheduler({ clock, maxConcurrent: 1, run: () => new Promise<RunOutcome>((resolve) => releases.push(() => resolve(NONE))) });
    scheduler.schedule('a', { interval: 60 }, true);
    scheduler.schedule('b', { interval: 60 }, true);
    await clock.advance(0);
    expect(scheduler.stats().waiting).toBe(1);
    await clock.advance(1500);
    releases.shift()!();
    await clock.advance(0);
    expect(scheduler.stats().lag.max).toBe(1500);
    releases.shift()!();
    await scheduler.stop();
  });

  it('joins a check in flight when asked to run now', async () => {
    const clock = manualClock();
    let runs = 0;
    let release: (() => void) | null = null;
    const scheduler = createScheduler({ clock, run: () => (runs++, new Promise<RunOutcome>((resolve) => (release = () => resolve(NONE)))) });
    scheduler.schedule('a', { interval: 60 }, true);
    await clock.advance(0);
    const joined = scheduler.runNow('a');
    expect(joined).not.toBeNull();
    release!();
    await joined;
    expect(runs).toBe(1);
    expect(scheduler.runNow('unknown')).toBeNull();
    await scheduler.stop();
  });

  it('starts monitors that share a 100 ms slot together, and uses most slots of the interval', async () => {
    const clock = manualClock();
    const startedAt: number[] = [];
    const scheduler = createScheduler({ clock, run: async () => (startedAt.push(clock.now()), NONE) });
    for (let index = 0; index < 10_000; index++) scheduler.schedule(`monitor-${index}`, { interval: 60 });
    await clock.advance(60_000);
    expect(startedAt.length).toBe(10_000);
    expect(startedAt.every((at) => at % SLOT_MS === 0)).toBe(true);
    // 600 slots in a minute: a good hash fills nearly all of them, about 17 monitors each.
    const perSlot = new Map<number, number>();
    for (const at of startedAt) perSlot.set(at, (perSlot.get(at) ?? 0) + 1);
    expect(perSlot.size).toBeGreaterThan(590);
    expect(Math.max(...perSlot.values())).toBeLessThan(45);
    expect(stableOffset('shop', 1_000) % SLOT_MS).toBe(0);
    await scheduler.stop();
  });

  it('computes the next slot strictly after a given time', () => {
    expect(nextSlot(0, 10_000, 3_000)).toBe(3_000);
    expect(nextSlot(3_000, 10_000, 3_000)).toBe(13_000);
    expect(nextSlot(12_999, 10_000, 3_000)).toBe(13_000);
  });
});
