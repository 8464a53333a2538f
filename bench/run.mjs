// `npm run bench [-- sizes...]`: the core benchmark for each fleet size (default 50, 1000,
// 10000 monitors at 60 s), then the dashboard render benchmark when it exists.
import { existsSync } from 'node:fs';
import { benchCore, benchStackFloor } from './core.mjs';

const TARGETS = {
  50: { rssMb: 60 },
  1000: { rssMb: 80 },
  10000: { rssMb: 150, lagP99Ms: 1000, cpuPercentOfOneCore: 25 },
};

// `npm run bench -- 10000 --no-dashboard` measures the core alone (no dist/ rendering).
const dashboard = !process.argv.includes('--no-dashboard');
const sizes = process.argv.slice(2).map(Number).filter((value) => value > 0);
const fmt = (value, digits = 1) => (value === null || value === undefined ? 'n/a' : Number(value).toFixed(digits));

for (const size of sizes.length ? sizes : [50, 1000, 10000]) {
  process.stdout.write(`\n== ${size} monitors at a 60 s interval (about ${Math.round(size / 60)} checks/s), dashboard ${dashboard ? 'rendered every 5 s' : 'off'} ==\n`);
  const result = await benchCore(size, { dashboard });
  // The smallest fleet's RSS is mostly Node and the libraries: measure them alone beside it.
  const floor = size <= 100 ? await benchStackFloor({ checksPerMinute: size }) : null;
  const target = TARGETS[size] ?? {};
  const mark = (ok) => (ok === undefined ? '' : ok ? '  ok' : '  OVER TARGET');
  process.stdout.write(
    [
      `start-up to listening       ${fmt(result.startupMs, 0)} ms`,
      `checks per second           ${fmt(result.checksPerSecond)}`,
      `scheduler lag p50 / p99     ${fmt(result.lagP50Ms)} / ${fmt(result.lagP99Ms)} ms (max ${fmt(result.lagMaxMs)})${mark(target.lagP99Ms && result.lagP99Ms < target.lagP99Ms)}`,
      `CPU                         ${fmt(result.cpuPercentOfOneCore)} % of one core, ${fmt(result.cpuMsPerCheck, 3)} ms per check in the last minute (minute by minute after the first: ${result.cpuMsPerCheckByWindow.map((value) => fmt(value, 3)).join(', ')} ms)${mark(target.cpuPercentOfOneCore && result.cpuPercentOfOneCore < target.cpuPercentOfOneCore)}`,
      `  the machine's speed        ${fmt(result.machineSpeedMs)} ms for a fixed piece of JavaScript (lower is faster; CPU per check moves with it)`,
      `RSS                         ${fmt(result.rssMb)} MB mean over the measured minutes, ${fmt(result.rssMaxMb)} at most, ${fmt(result.rssEndMb)} at the end (peak since start ${fmt(result.peakRssMb)} MB)${mark(target.rssMb && result.rssMb < target.rssMb)}`,
      ...(floor ? [`  the libraries alone        ${fmt(floor.rssMb)} MB: undici, better-sqlite3, polka, chokidar and yaml doing ${size} monitors' checks without Lookout`] : []),
      `SQLite per stored check     ${fmt(result.resultBytesPerCheck)} bytes in results, ${fmt(result.fileBytesPerCheck)} bytes of file (${result.storedChecks} checks)`,
      `all checked after restart   ${result.restartAllCheckedMs === null ? 'NOT within 90 s' : `${fmt(result.restartAllCheckedMs / 1000)} s from the restart, ${fmt(result.restartAllCheckedAfterListeningMs / 1000)} s from listening`}`,
      '',
    ].join('\n'),
  );
}

const renderBench = new URL('./render.mjs', import.meta.url);
if (existsSync(renderBench)) await import(renderBench.href);
