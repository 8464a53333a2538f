// The design card's libraries doing a small Lookout's work with none of Lookout's code: the RSS
// floor under `lookout serve` at a few dozen monitors. Spawned by core.mjs with serve's flags:
//
//   node --max-semi-space-size=2 bench/stack-floor.mjs <targetPort> <seconds> <checksPerMinute>
//
// It does what the process does at rest, the same way: a fresh undici Client per check against a
// local target, each result inserted into a WAL SQLite file, polka listening, chokidar
// watching a monitors.yaml that yaml parsed. It prints its RSS in MiB (from /proc) at the end.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [port, seconds, perMinute] = process.argv.slice(2).map(Number);
const { tuneForFleet, tuneV8 } = await import(new URL('../build/util/v8-tuning.js', import.meta.url).href);
// serve's settings, set as serve sets them: before the libraries load. A fleet checked once a
// minute: as many monitors as checks per minute.
tuneV8();
tuneForFleet({ monitors: perMinute, checksPerSecond: perMinute / 60 });
const require = createRequire(import.meta.url);
// The same undici modules as src/util/undici.ts loads.
const Client = require('undici/lib/dispatcher/client.js');
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
Dispatcher.prototype.request ??= require('undici/lib/api/api-request.js');
const Database = (await import('better-sqlite3')).default;
const polka = (await import('polka')).default;
const { watch } = await import('chokidar');
const { LineCounter, parseDocument } = await import('yaml');

const dir = mkdtempSync(path.join(tmpdir(), 'lookout-floor-'));
const config = path.join(dir, 'monitors.yaml');
writeFileSync(config, 'monitors:\n  - id: a\n    url: http://127.0.0.1/\n    interval: 60s\n');
const document = parseDocument(readFileSync(config, 'utf8'), { lineCounter: new LineCounter() });
if (document.errors.length) throw document.errors[0];
const watcher = watch(config, { ignoreInitial: true });

const db = new Database(path.join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE results (monitor INTEGER, at INTEGER, status INTEGER, ms INTEGER, PRIMARY KEY (monitor, at)) WITHOUT ROWID');
const insert = db.prepare('INSERT INTO results VALUES (?, ?, ?, ?)');

const server = polka().get('/api/health', (_req, res) => res.end('{}'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

async function check(index) {
  const started = performance.now();
  const client = new Client(`http://127.0.0.1:${port}`);
  try {
    const response = await client.request({ path: `/health/${index}`, method: 'GET' });
    const body = await response.body.text();
    insert.run(index % 50, Date.now(), body.includes('healthy') ? 1 : 0, Math.round(performance.now() - started));
  } finally {
    await client.close();
  }
}

const end = Date.now() + seconds * 1000;
for (let index = 0; Date.now() < end; index++) {
  await check(index);
  await new Promise((resolve) => setTimeout(resolve, 60_000 / perMinute));
}
const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
process.stdout.write(`${JSON.stringify({ rssMb })}\n`);
await watcher.close();
server.server.close();
db.close();
rmSync(dir, { recursive: true, force: true });
