/** A clock tests move by hand: timers fire in due order as time is advanced. */
import type { Clock } from '../../src/util/clock.js';

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order (and letting their promises settle). */
  advance(ms: number): Promise<void>;
  set(ms: number): void;
  pendingTimers(): number;
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { due: number; callback: () => void }>();
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { due: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    set(ms) {
      now = ms;
    },
    pendingTimers: () => timers.size,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        let nextKey: number | null = null;
        let nextDue = Infinity;
        for (const [key, timer] of timers) {
          if (timer.due <= target && timer.due < nextDue) {
            nextDue = timer.due;
            nextKey = key;
          }
        }
        if (nextKey === null) break;
        const timer = timers.get(nextKey)!;
        timers.delete(nextKey);
        now = Math.max(now, timer.due);
        timer.callback();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
