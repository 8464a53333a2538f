import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedHistory } from '../../bench/render-fixture.mjs';
import { writeFileAtomic } from '../../src/dashboard/atomic.js';
import { withGzip } from '../../src/dashboard/assets.js';
import { startWriterThread } from '../../src/dashboard/writer.js';
import { renderOnce, RenderError } from '../../src/dashboard/offline.js';
import { WRITER_THREAD_FROM } from '../../src/dashboard/render.js';
import { openStore } from '../../src/storage/store.js';
import { specFor } from '../helpers/targets.js';

const HOSTILE = '</script><script>alert(1)</script>';

describe('lookout render', () => {
  let dir: string;
  let dataDir: string;
  let out: string;
  let configFile: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookout-render-'));
    dataDir = path.join(dir, 'data');
    out = path.join(dir, 'site');
    configFile = path.join(dir, 'monitors.yaml');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function seed(count: number, spec: (index: number) => ReturnType<typeof specFor>, options: { rawDays?: number; intervalS?: number } = {}): void {
    const store = openStore(path.join(dataDir, 'lookout.db'));
    seedHistory(store, { monitors: count, spec, rawDays: options.rawDays ?? 1, intervalS: options.intervalS ?? 300 });
    store.close();
  }

  const render = (extra: { title?: string } = {}) => renderOnce({ dataDir, configFile, outDir: out, env: {}, version: 'test', ...extra });

  it('writes the index, its status.json, a page per public monitor, and its own copy of Chart.js', async () => {
    seed(3, (index) => specFor({ id: `svc-${index}`, name: `Service ${index}`, url: `https://svc${index}.example.com/` }));
    await writeFile(configFile, 'monitors:\n' + [0, 1, 2].map((index) => `  - id: svc-${index}\n    name: Service ${index}\n    url: https://svc${index}.example.com/\n`).join(''));
    const result = await render({ title: 'Acme status' });
    expect(result.monitors).toBe(3);
    const files = (await readdir(out, { recursive: true })).sort();
    expect(files).toEqual(expect.arrayContaining(['index.html', 'status.json', 'assets/chart.umd.min.js', 'assets/lookout.css', 'assets/lookout.js', 'm/svc-0.html', 'm/svc-1.html', 'm/svc-2.html']));
    expect(files.filter((file) => file.includes('.tmp'))).toEqual([]);
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('Acme status');
    // Nothing from elsewhere: no CDN, no absolute URLs for scripts or styles.
    expect(index).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//);
    const chart = await readFile(path.join(out, 'assets/chart.umd.min.js'), 'utf8');
    expect(chart).toContain('Chart');
    expect(chart).not.toContain('sourceMappingURL');
  });

  it('writes a gzip twin of the index and of status.json with the same content, small or large', async () => {
    seed(3, (index) => specFor({ id: `svc-${index}`, name: `Service ${index}`, url: `https://svc${index}.example.com/` }));
    await render();
    for (const name of ['index.html', 'status.json']) {
      expect(gunzipSync(await readFile(path.join(out, `${name}.gz`))).toString('utf8')).toBe(await readFile(path.join(out, name), 'utf8'));
    }
    // Past 256 KB the compression leaves the main thread: the same bytes either way.
    const large = 'x'.repeat(300 * 1024) + '\u00e9';
    const [gz, plain] = await withGzip([{ name: 'big.json', data: large }]);
    expect(gz!.name).toBe('big.json.gz');
    expect(gunzipSync(gz!.data).toString('utf8')).toBe(large);
    expect(plain!.data).toBe(large);
  });

  it('escapes a hostile monitor name everywhere, including inside the inline data', async () => {
    seed(1, () => specFor({ id: 'evil', name: HOSTILE, url: 'http://127.0.0.1/' }));
    await writeFile(configFile, `monitors:\n  - id: evil\n    name: '${HOSTILE}'\n    url: http://127.0.0.1/\n`);
    await render();
    for (const file of ['index.html', 'm/evil.html']) {
      const html = await readFile(path.join(out, file), 'utf8');
      expect(html).not.toContain(HOSTILE);
      expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      // Every <script> element is one of ours.
      expect(html.match(/<script[^>]*>/g)!.every((tag) => /id="lookout-(config|page)"|src="(\.\.\/)?assets\//.test(tag))).toBe(true);
    }
  });

  it('keeps every page ASCII text whatever script the monitors are named in', async () => {
    // One character above U+00FF made a whole page a two-byte string in V8 (twice the memory
    // and encoding work), and one above U+007F made Node encode the page as UTF-8 character by
    // character. Interpolations become character references; this catches a template that
    // brings such a character in itself.
    const name = 'Z\u00fcrich \u2014 \u6771\u4eac \u{1F680}';
    seed(1, () => specFor({ id: 'tokyo', name, url: 'https://tokyo.example.com/' }));
    await writeFile(configFile, `monitors:\n  - id: tokyo\n    name: '${name}'\n    url: https://tokyo.example.com/\n    description: '${name}'\n`);
    await render();
    for (const file of ['index.html', 'm/tokyo.html']) {
      const html = await readFile(path.join(out, file), 'utf8');
      expect(html.match(/[^\u0000-\u007f]/g), file).toBeNull();
      expect(html).toContain('Z&#252;rich &#8212; &#26481;&#20140; &#128640;');
    }
  });

  it('drops a monitor made private from every file, and removes its page', async () => {
    seed(2, (index) => specFor({ id: ['open', 'hidden'][index]!, url: 'http://127.0.0.1/' }));
    await writeFile(configFile, 'monitors:\n  - id: open\n    url: http://127.0.0.1/\n  - id: hidden\n    name: Hidden Thing\n    url: http://127.0.0.1/\n');
    await render();
    expect(await stat(path.join(out, 'm/hidden.html')).then(() => true)).toBe(true);

    await writeFile(configFile, 'monitors:\n  - id: open\n    url: http://127.0.0.1/\n  - id: hidden\n    name: Hidden Thing\n    public: false\n    url: http://127.0.0.1/\n');
    await render();
    const files = await readdir(out, { recursive: true });
    expect(files.filter((file) => file.includes('hidden'))).toEqual([]);
    for (const file of files.filter((name) => /\.(html|json)$/.test(name))) {
      expect(readFileSync(path.join(out, file), 'utf8')).not.toMatch(/Hidden Thing|hidden\.(html|json)|"hidden"/);
    }
  });

  it('publishes the query of a showQuery monitor without its secrets or credentials, on every page', async () => {
    const url = 'https://ann:pw-11111@api.example.com/v1?region=eu&api_key=k-22222&session=s-33333';
    seed(1, () => specFor({ id: 'query', url, showQuery: true }));
    await writeFile(configFile, `monitors:\n  - id: query\n    url: "${url}"\n    showQuery: true\n`);
    await render();
    for (const file of ['index.html', 'm/query.html', 'status.json']) {
      const text = await readFile(path.join(out, file), 'utf8');
      expect(text, file).not.toMatch(/pw-11111|k-22222|s-33333|ann:/);
    }
    expect(await readFile(path.join(out, 'm/query.html'), 'utf8')).toContain('https://api.example.com/v1?region=eu&amp;api_key=[redacted]&amp;session=[redacted]');
  });

  it('shows a monitor inside a maintenance window as in maintenance, not as an outage', async () => {
    seed(2, (index) => specFor({ id: ['db', 'web'][index]!, url: 'http://127.0.0.1/' }));
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 3_600_000).toISOString();
    await writeFile(configFile, `monitors:\n  - id: db\n    url: http://127.0.0.1/\n  - id: web\n    url: http://127.0.0.1/\nmaintenance:\n  - name: database upgrade\n    monitors: [db]\n    start: ${start}\n    end: ${end}\n`);
    await render();
    const status = JSON.parse(await readFile(path.join(out, 'status.json'), 'utf8'));
    expect(status.overall).toMatchObject({ level: 'maintenance', title: 'Under maintenance' });
    expect(status.monitors.find((monitor: { id: string }) => monitor.id === 'db')).toMatchObject({ status: 'maintenance', reason: expect.stringMatching(/^Maintenance: database upgrade, until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/) });
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/data-m="db"[^]*?data-f="word">Maintenance</);
  });

  it('keeps the index of 100 monitors with 90 days of history under 150 KB', async () => {
    seed(100, (index) => specFor({ id: `service-${index}`, name: `Service number ${index}`, url: `https://service-${index}.example.com/health`, tags: [`team-${index % 4}`] }), { rawDays: 0, intervalS: 60 });
    const result = await render();
    expect(result.monitors).toBe(100);
    const size = (await stat(path.join(out, 'index.html'))).size;
    expect(size).toBeLessThan(150 * 1024);
  });

  it('never shows a reader a missing or half-written page, nor a new index before the pages it links to', async () => {
    const ids = Array.from({ length: 150 }, (_, index) => `service-${index}`);
    seed(ids.length, (index) => specFor({ id: ids[index]!, url: `https://service-${index}.example.com/` }), { rawDays: 0 });
    const before = Date.now();
    const after = before + 60_000;
    await renderOnce({ dataDir, configFile, outDir: out, env: {}, version: 'test', now: before });

    // A reader on its own thread, reading while the second rendering writes: the index first,
    // then every page. Pages say which rendering made them in their "Updated" time.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(
      `const fs = require('node:fs');
      const { parentPort, workerData } = require('node:worker_threads');
      const { site, ids, before, after, stop } = workerData;
      const made = (html) => /class="updated">Updated <time data-ago="(\\d+)"/.exec(html)?.[1];
      const problems = new Set();
      let rounds = 0;
      let midway = 0;
      while (Atomics.load(stop, 0) === 0) {
        const index = fs.readFileSync(site + '/index.html', 'utf8');
        const indexNew = made(index) === String(after);
        let newPages = 0;
        for (const id of ids) {
          let page;
          try {
            page = fs.readFileSync(site + '/m/' + id + '.html', 'utf8');
          } catch (error) {
            problems.add(id + ': ' + error.code);
            continue;
          }
          const by = made(page);
          if (!page.endsWith('</html>') || (by !== String(before) && by !== String(after))) problems.add(id + ': half-written');
          else if (by === String(after)) newPages++;
          else if (indexNew) problems.add(id + ': old page linked from the new index');
        }
        if (!indexNew && newPages > 0) midway++;
        if (++rounds === 1) parentPort.postMessage('reading');
      }
      parentPort.postMessage({ rounds, midway, problems: [...problems] });`,
      { eval: true, workerData: { site: out, ids, before, after, stop } },
    );
    const reports: unknown[] = [];
    reader.on('message', (message) => reports.push(message));
    await new Promise((resolve) => reader.once('message', resolve));
    await renderOnce({ dataDir, configFile, outDir: out, env: {}, version: 'test', now: after });
    Atomics.store(stop, 0, 1);
    await new Promise((resolve) => reader.once('exit', resolve));
    const seen = reports[1] as { rounds: number; midway: number; problems: string[] };
    expect(seen.problems).toEqual([]);
    // The reader saw the rendering in progress (some pages new, the index not yet), so the checks above had something to check.
    expect(seen.midway).toBeGreaterThan(0);
    expect((await readdir(path.join(out, 'm'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the previous index when a page cannot be written, and recovers on the next rendering', async () => {
    seed(3, (index) => specFor({ id: `svc-${index}`, url: 'http://127.0.0.1/' }), { rawDays: 0 });
    await render();
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    // Something (not Lookout) put a folder where svc-1's page goes: renaming a page over it fails.
    await rm(path.join(out, 'm/svc-1.html'));
    await mkdir(path.join(out, 'm/svc-1.html/in-the-way'), { recursive: true });
    await expect(renderOnce({ dataDir, configFile, outDir: out, env: {}, version: 'test', now: Date.now() + 60_000 })).rejects.toThrow(/svc-1\.html/);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe(index);
    expect((await readdir(path.join(out, 'm'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await rm(path.join(out, 'm/svc-1.html'), { recursive: true });
    await renderOnce({ dataDir, configFile, outDir: out, env: {}, version: 'test', now: Date.now() + 120_000 });
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).not.toBe(index);
    expect(await readFile(path.join(out, 'm/svc-1.html'), 'utf8')).toContain('</html>');
  });

  it('writes a large fleet through the writer thread it starts before reading the history, and reports a failed write', async () => {
    const count = WRITER_THREAD_FROM + 10;
    const store = openStore(path.join(dataDir, 'lookout.db'));
    seedHistory(store, { monitors: count, spec: (index: number) => specFor({ id: `big-${index}`, url: 'http://127.0.0.1/' }), days: 2, rawDays: 0 });
    store.close();
    const first = await render();
    expect(first.pages).toBe(count);
    expect((await readdir(path.join(out, 'm'))).sort()).toEqual(Array.from({ length: count }, (_, index) => `big-${index}.html`).sort());
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('big-209');

    // A page cannot be replaced: the rendering rejects naming it, the index stays the previous one.
    await rm(path.join(out, 'm/big-7.html'));
    await mkdir(path.join(out, 'm/big-7.html/in-the-way'), { recursive: true });
    await expect(renderOnce({ dataDir, configFile, outDir: out, env: {}, version: 'test', now: Date.now() + 60_000 })).rejects.toThrow(/big-7\.html/);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe(index);
    expect((await readdir(path.join(out, 'm'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says what is wrong when there is no database', async () => {
    await expect(render()).rejects.toThrow(RenderError);
    await expect(render()).rejects.toThrow(/no database at .*lookout\.db/);
  });
});

describe('atomic writes', () => {
  it('writes every file handed to the writer thread byte for byte, large, small and non-ASCII', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lookout-writer-'));
    const files = [
      ...Array.from({ length: 40 }, (_, index) => ({ name: `m/page-${index}.html`, data: `<p>Caf\u00e9 \u2014 Z\u00fcrich \u2615 ${'x'.repeat(index * 997)}</p>` })),
      { name: 'index.html', data: `<main>${'\u00b7 card '.repeat(200_000)}</main>` },
      { name: 'index.html.gz', data: new Uint8Array([31, 139, 8, 0, 1, 2, 3]) },
      { name: 'empty.json', data: '' },
      // Three times the 4 MB the thread may have in hand, in ASCII pages of many sizes up to
      // 1 MB, so that the main thread waits for it over and over.
      ...Array.from({ length: 120 }, (_, index) => ({ name: `m/ascii-${index}.html`, data: `<p>${String(index % 10).repeat(((index * 7919) % 200) * 1000 + (index % 3) * 300_000)}</p>` })),
      { name: 'assets/chart.js', data: new Uint8Array(900_000).map((_, index) => index % 251) },
    ];
    const writer = startWriterThread(dir);
    for (const file of files) await writer.add(file);
    const bytes = await writer.finish();
    for (const file of files) {
      const expected = typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data);
      expect((await readFile(path.join(dir, file.name))).equals(expected), file.name).toBe(true);
    }
    expect(bytes).toBe(files.reduce((sum, file) => sum + Buffer.byteLength(file.data as string | Uint8Array), 0));
    await rm(dir, { recursive: true, force: true });
  });

  it('never lets a reader see half a file while it is replaced', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lookout-atomic-'));
    const file = path.join(dir, 'index.html');
    const versions = [Buffer.alloc(2_000_000, 'a'), Buffer.alloc(1_500_000, 'b')];
    await writeFileAtomic(file, versions[0]!);
    let writing = true;
    const reads: string[] = [];
    const reader = (async () => {
      while (writing) {
        const data = await readFile(file);
        const whole = versions.some((version) => version.equals(data));
        reads.push(whole ? 'whole' : `torn (${data.length} bytes)`);
      }
    })();
    for (let round = 0; round < 40; round++) await writeFileAtomic(file, versions[round % 2]!);
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(5);
    expect(reads.filter((read) => read !== 'whole')).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
