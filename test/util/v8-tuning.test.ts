import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const TUNING = pathToFileURL(path.resolve('build/util/v8-tuning.js')).href;

// In a child process with natives syntax: whether V8 really optimises a hot function under each
// setting (bit 7 of %GetOptimizationStatus: interpreted; bit 6: optimised by TurboFan).
function optimisation(steps: string): { statuses: number[]; stderr: string } {
  const script = `
    const { leanStart, tuneForFleet } = await import(${JSON.stringify(TUNING)});
    function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
    const statuses = [];
    const run = () => { for (let i = 0; i < 3000; i++) hot(1000); statuses.push(%GetOptimizationStatus(hot)); };
    ${steps}
    console.log(JSON.stringify(statuses));`;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return { statuses: JSON.parse(child.stdout) as number[], stderr: child.stderr };
}

const INTERPRETED = 1 << 7;
const TURBOFANNED = 1 << 6;

describe('V8 tuning for the fleet', () => {
  it('runs a small fleet interpreted and turns the optimising compiler on when the fleet grows', () => {
    const { statuses, stderr } = optimisation(`
      leanStart(4000); run();
      tuneForFleet({ monitors: 50, checksPerSecond: 1 }); run();
      tuneForFleet({ monitors: 5000, checksPerSecond: 80 }); run();`);
    expect(stderr).toBe('');
    expect(statuses[0]! & INTERPRETED).toBeTruthy();
    expect(statuses[1]! & TURBOFANNED).toBeFalsy();
    expect(statuses[2]! & TURBOFANNED).toBeTruthy();
  });

  it('optimises from the start when the config file is large, and for a small fleet checked often', () => {
    const big = optimisation('leanStart(1024 * 1024); run();');
    expect(big.statuses[0]! & TURBOFANNED).toBeTruthy();
    const busy = optimisation('leanStart(100); tuneForFleet({ monitors: 100, checksPerSecond: 100 }); run();');
    expect(busy.statuses[0]! & TURBOFANNED).toBeTruthy();
  });
});

// In a child process: how far V8's old space grows past its start while short-lived garbage is
// promoted into it, as a monitor's checks do, under a fleet's settings.
function oldSpaceGrowthMb(monitors: number): number {
  const script = `
    const { tuneForFleet } = await import(${JSON.stringify(TUNING)});
    const v8 = await import('node:v8');
    tuneForFleet({ monitors: ${monitors}, checksPerSecond: 1 });
    const old = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_used_size;
    const base = old();
    let peak = 0;
    const kept = [];
    for (let round = 0; round < 400; round++) {
      kept.push(Array.from({ length: 2000 }, (_, i) => ({ i, round, text: 'x' + i })));
      if (kept.length > 8) kept.shift();
      await new Promise((resolve) => setTimeout(resolve, 1));
      peak = Math.max(peak, old() - base);
    }
    console.log(peak / 1048576);`;
  const child = spawnSync(process.execPath, ['--max-semi-space-size=2', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return Number(child.stdout);
}

describe('V8 collector for the fleet', () => {
  it('collects a small fleet\'s promoted garbage sooner, so its RSS does not climb between full collections', () => {
    // Measured here: about 10 MB lean against 20 MB with V8's default step.
    const small = oldSpaceGrowthMb(50);
    const large = oldSpaceGrowthMb(5000);
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(large * 0.7);
  });
});
