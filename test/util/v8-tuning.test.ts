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
