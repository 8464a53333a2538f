// Core benchmark: a real `lookout serve` process checking N monitors at a 60 s interval against
// local targets. Reports checks per second, scheduler lag p50/p99, CPU (of one core and per
// check, minute by minute after the first), RSS, SQLite bytes per stored check, and how long
// after a restart every monitor has been checked again.
//
//   node bench/core.mjs <monitors> [measureSeconds]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const CLK_TCK = 100;
const INTERVAL = 60;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1000;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMs, rssMb: rssKb / 1024, peakRssMb: hwmKb / 1024 };
}

async function startFleet() {
  const child = spawn(process.execPath, [new URL('./target.mjs', import.meta.url).pathname, '4'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = await new Promise((resolve) => child.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk)))));
  return { child, ports };
}

async function startLookout(dir, port, dashboard) {
  // The same V8 flag and malloc setting as `npm start`, the bin shebang and the systemd unit.
  const child = spawn(process.execPath, ['--max-semi-space-size=2', path.resolve('bin/lookout.js'), 'serve', '--config', path.join(dir, 'monitors.yaml'), '--data-dir', path.join(dir, 'data'), '--port', String(port), '--dist', path.join(dir, 'dist'), '--render-interval', dashboard ? '5s' : 'off'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MALLOC_ARENA_MAX: '1', LOOKOUT_API_TOKEN: 'bench', LOOKOUT_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!/listening on (http:\S+)/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`lookout did not start:\n${output}`);
    await sleep(50);
  }
  return { child, url: /listening on (http:\S+)/.exec(output)[1], output: () => output };
}

/**
 * The machine's speed at the moment: CPU ms of a fixed piece of JavaScript (JSON and string work,
 * like a check's), median of seven. This machine's speed moves by a third within an hour, and CPU
 * per check moves with it: read the two together.
 */
export function machineSpeedMs() {
  const sample = { monitors: Array.from({ length: 200 }, (_, index) => ({ id: `m${index}`, status: index % 7 ? 'up' : 'down', ms: index * 1.5, tags: ['a', 'b'] })) };
  const runs = [];
  // The first three let V8 optimise the code, so that every call measures the same machine code.
  for (let run = 0; run < 10; run++) {
    const started = process.cpuUsage();
    let length = 0;
    for (let round = 0; round < 300; round++) length += JSON.parse(JSON.stringify(sample)).monitors.map((monitor) => `${monitor.id}:${monitor.status}`).join(',').length;
    const used = process.cpuUsage(started);
    // `length` is used so that V8 cannot drop the work as dead code.
    if (run >= 3) runs.push((used.user + used.system) / 1000 + (length < 0 ? 1 : 0));
  }
  return runs.sort((a, b) => a - b)[3];
}

/**
 * RSS of the design card's libraries doing a small fleet's work without Lookout (stack-floor.mjs),
 * under serve's V8 flags: what no change to Lookout's own code can go below.
 */
export async function benchStackFloor({ seconds = INTERVAL, checksPerMinute = 50 } = {}) {
  const fleet = await startFleet();
  try {
    const child = spawn(process.execPath, ['--max-semi-space-size=2', new URL('./stack-floor.mjs', import.meta.url).pathname, String(fleet.ports[0]), String(seconds), String(checksPerMinute)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, MALLOC_ARENA_MAX: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`stack-floor.mjs exited with ${code}`);
    return JSON.parse(output);
  } finally {
    fleet.child.kill();
  }
}

async function health(url) {
  return (await fetch(`${url}/api/health`)).json();
}

async function stop(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** `dashboard`: render dist/ every 5 s as `lookout serve` does by default; false measures the core alone. */
export async function benchCore(monitorCount, { measureSeconds = INTERVAL, windows = 3, dashboard = true } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-'));
  const fleet = await startFleet();
  const lines = ['monitors:'];
  for (let index = 0; index < monitorCount; index++) {
    const port = fleet.ports[index % fleet.ports.length];
    lines.push(`  - id: m${index}\n    url: http://127.0.0.1:${port}/health/${index}\n    interval: ${INTERVAL}s\n    expect: { contains: healthy }`);
  }
  writeFileSync(path.join(dir, 'monitors.yaml'), `${lines.join('\n')}\n`);
  const port = 18_000 + Math.floor(Math.random() * 1000);
  let lookout = null;
  try {
    const started = Date.now();
    lookout = await startLookout(dir, port, dashboard);
    const startupMs = Date.now() - started;
    // Warm-up: one whole interval so every monitor has been placed and checked once.
    await sleep(INTERVAL * 1000 + 2000);
    // Then `windows` intervals measured one by one: V8 keeps compiling hot functions on its
    // worker threads for minutes at a few checks a second, so the first interval's CPU is
    // warm-up, and the last is what a long-running serve spends.
    const rssSamples = [];
    const cpuWindows = [];
    const speedBefore = machineSpeedMs();
    let before = await health(lookout.url);
    let cpuBefore = procStats(lookout.child.pid);
    let checks = 0;
    let elapsed = 0;
    let cpuMs = 0;
    for (let window = 0; window < windows; window++) {
      const t0 = Date.now();
      // RSS sampled every second: one sample lands on a rendering or on the health request
      // itself as often as not.
      while (Date.now() - t0 < measureSeconds * 1000) {
        await sleep(Math.min(1000, measureSeconds * 1000 - (Date.now() - t0)));
        rssSamples.push(procStats(lookout.child.pid).rssMb);
      }
      const after = await health(lookout.url);
      const cpuAfter = procStats(lookout.child.pid);
      elapsed = (Date.now() - t0) / 1000;
      checks = after.scheduler.checksStarted - before.scheduler.checksStarted;
      cpuMs = cpuAfter.cpuMs - cpuBefore.cpuMs;
      cpuWindows.push(checks ? cpuMs / checks : null);
      before = after;
      cpuBefore = cpuAfter;
    }
    const after = before;
    const cpuAfter = cpuBefore;
    const speedMs = (speedBefore + machineSpeedMs()) / 2;

    // Restart: how long until every monitor has been checked again.
    await stop(lookout.child);
    const restartAt = Date.now();
    lookout = await startLookout(dir, port, dashboard);
    const listeningAt = Date.now();
    let recoveredMs = null;
    let recoveredAfterListeningMs = null;
    while (Date.now() - restartAt < (INTERVAL + 30) * 1000) {
      const { monitors } = await (await fetch(`${lookout.url}/api/monitors`)).json();
      const fresh = monitors.filter((monitor) => monitor.lastCheck && Date.parse(monitor.lastCheck.at) >= restartAt).length;
      if (fresh === monitorCount) {
        recoveredMs = Date.now() - restartAt;
        recoveredAfterListeningMs = Date.now() - listeningAt;
        break;
      }
      await sleep(500);
    }
    await stop(lookout.child);

    const dbFile = path.join(dir, 'data', 'lookout.db');
    const db = new Database(dbFile, { readonly: true });
    const rows = db.prepare('SELECT COUNT(*) AS n FROM results').get().n;
    const resultBytes = db.prepare("SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = 'results'").get().bytes;
    db.close();
    const fileBytes = statSync(dbFile).size;
    return {
      monitors: monitorCount,
      startupMs,
      checksPerSecond: checks / elapsed,
      lagP50Ms: after.scheduler.lagMs.p50,
      lagP99Ms: after.scheduler.lagMs.p99,
      lagMaxMs: after.scheduler.lagMs.max,
      cpuPercentOfOneCore: (cpuMs / (elapsed * 1000)) * 100,
      cpuMsPerCheck: checks ? cpuMs / checks : null,
      cpuMsPerCheckByWindow: cpuWindows,
      machineSpeedMs: speedMs,
      rssMb: rssSamples.reduce((sum, value) => sum + value, 0) / rssSamples.length,
      rssMaxMb: Math.max(...rssSamples),
      rssEndMb: cpuAfter.rssMb,
      peakRssMb: cpuAfter.peakRssMb,
      storedChecks: rows,
      resultBytesPerCheck: resultBytes / rows,
      fileBytesPerCheck: fileBytes / rows,
      restartAllCheckedMs: recoveredMs,
      restartAllCheckedAfterListeningMs: recoveredAfterListeningMs,
    };
  } finally {
    // A failed run must not leave a Lookout writing into the folder being removed.
    if (lookout && lookout.child.exitCode === null) await stop(lookout.child);
    fleet.child.kill();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}
