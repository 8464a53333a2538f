import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../src/dashboard/throttle.js';
import { systemClock } from '../../src/util/clock.js';

function recorder(runMs = 0) {
  const starts: number[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  return {
    starts,
    maxConcurrent: () => maxConcurrent,
    run: async () => {
      starts.push(Date.now());
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, runMs));
      concurrent--;
    },
  };
}

describe('regeneration throttle', () => {
  it('leaves the event loop to the checks after an expensive run', async () => {
    const runs = recorder(100);
    const throttle = createThrottle({ intervalMs: 20, settleMs: 5, clock: systemClock, run: runs.run, onError: () => {}, busyFactor: 3 });
    throttle.request();
    await new Promise((resolve) => setTimeout(resolve, 30));
    throttle.request(); // arrives while the first run is busy
    await throttle.idle();
    expect(runs.starts).toHaveLength(2);
    // 100 ms of work, then at least 3 x 100 ms idle before the next run.
    expect(runs.starts[1]! - runs.starts[0]!).toBeGreaterThanOrEqual(390);
    await throttle.stop();
  });

  it('runs once for a burst of changes, soon after the first', async () => {
    const runs = recorder();
    const throttle = createThrottle({ intervalMs: 200, settleMs: 20, clock: systemClock, run: runs.run, onError: () => {} });
    const asked = Date.now();
    for (let index = 0; index < 50; index++) throttle.request();
    await throttle.idle();
    expect(runs.starts).toHaveLength(1);
    expect(runs.starts[0]! - asked).toBeLessThan(150);
  });

  it('runs at most once per interval under constant changes, and renders the last change', async () => {
    const runs = recorder(10);
    const throttle = createThrottle({ intervalMs: 100, settleMs: 5, clock: systemClock, run: runs.run, onError: () => {} });
    const until = Date.now() + 450;
    while (Date.now() < until) {
      throttle.request();
      await new Promise((resolve) => setTimeout(resolve, 7));
    }
    const lastRequest = Date.now();
    await throttle.idle();
    const gaps = runs.starts.slice(1).map((start, index) => start - runs.starts[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(95);
    expect(runs.starts.length).toBeGreaterThanOrEqual(4);
    expect(runs.starts.at(-1)!).toBeGreaterThanOrEqual(lastRequest - 5);
    expect(runs.maxConcurrent()).toBe(1);
  });

  it('does nothing without a change, and nothing after stop', async () => {
    const runs = recorder();
    const throttle = createThrottle({ intervalMs: 50, settleMs: 5, clock: systemClock, run: runs.run, onError: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(runs.starts).toHaveLength(0);
    throttle.request();
    await throttle.stop();
    throttle.request();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(runs.starts).toHaveLength(0);
  });

  it('reports a failed run and keeps serving later changes', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const throttle = createThrottle({
      intervalMs: 10,
      settleMs: 1,
      clock: systemClock,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      },
      onError: (error) => errors.push(error),
    });
    throttle.request();
    await throttle.idle();
    throttle.request();
    await throttle.idle();
    expect(calls).toBe(2);
    expect((errors[0] as Error).message).toBe('disk full');
  });
});
