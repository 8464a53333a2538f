/**
 * Runs a task when asked, at most once every `intervalMs`, never two at once. A request while
 * the task runs (or while it must wait) is remembered and served by one more run, so the last
 * change is always rendered. A request after a quiet spell runs after `settleMs`, which lets
 * the commits of one check cycle arrive together.
 */
import type { Clock } from '../util/clock.js';

export interface Throttle {
  /** Something changed: run the task soon. */
  request(): void;
  /** Resolves when no run is in progress or pending. */
  idle(): Promise<void>;
  /** Cancels a pending run and waits for the current one. */
  stop(): Promise<void>;
}

export interface ThrottleOptions {
  readonly intervalMs: number;
  readonly settleMs?: number;
  readonly clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  readonly run: () => Promise<void>;
  readonly onError: (error: unknown) => void;
}

export function createThrottle(options: ThrottleOptions): Throttle {
  const settleMs = options.settleMs ?? Math.min(100, options.intervalMs);
  let lastStart = -Infinity;
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let wanted = false;
  let stopped = false;
  let waiters: (() => void)[] = [];

  function settle(): void {
    if (running || timer !== null || wanted) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  function arm(): void {
    if (stopped || timer !== null || running || !wanted) return;
    const wait = Math.max(settleMs, lastStart + options.intervalMs - options.clock.now());
    timer = options.clock.setTimeout(fire, wait);
  }

  function fire(): void {
    timer = null;
    if (stopped || !wanted) return settle();
    wanted = false;
    lastStart = options.clock.now();
    running = options.run().catch(options.onError).finally(() => {
      running = null;
      arm();
      settle();
    });
  }

  return {
    request() {
      if (stopped) return;
      wanted = true;
      arm();
    },
    idle() {
      if (!running && timer === null && !wanted) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      stopped = true;
      wanted = false;
      if (timer !== null) options.clock.clearTimeout(timer);
      timer = null;
      if (running) await running;
      settle();
    },
  };
}
