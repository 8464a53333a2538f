/**
 * The dashboard as a visitor sees it, in real Chromium: Lookout checks real local targets
 * (up, slow, refusing, HTTPS), renders dist/ and serves it; the tests read the pages.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { seedHistory } from '../../bench/render-fixture.mjs';
import { createHttpChecker } from '../../src/checks/http.js';
import { startLookout, type Lookout } from '../../src/main.js';
import { callApi } from '../helpers/lookout.js';
import { openStore } from '../../src/storage/store.js';
import { silentLogger } from '../../src/util/log.js';
import { leafValidForDays, testCa } from '../helpers/certs.js';
import { describeInBrowser, launchBrowser, openPage, screenshot, type WatchedPage } from '../helpers/dashboard-browser.js';
import { closedPort, custom, respond, slow, specFor, startTarget, waitUntil, type Target } from '../helpers/targets.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describeInBrowser('dashboard in Chromium', () => {
  let dir: string;
  let dist: string;
  let lookout: Lookout;
  let browser: Browser;
  let shop: Target;
  let search: Target;
  let secure: Target;
  let other: Target;
  const pages: WatchedPage[] = [];

  async function open(url: string, options: { colorScheme?: 'dark' | 'light'; width?: number; height?: number; timezoneId?: string } = {}): Promise<WatchedPage> {
    const watched = await openPage(browser, options);
    pages.push(watched);
    await watched.page.goto(url);
    return watched;
  }

  const cardWord = (page: Page, id: string): Promise<string> => page.locator(`.card[data-m="${id}"] [data-f="word"]`).innerText();

  async function distStatus(): Promise<{ monitors: { id: string; status: string }[] }> {
    return JSON.parse(await readFile(path.join(dist, 'status.json'), 'utf8'));
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lookout-dashboard-'));
    dist = path.join(dir, 'dist');
    shop = await startTarget({ behaviour: respond(200, 'healthy') });
    search = await startTarget({ behaviour: slow(350, 200, 'results') });
    other = await startTarget();
    const leaf = leafValidForDays(45);
    secure = await startTarget({ tls: { key: leaf.key, cert: leaf.cert } });
    const refused = await closedPort();
    await writeFile(
      path.join(dir, 'monitors.yaml'),
      `defaults:
  interval: 1s
  timeout: 1s
  retries: 0
monitors:
  - id: shop
    name: Shop
    url: http://shopper:hunter2@127.0.0.1:${shop.port}/health?token=abc123
    tags: [web]
  - id: search
    name: Search
    url: ${search.url}/
    expect: { maxResponseTime: 150ms }
    tags: [web]
  - id: billing
    name: Billing
    url: http://127.0.0.1:${refused}/
    tags: [api]
  - id: accounts
    name: Accounts
    url: https://localhost:${secure.port}/status
    description: 'Sign-in and profiles — Zürich, 東京 🚀'
    tags: [api]
  - id: hostile
    name: '${HOSTILE}'
    url: ${other.url}/other
    description: 'Runbook: https://wiki.example.com/${'runbook-'.repeat(12)}end'
    tags: [api, ${'x'.repeat(64)}]
  - id: internal
    name: Secret internal thing
    public: false
    url: http://admin:s3cr3t@127.0.0.1:${other.port}/private?key=zzz
`,
    );
    // Two months of history behind the monitors, as if Lookout had been running: the process
    // loads it at start and adds what it checks now.
    const seeded = openStore(path.join(dir, 'data', 'lookout.db'));
    const ids = ['shop', 'search', 'billing', 'accounts', 'hostile', 'internal'];
    seedHistory(seeded, { monitors: ids.length, days: 60, rawDays: 1, spec: (index) => specFor({ id: ids[index]!, url: 'http://127.0.0.1/' }) });
    seeded.close();
    lookout = await startLookout({
      configFile: path.join(dir, 'monitors.yaml'),
      dataDir: path.join(dir, 'data'),
      port: 0,
      env: {},
      log: silentLogger,
      flushMs: 20,
      checker: createHttpChecker({ ca: testCa().cert }),
      dashboard: { dir: dist, intervalMs: 250 },
    });
    // Every public monitor checked, and the page rendered after it.
    await waitUntil(() => lookout.service.list().every((entry) => entry.state.status !== 'pending' && entry.lastResult !== null), 10_000, 'first checks');
    const expected = { shop: 'up', search: 'degraded', billing: 'down', accounts: 'up', hostile: 'up' };
    const deadline = Date.now() + 10_000;
    for (;;) {
      const status = await distStatus().catch(() => ({ monitors: [] }));
      const seen = Object.fromEntries(status.monitors.map((monitor) => [monitor.id, monitor.status]));
      if (Object.entries(expected).every(([id, word]) => seen[id] === word)) break;
      if (Date.now() > deadline) throw new Error(`dist/status.json never showed ${JSON.stringify(expected)}; last ${JSON.stringify(seen)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    browser = await launchBrowser();
  }, 30_000);

  // Open pages keep polling: close them after each test so they do not load the next one.
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((watched) => watched.close().catch(() => {})));
  });

  afterAll(async () => {
    await browser?.close();
    await lookout?.stop();
    await Promise.all([shop, search, other, secure].map((target) => target?.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows each monitor in words, not colour alone: up, slow (degraded) and down', async () => {
    const { page, errors } = await open(lookout.url);
    expect(await cardWord(page, 'shop')).toBe('Up');
    expect(await cardWord(page, 'search')).toBe('Degraded');
    expect(await cardWord(page, 'billing')).toBe('Down');
    expect(await page.locator('.card[data-m="billing"] [data-f="reason"]').innerText()).toBe('connection refused');
    expect(await page.locator('[data-banner] [data-f="title"]').innerText()).toBe('Partial outage');
    expect(await page.locator('.group > h2').allInnerTexts()).toEqual(['API', 'WEB']);
    expect(await page.locator('.card[data-m="accounts"] [data-f="tls"]').innerText()).toBe('45 days');
    expect(await page.locator('.card[data-m="shop"] [data-f="ms"]').innerText()).toMatch(/^\d+ ms$/);
    expect(await page.locator('.card[data-m="shop"] .bar i').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('fits every status word in its badge, in the fonts this machine has', async () => {
    // Debian's default sans (DejaVu) is wide: "Maintenance" and "Degraded" overflowed a badge
    // sized in ems for narrower fonts and read "Maintenanc".
    const words = ['Up', 'Degraded', 'Down', 'Pending', 'Paused', 'Maintenance'];
    const clipped = async (page: Page): Promise<string[]> =>
      page.evaluate((list) => {
        const out: string[] = [];
        for (const element of document.querySelectorAll<HTMLElement>('[data-f="word"]')) {
          const pill = element.closest('.pill') as HTMLElement;
          for (const word of list) {
            element.textContent = word;
            const range = document.createRange();
            range.selectNodeContents(element);
            const text = range.getBoundingClientRect();
            const box = pill.getBoundingClientRect();
            const inner = box.right - parseFloat(getComputedStyle(pill).paddingRight);
            if (text.right > inner + 0.5 || text.width === 0) out.push(`${word} (${Math.round(text.right - inner)} px over)`);
          }
        }
        return out;
      }, words);
    const index = await open(lookout.url);
    expect(await clipped(index.page)).toEqual([]);
    const monitor = await open(`${lookout.url}/m/shop.html`);
    expect(await clipped(monitor.page)).toEqual([]);
  });

  it('fits a phone: long words wrap, the statistics table fits, no page scrolls sideways', async () => {
    const wide: string[] = [];
    for (const url of ['', '/m/hostile.html', '/m/accounts.html']) {
      const { page } = await open(`${lookout.url}${url}`, { width: 375, height: 700 });
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth, stats: document.querySelector('.stats')?.getBoundingClientRect().right ?? 0 }));
      if (widths.page > widths.screen || widths.stats > widths.screen) wide.push(`${url || '/'}: page ${widths.page}, statistics to ${Math.round(widths.stats)}, screen ${widths.screen}`);
    }
    expect(wide).toEqual([]);
  });

  it('keeps the index still while cards drawn only near the screen come into view', async () => {
    // A phone: one column, most cards below the fold and not drawn until scrolled to.
    const { page } = await open(lookout.url, { width: 375, height: 400 });
    const height = (): Promise<number> => page.evaluate(() => document.documentElement.scrollHeight);
    const before = await height();
    for (let y = 0; y <= before; y += 300) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    }
    expect(Math.abs((await height()) - before)).toBeLessThanOrEqual(1);
  });

  it('says a monitor made private is gone from the dashboard, and takes that back when it returns', { timeout: 30_000 }, async () => {
    expect((await callApi(lookout, 'POST', '/api/monitors', { id: 'comes-back', url: `${other.url}/back`, interval: '1h' })).status).toBe(201);
    await waitUntil(() => existsSync(path.join(dist, 'm', 'comes-back.html')), 10_000, 'its page');
    try {
      const { page } = await open(`${lookout.url}/m/comes-back.html`);
      const warning = () => page.evaluate(() => ({ shown: document.body.classList.contains('is-stale'), text: document.querySelector('[data-stale]')!.textContent }));
      expect((await callApi(lookout, 'PATCH', '/api/monitors/comes-back', { public: false })).status).toBe(200);
      await expect.poll(warning, { timeout: 15_000 }).toEqual({ shown: true, text: 'This monitor is no longer on the dashboard' });
      expect((await callApi(lookout, 'PATCH', '/api/monitors/comes-back', { public: true })).status).toBe(200);
      // Hidden again, and should updates ever stop, it will say so, not that the monitor is gone.
      await expect.poll(warning, { timeout: 15_000 }).toEqual({ shown: false, text: 'No new data: updates may have stopped' });
    } finally {
      await callApi(lookout, 'DELETE', '/api/monitors/comes-back');
    }
  });

  it('renders a hostile monitor name as text', async () => {
    const { page, errors } = await open(lookout.url);
    const title = page.locator('.card[data-m="hostile"] h3');
    expect(await title.innerText()).toBe(HOSTILE);
    expect(await page.locator('.card[data-m="hostile"] img, .card[data-m="hostile"] script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const monitorPage = await open(`${lookout.url}/m/hostile.html`);
    expect(await monitorPage.page.locator('h1').innerText()).toBe(HOSTILE);
    expect(await monitorPage.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect([...errors, ...monitorPage.errors]).toEqual([]);
  });

  it('shows text in any script as written, though pages carry it as character references', async () => {
    const { page, errors } = await open(`${lookout.url}/m/accounts.html`);
    expect(await page.locator('.desc').innerText()).toBe('Sign-in and profiles \u2014 Z\u00fcrich, \u6771\u4eac \u{1F680}');
    expect(await readFile(path.join(dist, 'm', 'accounts.html'), 'utf8')).toContain('&#8212; Z&#252;rich, &#26481;&#20140; &#128640;');
    expect(errors).toEqual([]);
  });

  it('leaves private monitors, credentials and query strings out of dist/ entirely', async () => {
    const files = await readdir(dist, { recursive: true });
    expect(files).not.toContain(path.join('m', 'internal.html'));
    for (const file of files) {
      if (!/\.(html|json)$/.test(file)) continue;
      const text = await readFile(path.join(dist, file), 'utf8');
      for (const secret of ['Secret internal', 'internal.html', 'hunter2', 'shopper', 'abc123', 's3cr3t', 'key=zzz', 'token=']) {
        expect(text.includes(secret), `${file} contains ${secret}`).toBe(false);
      }
    }
    const { page } = await open(lookout.url);
    expect(await page.locator('.card[data-m="shop"] .url').innerText()).toBe(`http://127.0.0.1:${shop.port}/health`);
    expect(await page.locator('.card[data-m="internal"]').count()).toBe(0);
    const response = await fetch(`${lookout.url}/m/internal.html`);
    expect(response.status).toBe(404);
  });

  it('draws the response-time chart with its phases on a monitor page, for 24 hours and 7 days', async () => {
    const { page, errors } = await open(`${lookout.url}/m/accounts.html`);
    // Pixels of the plot area in a dataset's colour: axes, grid and labels are grey.
    const painted = (): Promise<number> =>
      page.evaluate(() => {
        const canvas = document.getElementById('chart') as HTMLCanvasElement;
        const chart = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { chartArea: { left: number; top: number; width: number; height: number } } } }).Chart.getChart(canvas);
        const scale = canvas.width / canvas.clientWidth;
        const area = chart.chartArea;
        const pixels = canvas.getContext('2d')!.getImageData(area.left * scale, area.top * scale, area.width * scale, area.height * scale).data;
        let count = 0;
        for (let index = 0; index < pixels.length; index += 4) {
          const [red, green, blue, alpha] = [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!, pixels[index + 3]!];
          if (alpha > 0 && Math.max(red, green, blue) - Math.min(red, green, blue) > 60) count++;
        }
        return count;
      });
    await page.waitForFunction(() => ((document.getElementById('chart') as HTMLCanvasElement | null)?.width ?? 0) > 0);
    expect(await painted()).toBeGreaterThan(20_000);
    const legend = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { data: { datasets: { label: string; data: { y: number | null }[] }[] } } } }).Chart.getChart(document.getElementById('chart') as HTMLCanvasElement);
      return chart.data.datasets.map((dataset) => ({ label: dataset.label, points: dataset.data.filter((point) => point.y !== null).length }));
    });
    // A check of these 1 s timeouts can fail on a loaded machine: its bar comes after the phases.
    expect(legend.map((entry) => entry.label).filter((label) => label !== 'Failed checks')).toEqual(['DNS', 'Connect', 'TLS', 'First byte', 'Rest']);
    expect(legend.find((entry) => entry.label === 'TLS')!.points).toBeGreaterThan(0);
    await page.getByRole('button', { name: '7 days' }).click();
    expect(await page.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');
    expect(await painted()).toBeGreaterThan(20_000);
    expect(await page.locator('[data-region="checks"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-region="cert"]').innerText()).toContain('Trusted');
    expect(await page.locator('[data-region="cert"]').innerText()).toContain('45 days left');
    // The tooltip leaves out a DNS or TLS of 0 (nothing looked up or negotiated), not a connect of 0.
    const shown = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { options: { plugins: { tooltip: { filter(item: unknown): boolean } } } } } }).Chart.getChart(document.getElementById('chart') as HTMLCanvasElement);
      const item = (label: string, y: number) => ({ dataset: { type: 'line', label }, raw: { y } });
      return [item('DNS', 0), item('TLS', 0), item('TLS', 2.5), item('Connect', 0)].map((each) => chart.options.plugins.tooltip.filter(each));
    });
    expect(shown).toEqual([false, false, true, true]);
    expect(errors).toEqual([]);
  });

  it('swaps only the regions of a monitor page whose markup changed', async () => {
    const { page, errors } = await open(`${lookout.url}/m/accounts.html`);
    const newestCheck = (): Promise<string | null> => page.locator('[data-region="checks"] tbody tr time').first().getAttribute('data-time');
    const before = await newestCheck();
    // The certificate does not change between checks: its region must stay the same elements.
    await page.evaluate(() => {
      (document.querySelector('[data-region="cert"]')!.firstElementChild as unknown as { kept: boolean }).kept = true;
    });
    await expect.poll(newestCheck, { timeout: 15_000 }).not.toBe(before);
    expect(await page.evaluate(() => (document.querySelector('[data-region="cert"]')!.firstElementChild as unknown as { kept?: boolean }).kept)).toBe(true);
    expect(await page.locator('[data-region="cert"]').innerText()).toContain('45 days left');
    expect(errors).toEqual([]);
  });

  it('keeps every node of a region it swaps: headings, bars and legends of the uptime history', async () => {
    // Every check flips the target, so the hour's uptime, and with it the bars' markup, changes.
    let flip = 0;
    other.setBehaviour('/other', custom((_request, response) => {
      response.writeHead(flip++ % 2 === 0 ? 503 : 200).end('ok');
    }));
    try {
      const { page, errors } = await open(`${lookout.url}/m/hostile.html`);
      const hourBar = (): Promise<string> => page.locator('[data-region="bars"] .bar').first().innerHTML();
      const served = await hourBar();
      await expect.poll(hourBar, { timeout: 15_000 }).not.toBe(served);
      // Walking the live list of nodes while adopting them once left every other node out and
      // "undefined" in their place: the 24-hour bar and the 90-day heading were gone.
      const bars = await page.evaluate(() => {
        const region = document.querySelector('[data-region="bars"]')!;
        return { elements: [...region.children].map((child) => child.tagName), text: region.textContent! };
      });
      expect(bars.elements).toEqual(['H3', 'DIV', 'DIV', 'H3', 'DIV', 'DIV']);
      expect(bars.text).not.toContain('undefined');
      expect(errors).toEqual([]);
    } finally {
      other.setBehaviour('/other', respond(200, 'ok'));
      await waitUntil(() => lookout.service.get('hostile')!.state.status === 'up', 10_000, 'hostile up again');
    }
  });

  it('labels the response-time axis in distinct whole ms when nothing was answered, or all in under 1 ms', async () => {
    const { page, errors } = await open(`${lookout.url}/m/billing.html`);
    await page.waitForFunction(() => ((document.getElementById('chart') as HTMLCanvasElement | null)?.width ?? 0) > 0);
    // The page's own chart code, drawn with the two series a user meets: a monitor that has
    // failed every check of the range, and a local target answering in a fraction of a ms.
    const labels = await page.evaluate(() => {
      type Scales = { scales: { y: { ticks: { label: string }[] } } };
      const win = window as unknown as { LookoutChart: { draw(charts: unknown): void }; Chart: { getChart(canvas: HTMLCanvasElement): Scales } };
      const series = (value: (index: number) => number | null, failed: number) => {
        const values = Array.from({ length: 144 }, (_, index) => value(index));
        return { start: Date.now() - 86_400_000, stepMs: 600_000, dns: values, connect: values, tls: values, firstByte: values, rest: values, failed: values.map((_, index) => (index === 143 ? failed : 0)) };
      };
      const read = (h24: unknown): string[] => {
        win.LookoutChart.draw({ h24, d7: h24 });
        return win.Chart.getChart(document.getElementById('chart') as HTMLCanvasElement).scales.y.ticks.map((tick) => tick.label);
      };
      return { failed: read(series(() => null, 4)), fast: read(series((index) => (index % 3) * 0.02 + 0.01, 0)) };
    });
    for (const ticks of [labels.failed, labels.fast]) {
      expect(new Set(ticks).size, ticks.join(', ')).toBe(ticks.length);
      expect(ticks).not.toContain('<1 ms');
      expect(ticks[0]).toBe('0 ms');
    }
    expect(errors).toEqual([]);
  });

  it('shows a day\'s uptime and incidents when hovering the 90-day bar', async () => {
    const { page } = await open(`${lookout.url}/m/billing.html`);
    // The page updates itself: wait until it has the refused connection (the incident the bar shows).
    await expect.poll(() => page.locator('[data-region="incidents"]').innerText(), { timeout: 10_000 }).toContain('connection refused');
    const bar = page.locator('[data-region="bars"] .bar').last();
    await bar.scrollIntoViewIfNeeded();
    const tip = page.locator('#tip');
    // Hover the middle of the last segment (today). The tip hides on scroll, and the scroll into
    // view may arrive after the first move: move again (a pixel apart, so it is a move) until shown.
    let nudge = 0;
    await expect.poll(async () => {
      const box = (await bar.boundingBox())!;
      await page.mouse.move(box.x + box.width - (box.width / 90) * 0.65 + (nudge++ % 2), box.y + box.height / 2);
      return tip.isVisible();
    }).toBe(true);
    const box = (await bar.boundingBox())!;
    // Today: the seeded hours were up, then Lookout saw the refused connection.
    expect(await tip.innerText()).toMatch(/\d+\.\d\d% up · \d+ incidents?$/);
    await page.mouse.move(box.x + (box.width / 90) * 0.3, box.y + box.height / 2);
    await expect.poll(() => tip.innerText()).toMatch(/No data$/);
  });

  it("shows times in the reader's time zone, named by its offset", async () => {
    const expected = (ms: number, offsetMinutes: number, zone: string, withSeconds = false): string => {
      const local = new Date(ms + offsetMinutes * 60_000);
      const two = (value: number): string => String(value).padStart(2, '0');
      const seconds = withSeconds ? `:${two(local.getUTCSeconds())}` : '';
      return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}${seconds} ${zone}`;
    };
    for (const [timezoneId, offset, zone] of [['Asia/Kolkata', 330, 'UTC+5:30'], ['America/Bogota', -300, 'UTC-5'], ['UTC', 0, 'UTC']] as const) {
      const { page } = await open(`${lookout.url}/m/shop.html`, { timezoneId });
      const time = page.locator('[data-region="checks"] time').first();
      const at = Number(await time.getAttribute('data-time'));
      // The latest checks, a few a minute at short intervals, to the second.
      await expect.poll(() => time.innerText()).toBe(expected(at, offset, zone, true));
      expect(await time.getAttribute('datetime')).toBe(new Date(at).toISOString());
      // The chart's tooltip names a bucket's time the same way.
      await page.waitForFunction(() => ((document.getElementById('chart') as HTMLCanvasElement | null)?.width ?? 0) > 0);
      const title = await page.evaluate((ms) => {
        type Title = (items: { parsed: { x: number } }[]) => string;
        const chart = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { options: { plugins: { tooltip: { callbacks: { title: Title } } } } } } }).Chart.getChart(document.getElementById('chart') as HTMLCanvasElement);
        return chart.options.plugins.tooltip.callbacks.title([{ parsed: { x: ms } }]);
      }, at);
      expect(title).toBe(expected(at, offset, zone));
      // Incidents to the minute.
      const started = page.locator('[data-region="incidents"] time').first();
      if ((await started.count()) > 0) await expect.poll(() => started.innerText()).toBe(expected(Number(await started.getAttribute('data-time')), offset, zone));
    }
  });

  it('works opened as a file, with its data inline, and warns when the data is old', async () => {
    const index = await open(pathToFileURL(path.join(dist, 'index.html')).href);
    expect(await cardWord(index.page, 'billing')).toBe('Down');
    expect(await index.page.locator('body.is-stale').count()).toBe(0);
    const monitor = await open(pathToFileURL(path.join(dist, 'm', 'shop.html')).href);
    expect(await monitor.page.locator('[data-f="word"]').innerText()).toBe('Up');
    await monitor.page.waitForFunction(() => {
      const canvas = document.getElementById('chart') as HTMLCanvasElement;
      return canvas.width > 0 && canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.some((value) => value > 0);
    });
    expect([...index.errors, ...monitor.errors]).toEqual([]);

    // The same file read three hours later: the reader is told the data stopped.
    const later = await openPage(browser);
    pages.push(later);
    await later.page.addInitScript(() => {
      const now = Date.now.bind(Date);
      Date.now = () => now() + 3 * 3_600_000;
    });
    await later.page.goto(pathToFileURL(path.join(dist, 'index.html')).href);
    await expect.poll(() => later.page.locator('.stale').isVisible()).toBe(true);
    expect(await later.page.locator('.stale').innerText()).toContain('updates may have stopped');
  });

  it('saves screenshots of the index and a monitor page, dark and light, and on a phone', { timeout: 40_000 }, async () => {
    for (const colorScheme of ['dark', 'light'] as const) {
      const index = await open(lookout.url, { colorScheme });
      await screenshot(index.page, `dashboard-index-${colorScheme}.png`);
      const monitor = await open(`${lookout.url}/m/accounts.html`, { colorScheme });
      await monitor.page.waitForFunction(() => (document.getElementById('chart') as HTMLCanvasElement).width > 0);
      await screenshot(monitor.page, `dashboard-monitor-${colorScheme}.png`);
      expect([...index.errors, ...monitor.errors]).toEqual([]);
      const background = await index.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(246, 248, 250)');
    }
    const phone = await open(lookout.url, { width: 390, height: 844 });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(phone.page, 'dashboard-index-phone.png');
  });

  it('updates a card and a monitor page in place, without reload or layout shift, when its target goes down', async () => {
    const { page, errors } = await open(lookout.url);
    const detail = await open(`${lookout.url}/m/shop.html`);
    await detail.page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
      (window as unknown as { __shift: number }).__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) (window as unknown as { __shift: number }).__shift += entry.value;
          for (const source of (entry as unknown as { sources: { node?: Element; previousRect: DOMRect; currentRect: DOMRect }[] }).sources ?? []) {
            ((window as unknown as { __sources?: string[] }).__sources ??= []).push(`${source.node?.outerHTML?.slice(0, 160) ?? source.node?.textContent} ${JSON.stringify(source.previousRect)} -> ${JSON.stringify(source.currentRect)}`);
          }
        }
      }).observe({ type: 'layout-shift', buffered: false });
    });
    expect(await cardWord(page, 'shop')).toBe('Up');
    const updatedBefore = await page.locator('.updated time').getAttribute('data-ago');

    shop.setBehaviour(respond(503, 'maintenance'));
    await page.waitForFunction(() => document.querySelector('.card[data-m="shop"] [data-f="word"]')?.textContent === 'Down', undefined, { timeout: 15_000 });

    expect(await page.locator('.card[data-m="shop"] [data-f="reason"]').innerText()).toBe('status 503, expected 200-399');
    expect(await page.locator('.card[data-m="shop"]').getAttribute('class')).toContain('s-down');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // The monitor's own page follows: its status, and the failed check in the latest checks.
    await detail.page.waitForFunction(() => document.querySelector('.head [data-f="word"]')?.textContent === 'Down', undefined, { timeout: 15_000 });
    await expect.poll(() => detail.page.locator('[data-region="checks"] tbody tr').first().innerText()).toContain('503');
    expect(await detail.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(detail.errors).toEqual([]);
    expect(await page.locator('.updated time').getAttribute('data-ago')).not.toBe(updatedBefore);
    // "Updated", its machine-readable time and the footer's "Generated at" all name the new data.
    const times = await page.evaluate(() => ({
      updated: Number(document.querySelector('.updated time')!.getAttribute('data-ago')),
      datetime: Date.parse(document.querySelector('.updated time')!.getAttribute('datetime')!),
      footer: Number(document.querySelector('footer time')!.getAttribute('data-time')),
    }));
    expect([times.datetime, times.footer]).toEqual([times.updated, times.updated]);
    const shifted = await page.evaluate(() => (window as unknown as { __sources?: string[] }).__sources ?? []);
    expect(await page.evaluate(() => (window as unknown as { __shift: number }).__shift), shifted.join('\n')).toBe(0);
    expect(errors).toEqual([]);
  });
});
