// Dashboard benchmark (run by `npm run bench` after the core benchmark, or alone:
// `npm run build && node bench/render.mjs [monitors]`).
//
// A store seeded with N monitors (default 1,000), 90 days of rollups (phase sums in the hourly
// ones) with a few incidents each, and 7 days of raw results at a 60 s interval (cached in the
// temp dir between runs; bump the key in SEEDED_DIR when the schema changes). Reports:
//   - loading the dashboard's history from SQLite (start-up of `serve`, or `lookout render`),
//   - a full rendering of every page from memory, once warm (target: under 300 ms for 1,000
//     monitors), into the temp folder's disk and into tmpfs, and what the file system alone
//     takes to create as many files,
//   - `lookout render` itself in a fresh process: its cold rendering, and the whole command,
//   - serve's start-up rendering, written in turn,
//   - a regeneration while running: the index of every monitor and the pages of those checked
//     during one 5 s window,
//   - the size of index.html for 100 monitors (target: under 150 KB),
//   - the index of all N monitors loaded in Chromium over HTTP (target: under 1 s, under 1 MB).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seedHistory } from './render-fixture.mjs';

const build = (module) => import(new URL(`../build/${module}`, import.meta.url).href);
const { openStore } = await build('storage/store.js');
const { resolveMonitor } = await build('config/resolve.js');
const { loadHistory, applyResult } = await build('dashboard/history.js');
const { createSiteRenderer } = await build('dashboard/render.js');
const { createTemplates } = await build('dashboard/templates.js');
const { loadAssets } = await build('dashboard/assets.js');
const { withDashboard } = await build('dashboard/mount.js');

// Run alone, the first argument is the fleet size; imported by run.mjs, its arguments are the core's.
const alone = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
const MONITORS = Number((alone && process.argv.slice(2).find((arg) => /^\d+$/.test(arg))) || 1000);
const INTERVAL_S = 60;
const fmt = (value, digits = 1) => Number(value).toFixed(digits);
const mark = (ok) => (ok ? '  ok' : '  OVER TARGET');
const write = (line) => process.stdout.write(`${line}\n`);

function spec(index) {
  const resolved = resolveMonitor({
    id: `service-${index}`,
    name: `Service ${index}`,
    url: `https://service-${index}.example.com/health`,
    tags: [`team-${index % 8}`],
    interval: INTERVAL_S,
  });
  return resolved.spec;
}

const SEEDED_DIR = path.join(tmpdir(), `lookout-bench-render-v3-${MONITORS}`);
function seededStore() {
  const dir = SEEDED_DIR;
  const file = path.join(dir, 'lookout.db');
  if (!existsSync(path.join(dir, 'complete'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const store = openStore(file);
    seedHistory(store, { monitors: MONITORS, spec, days: 90, rawDays: 7, intervalS: INTERVAL_S });
    store.close();
    rmSync(path.join(dir, 'complete'), { force: true });
    mkdirSync(path.join(dir, 'complete'));
    write(`(seeded ${MONITORS} monitors in ${fmt((performance.now() - started) / 1000)} s; kept in ${dir})`);
  }
  return openStore(file);
}

write(`\n== dashboard: ${MONITORS} monitors, 90 days of history, 7 days of raw results at ${INTERVAL_S} s ==`);
const store = seededStore();
const now = Date.now();
const monitors = store.monitors.list().map((row) => ({
  key: row.key,
  spec: row.input,
  state: { status: row.status, statusSince: row.statusSince, failStreak: row.failStreak },
  lastResult: row.lastResult,
  tls: row.tls,
}));

// 1. History from SQLite.
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
let started = performance.now();
const histories = new Map(monitors.map((monitor) => [monitor.key, loadHistory(store, monitor.key, monitor.spec.id, now)]));
const loadMs = performance.now() - started;
globalThis.gc?.();
const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
write(`history loaded from SQLite  ${fmt(loadMs, 0)} ms (${fmt(loadMs / MONITORS, 2)} ms per monitor; in slices, checks keep running)`);
if (globalThis.gc) write(`history held in memory      ${fmt((heapAfter - heapBefore) / MONITORS / 1024)} KB per monitor`);

// 2. A full rendering, from memory: into the temp folder's disk, and into tmpfs when there is one.
const request = (list, changed, at) => ({ monitors: list, history: (monitor) => histories.get(monitor.key), changed, now: at });
async function fullRendering(outDir, writerThread = true) {
  const renderer = createSiteRenderer({ outDir, templates: createTemplates(), title: 'Bench status', version: 'bench', intervalMs: 5000, assets: await loadAssets(), writerThread });
  // A first rendering to warm up (templates compiled, code optimised), not counted: the cold
  // case is timed as users meet it, in `lookout render` (renderCommand below).
  await renderer(request(monitors, 'all', now));
  const runs = [];
  for (let run = 0; run < 5; run++) runs.push(await renderer(request(monitors, 'all', now + run)));
  return { renderer, median: runs.sort((a, b) => a.totalMs - b.totalMs)[2] };
}

/**
 * What the file system alone costs: creating as many files of a page's size through a
 * temporary name and a rename, in a bare loop, then replacing each of them the same way, as
 * every rendering after the first does. On ext4 a rename over an existing file also starts
 * writing the new one out (auto_da_alloc), which tmpfs does not.
 */
function fileFloorMs(dir, files, bytes) {
  mkdirSync(dir, { recursive: true });
  const data = Buffer.alloc(bytes, 97);
  const pass = () => {
    const started = performance.now();
    for (let index = 0; index < files; index++) {
      const file = path.join(dir, `page-${index}.html`);
      writeFileSync(`${file}.tmp`, data);
      renameSync(`${file}.tmp`, file);
    }
    return performance.now() - started;
  };
  const create = pass();
  const replace = pass();
  rmSync(dir, { recursive: true, force: true });
  return { create, replace };
}

/**
 * `lookout render` itself, in a fresh process as users run it (the bin's V8 and malloc
 * settings): its cold rendering as the command reports it, and the whole command's wall time
 * (Node's start-up and reading the history from SQLite included). Median of three.
 */
function renderCommand(parent) {
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const outDir = mkdtempSync(path.join(parent, 'lookout-bench-cmd-'));
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--max-semi-space-size=2', fileURLToPath(new URL('../bin/lookout.js', import.meta.url)), 'render', '--data-dir', SEEDED_DIR, '--config', path.join(SEEDED_DIR, 'none.yaml'), '--out', outDir], {
      encoding: 'utf8',
      env: { ...process.env, MALLOC_ARENA_MAX: '1' },
    });
    const wallMs = performance.now() - started;
    rmSync(outDir, { recursive: true, force: true });
    const reported = / written in (\d+) ms/.exec(child.stdout);
    if (child.status !== 0 || !reported) throw new Error(`lookout render failed:\n${child.stdout}${child.stderr}`);
    runs.push({ renderMs: Number(reported[1]), wallMs });
  }
  const median = (values) => values.sort((a, b) => a - b)[1];
  return { renderMs: median(runs.map((run) => run.renderMs)), wallMs: median(runs.map((run) => run.wallMs)) };
}

const out = mkdtempSync(path.join(tmpdir(), 'lookout-bench-dist-'));
const { renderer, median: full } = await fullRendering(out);
const pageBytes = Math.round(full.bytes / MONITORS);
const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/lookout-bench-dist-') : null;
const fullShm = shm ? (await fullRendering(shm)).median : null;
// How serve writes a full rendering: the same pages written in turn, without the writer thread (warm, median of 5).
const inTurnDir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-dist-'));
const inTurn = (await fullRendering(inTurnDir, false)).median;
rmSync(inTurnDir, { recursive: true, force: true });
// The writes of a full rendering overlap it (a writer thread): the second figure is the wait for them beyond the rendering.
const fullLine = (result) => `${fmt(result.renderMs, 0)} ms to render + ${fmt(result.totalMs - result.renderMs, 0)} ms more to write = ${fmt(result.totalMs, 0)} ms`;
write(`full rendering, every page  ${fullLine(full)}, ${fmt(full.bytes / 1024 / 1024)} MB in ${tmpdir()} (median of 5)${mark(full.totalMs < 300)} (target < 300 ms)`);
if (fullShm) write(`  the same into tmpfs        ${fullLine(fullShm)}${mark(fullShm.totalMs < 300)}`);
const commandLine = (result) => `${fmt(result.renderMs, 0)} ms to render and write${mark(result.renderMs < 300)}; the whole command ${fmt(result.wallMs, 0)} ms`;
const command = renderCommand(tmpdir());
write(`  cold, \`lookout render\`     ${commandLine(command)} (a fresh process each time, median of 3; the rest is Node's start-up and the history read from SQLite)`);
if (shm) write(`  the same into tmpfs        ${commandLine(renderCommand(shm))}`);
write(`  written in turn            ${fmt(inTurn.totalMs, 0)} ms in ${tmpdir()} (warm, median of 5: how serve writes a full rendering, no writer thread, the event loop gets a turn every 10 ms)`);
const floorDisk = fileFloorMs(path.join(out, 'floor'), MONITORS, pageBytes);
const floorShm = shm ? fileFloorMs(path.join(shm, 'floor'), MONITORS, pageBytes) : null;
const floorLine = (floor) => `${fmt(floor.create, 0)} ms to create, ${fmt(floor.replace, 0)} ms to replace`;
write(`  the file system alone      ${floorLine(floorDisk)} ${MONITORS} files of ${fmt(pageBytes / 1024)} KB in a bare loop${floorShm ? `; on tmpfs ${floorLine(floorShm)}` : ''}`);

// 3. Steady state: the monitors checked in one 5 s window get a new result, then a regeneration.
const perWindow = Math.max(1, Math.round((MONITORS * 5) / INTERVAL_S));
const steadyRuns = [];
for (let run = 0; run < 5; run++) {
  const at = now + 10_000 + run * 5000;
  const changed = new Set();
  for (let index = 0; index < perWindow; index++) {
    const monitor = monitors[(run * perWindow + index) % MONITORS];
    applyResult(histories.get(monitor.key), { at, status: 'up', httpStatus: 200, totalMs: 95, phases: { dns: 2, connect: 9, tls: 30, firstByte: 50 }, reason: null, tls: null });
    changed.add(monitor.spec.id);
  }
  steadyRuns.push(await renderer(request(monitors, changed, at)));
}
const steady = steadyRuns.sort((a, b) => a.totalMs - b.totalMs)[2];
write(`regeneration, every 5 s     ${fmt(steady.renderMs, 0)} ms to render + ${fmt(steady.totalMs - steady.renderMs, 0)} ms to write = ${fmt(steady.totalMs, 0)} ms: the index of all ${MONITORS} and the ${perWindow} pages checked since, ${fmt(steady.bytes / 1024)} KB`);

// 4. The index of 100 monitors.
const small = mkdtempSync(path.join(tmpdir(), 'lookout-bench-dist-'));
const smallRenderer = createSiteRenderer({ outDir: small, templates: createTemplates(), title: 'Bench status', version: 'bench', intervalMs: 5000, assets: [] });
await smallRenderer(request(monitors.slice(0, 100), 'all', now));
const { readFileSync } = await import('node:fs');
const index100 = readFileSync(path.join(small, 'index.html'));
write(`index.html, 100 monitors    ${fmt(index100.length / 1024)} KB (${fmt(gzipSync(index100).length / 1024)} KB gzipped)${mark(index100.length < 150 * 1024)} (target < 150 KB)`);
const indexAll = readFileSync(path.join(out, 'index.html'));
write(`index.html, ${MONITORS} monitors  ${fmt(indexAll.length / 1024)} KB (${fmt(readFileSync(path.join(out, 'index.html.gz')).length / 1024)} KB gzipped), status.json ${fmt(readFileSync(path.join(out, 'status.json')).length / 1024)} KB`);

// 5. The index in Chromium, served the way `lookout serve` serves it.
if (existsSync('/usr/bin/chromium')) {
  const { chromium } = await import('playwright-core');
  const server = createServer(withDashboard(out, (_req, res) => res.writeHead(404).end()));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const loads = [];
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let transferred = 0;
    page.on('response', async (response) => {
      transferred += Number((await response.allHeaders())['content-length'] ?? 0);
    });
    const begin = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    const loadMs = performance.now() - begin;
    const cards = await page.locator('.card').count();
    loads.push({ loadMs, transferred, cards });
    await context.close();
  }
  await browser.close();
  server.close();
  const load = loads.sort((a, b) => a.loadMs - b.loadMs)[1];
  write(`index in Chromium           ${fmt(load.loadMs, 0)} ms to load, ${fmt(load.transferred / 1024)} KB transferred, ${load.cards} cards${mark(load.loadMs < 1000 && load.transferred < 1024 * 1024)} (target < 1 s, < 1 MB)`);
} else {
  write('index in Chromium           skipped: /usr/bin/chromium is missing');
}

store.close();
rmSync(out, { recursive: true, force: true });
if (shm) rmSync(shm, { recursive: true, force: true });
rmSync(small, { recursive: true, force: true });
