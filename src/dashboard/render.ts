/**
 * One regeneration of dist/: the overview always, the pages of the monitors that changed (or
 * all of them), written atomically, pages before the index that links to them. Monitors with
 * `public: false` are never rendered, and a page whose monitor left (or went private) is deleted.
 * In a full rendering by `lookout render` a writer thread (writer.ts) writes each page while
 * the next are rendered; a running serve writes in turn (see `writerThread`).
 */
import path from 'node:path';
import { prune, writeSynchronously, type OutputFile, type WriteSession } from './atomic.js';
import { withGzip } from './assets.js';
import type { MonitorHistory } from './history.js';
import { createCardCache } from './card-cache.js';
import { buildPage, type Card, type DashboardMonitor, type MaintenanceLookup } from './model.js';
import { groupCards, overallStatus } from './overview.js';
import { indexFiles, monitorFiles, type SiteInfo } from './pages.js';
import type { Templates } from './templates.js';
import { startWriterThread } from './writer.js';

export interface RenderRequest {
  readonly monitors: readonly DashboardMonitor[];
  readonly history: (monitor: DashboardMonitor) => MonitorHistory;
  /** Ids whose pages need rendering; 'all' for a full rendering. */
  readonly changed: ReadonlySet<string> | 'all';
  /** Delete pages of monitors not shown (the set of monitors changed); implied by 'all'. */
  readonly prune?: boolean;
  readonly now: number;
  /** Which monitors are in a maintenance window; none when omitted. */
  readonly maintenance?: MaintenanceLookup;
  /**
   * Where this rendering's files go, when the caller started it ahead (`lookout render` starts
   * the writer thread before it loads the history: see offline.ts). The rendering finishes it.
   */
  readonly writer?: WriteSession;
}

export interface RenderResult {
  readonly monitors: number;
  readonly pages: number;
  readonly removed: number;
  readonly bytes: number;
  /**
   * Time the main thread spent building and rendering (including gzip of the index), and in
   * total until every file was written. The difference is the time spent writing
   * (regenerations) or waiting for the writer thread, whose writes overlap the rendering (full
   * renderings).
   */
  readonly renderMs: number;
  readonly totalMs: number;
}

export interface SiteRendererOptions {
  readonly outDir: string;
  readonly templates: Templates;
  readonly title: string;
  readonly version: string;
  /**
   * How often the site is regenerated (by a running serve, or by `lookout render` on the user's
   * schedule): pages poll at this pace and warn when their data is older than it should be.
   * null: a snapshot nobody regenerates, which never warns.
   */
  readonly intervalMs: number | null;
  /**
   * Written with every full rendering (see assets.ts): the files, or how to load them. A
   * running serve passes the loader: a full rendering comes once, at start-up, and Chart.js
   * with its gzip twin held for the process's life was 0.3 MB of heap.
   */
  readonly assets: readonly OutputFile[] | (() => Promise<readonly OutputFile[]>);
  /**
   * Whether a full rendering of many monitors may use a writer thread (default true): for
   * `lookout render`, which exits when done. A running serve writes in turn: a thread's isolate
   * and malloc leftovers stayed in serve's RSS for good (1,000 monitors, dashboard every 5 s,
   * side by side in both orders: 96.4 -> 90.8 and 98.4 -> 94.5 MB), for a start-up rendering
   * that takes a few hundred ms longer while checks run.
   */
  readonly writerThread?: boolean;
}

/**
 * Full renderings of at least this many monitors use the writer thread. Below, writing in turn
 * costs a few ms more than the thread saves, and the thread is not free: a worker's isolate and
 * malloc arena, part of which the process keeps after it exits. At 50 monitors (mean RSS of the
 * last 30 s of a minute of serve, dashboard every 5 s): 76.3 -> 73.6 MB.
 */
export const WRITER_THREAD_FROM = 200;

/**
 * The event loop gets a turn after this much rendering and writing: checks due meanwhile wait
 * at most about this long. Measured by time, as a page written in turn on a busy disk costs
 * several times one handed to the writer thread.
 */
const SLICE_MS = 10;

/** A page is stale when nothing new arrived for twice the shortest interval plus slack. */
function staleAfter(monitors: readonly DashboardMonitor[], intervalMs: number): number | null {
  const active = monitors.filter((monitor) => !monitor.spec.paused);
  if (active.length === 0) return null;
  const shortest = Math.min(...active.map((monitor) => monitor.spec.interval)) * 1000;
  return 2 * shortest + intervalMs + 60_000;
}

export function createSiteRenderer(options: SiteRendererOptions) {
  const pollMs = Math.min(30_000, Math.max(1_000, options.intervalMs ?? 30_000));
  const cardCache = createCardCache();

  return async function render(request: RenderRequest): Promise<RenderResult> {
    const started = performance.now();
    const shown = request.monitors.filter((monitor) => monitor.spec.public);
    const info: SiteInfo = { title: options.title, version: options.version, generatedAt: request.now, staleAfterMs: options.intervalMs === null ? null : staleAfter(shown, options.intervalMs), pollMs };
    const full = request.changed === 'all';
    // `lookout render`'s thousand pages go to a writer thread, written while the next are
    // rendered; serve's, a regeneration's few dozen, or a small fleet's pages are written in
    // turn (see writerThread and WRITER_THREAD_FROM).
    const session =
      request.writer ?? (full && options.writerThread !== false && shown.length >= WRITER_THREAD_FROM ? startWriterThread(options.outDir) : writeSynchronously(options.outDir));
    let pages = 0;
    let failure: { error: unknown } | null = null;
    try {
      if (full) for (const file of typeof options.assets === 'function' ? await options.assets() : options.assets) await session.add(file);
      // Each page is handed to the writer as soon as it is rendered (written at once, or copied
      // to the writer thread, which encodes it): its text dies young, where batches of pages held
      // for writing made every minor collection copy them. The event loop gets a turn every
      // SLICE_MS.
      let sliceStart = performance.now();
      const cards: Card[] = [];
      for (const monitor of shown) {
        const history = request.history(monitor);
        const maintenance = request.maintenance?.(monitor, request.now) ?? null;
        if (!full && !(request.changed as ReadonlySet<string>).has(monitor.spec.id)) {
          cards.push(cardCache.card(monitor, history, request.now, maintenance));
          continue;
        }
        const page = buildPage(monitor, history, request.now, maintenance);
        // Only the card is kept for the index: a thousand pages' charts held until the index is
        // rendered would reach the old generation and cost more in collections than the pages.
        const card: Card = { id: page.id, name: page.name, url: page.url, description: page.description, tags: page.tags, live: page.live };
        cardCache.keep(monitor, history, request.now, maintenance, card);
        cards.push(card);
        for (const file of monitorFiles(options.templates, info, page)) await session.add(file);
        pages++;
        if (performance.now() - sliceStart >= SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
      const groups = groupCards(cards);
      const overall = overallStatus(cards.map((card) => card.live.status));
      // The index last: the writer takes files in order, and skips the rest of a rendering
      // after a failed write, so the index never links to a page that was not written.
      for (const file of await withGzip(indexFiles(options.templates, info, groups, overall, cards))) await session.add(file);
      cardCache.swap();
    } catch (error) {
      failure = { error };
    }
    // Waited for even when rendering failed: its writes must not land after the next rendering's.
    const bytes = await session.finish().catch((error: unknown) => {
      failure ??= { error };
      return 0;
    });
    if (failure) throw failure.error;

    let removed = 0;
    if (full || request.prune) {
      const keep = new Set(shown.map((monitor) => `${monitor.spec.id}.html`));
      removed = await prune(path.join(options.outDir, 'm'), (name) => keep.has(name));
    }
    const totalMs = performance.now() - started;
    return { monitors: shown.length, pages, removed, bytes, renderMs: totalMs - session.writingMs(), totalMs };
  };
}

export type SiteRenderer = ReturnType<typeof createSiteRenderer>;
