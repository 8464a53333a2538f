import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Every way of starting serve runs with the same memory settings: V8's 2 MB semi-spaces and one
 * malloc arena (bin/lookout.js says why). They can only be given when the process starts, so
 * each launcher carries them, and a launcher that loses one costs 10-30 MB unnoticed.
 */
const SEMI_SPACE = '--max-semi-space-size=2';
const ARENA = 'MALLOC_ARENA_MAX=1';
const dir = tempDir('lookout-launch-');
const children: ReturnType<typeof spawn>[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('how serve is started', () => {
  it.runIf(process.platform === 'linux')('the command itself (its #! line) runs node with both settings', async () => {
    writeFileSync(path.join(dir, 'monitors.yaml'), 'monitors: []\n');
    // Executed as a program, as `npx lookout` and a shell do: the kernel reads the #! line.
    const child = spawn(path.resolve('bin/lookout.js'), ['serve', '--config', path.join(dir, 'monitors.yaml'), '--data-dir', path.join(dir, 'data'), '--port', '0', '--render-interval', 'off'], {
      env: { ...process.env, MALLOC_ARENA_MAX: '', LOOKOUT_API_TOKEN: 'launch-test' },
      stdio: 'ignore',
    });
    children.push(child);
    // env(1) execs node in place: the same pid, once its command line is node's.
    const argv = await waitFor(() => {
      const words = existsSync(`/proc/${child.pid}/cmdline`) ? readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0') : [];
      return words.length > 0 && !words[0]!.endsWith('/env') && words.some((word) => word.endsWith('lookout.js')) ? words : null;
    });
    const environment = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
    expect(argv).toContain(SEMI_SPACE);
    expect(environment).toContain(ARENA);
    child.kill('SIGTERM');
  });

  it('npm start, the systemd unit and the bench pass both', () => {
    const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
    expect(start).toMatch(new RegExp(`^${ARENA} node ${SEMI_SPACE} `));
    const unit = readFileSync('deploy/lookout.service', 'utf8');
    expect(unit).toMatch(new RegExp(`^ExecStart=\\S+node ${SEMI_SPACE} `, 'm'));
    expect(unit).toMatch(new RegExp(`^Environment=${ARENA}$`, 'm'));
    const bench = readFileSync('bench/core.mjs', 'utf8');
    expect(bench).toContain(`'${SEMI_SPACE}', path.resolve('bin/lookout.js')`);
    expect(bench).toContain("MALLOC_ARENA_MAX: '1'");
  });
});
