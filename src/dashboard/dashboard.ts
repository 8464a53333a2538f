/**
 * The dashboard of a running Lookout: keeps each public monitor's history in memory from the
 * results the service commits, and regenerates dist/ after changes, at most every
 * `intervalMs`: the index always, and the pages of the monitors that were checked or whose
 * definition changed. The first regeneration writes everything (assets included).
 */
import type { CommittedWrite } from '../storage/writer.js';
import type { MonitorEntry } from '../monitors/entry.js';
import type { MonitorEvents } from '../monitors/service.js';
import type { Store } from '../storage/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import type { EventEmitter } from 'node:events';
import { loadAssets } from './assets.js';
import { applyResult, applyTransition, loadHistory, type MonitorHistory } from './history.js';
import type { MaintenanceLookup } from './model.js';
import { createSiteRenderer, type RenderResult } from './render.js';
import { createTemplates } from './templates.js';
import { createThrottle } from './throttle.js';

export interface DashboardOptions {
  readonly outDir: string;
  /** Regenerate at most this often; default 5000. */
  readonly intervalMs?: number;
  readonly title?: string;
  readonly version: string;
  readonly store: Store;
  readonly service: {
    readonly events: EventEmitter<MonitorEvents>;
    list(): MonitorEntry[];
    get(id: string): MonitorEntry | undefined;
  };
  readonly clock: Clock;
  readonly log: Logger;
  /** The maintenance window a monitor is in (alerting's `inMaintenance`); none when omitted. */
  readonly maintenance?: (monitorId: string, now: number) => { readonly name: string; readonly until: string } | null;
}

export interface Dashboard {
  readonly outDir: string;
  /** Resolves once every change seen so far is rendered. */
  idle(): Promise<void>;
  /** The last rendering's figures, or null before the first. */
  lastRender(): RenderResult | null;
  stop(): Promise<void>;
}

export const DEFAULT_TITLE = 'Service status';

/** How often a rendering failure that keeps happening is logged again. */
const FAILURE_REPEAT_MS = 10 * 60_000;

/** Loading a monitor's history reads SQLite; yield to the event loop this often so checks keep time. */
const LOAD_SLICE_MS = 20;

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { store, service, clock, log } = options;
  const intervalMs = options.intervalMs ?? 5000;
  const histories = new Map<number, MonitorHistory>();
  const changed = new Set<string>();
  /** The spec each page was last rendered with: a change of the monitor set re-renders only pages whose monitor changed. */
  const renderedSpecs = new Map<string, MonitorEntry['spec']>();
  let first = true;
  let setChanged = false;
  let last: RenderResult | null = null;

  const render = createSiteRenderer({
    outDir: options.outDir,
    templates: createTemplates(),
    title: options.title ?? DEFAULT_TITLE,
    version: options.version,
    intervalMs,
    assets: () => loadAssets(),
    // What a writer thread leaves behind would stay for the life of the process (see render.ts).
    writerThread: false,
  });

  async function loadMissing(monitors: readonly MonitorEntry[]): Promise<void> {
    let sliceStart = performance.now();
    for (const monitor of monitors) {
      if (histories.has(monitor.key)) continue;
      histories.set(monitor.key, loadHistory(store, monitor.key, monitor.spec.id, clock.now()));
      if (performance.now() - sliceStart > LOAD_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  async function regenerate(): Promise<void> {
    const shown = service.list().filter((monitor) => monitor.spec.public);
    await loadMissing(shown);
    const keys = new Set(shown.map((monitor) => monitor.key));
    for (const key of histories.keys()) if (!keys.has(key)) histories.delete(key);
    // Monitors added while loading have no history yet: their turn comes with the next run.
    const ready = shown.filter((monitor) => histories.has(monitor.key));
    const pages = new Set(changed);
    for (const monitor of ready) if (renderedSpecs.get(monitor.spec.id) !== monitor.spec) pages.add(monitor.spec.id);
    const request = first ? 'all' : pages;
    const prune = setChanged;
    first = false;
    setChanged = false;
    changed.clear();
    renderedSpecs.clear();
    for (const monitor of ready) renderedSpecs.set(monitor.spec.id, monitor.spec);
    last = await render({ monitors: ready, history: (monitor) => histories.get(monitor.key)!, changed: request, prune, now: clock.now(), maintenance });
    log.debug(`dashboard: rendered monitors=${last.monitors} pages=${last.pages} bytes=${last.bytes} renderMs=${last.renderMs.toFixed(1)} totalMs=${last.totalMs.toFixed(1)}`);
    if (failing) {
      log.info(`dashboard: rendering works again after ${failing.count} failed attempt${failing.count === 1 ? '' : 's'}`);
      failing = null;
    }
  }

  /**
   * The failure being repeated, if any: a full disk or a folder gone read-only fails every
   * regeneration, and the log says so once (again every FAILURE_REPEAT_MS, and when it changes
   * or ends), not every 5 s.
   */
  let failing: { kind: string; count: number; loggedAt: number } | null = null;

  const maintenance: MaintenanceLookup = (monitor, now) => {
    const window = options.maintenance?.(monitor.spec.id, now);
    return window ? { name: window.name, until: Date.parse(window.until) } : null;
  };

  const throttle = createThrottle({
    intervalMs,
    clock,
    run: regenerate,
    onError: (error) => {
      // Render everything next time: the failed run may have left pages behind.
      first = true;
      const message = (error as Error).message;
      // The same problem fails on a different file (and temporary name) each time: its code says what it is.
      const kind = (error as NodeJS.ErrnoException).code ?? message;
      const now = clock.now();
      if (failing && failing.kind === kind && now - failing.loggedAt < FAILURE_REPEAT_MS) {
        failing.count++;
        return;
      }
      const count = failing?.kind === kind ? failing.count + 1 : 1;
      failing = { kind, count, loggedAt: now };
      log.error(`dashboard: rendering failed error="${message}"${count > 1 ? ` attempts=${count}` : ''}`);
    },
  });

  const onCommitted = (writes: readonly CommittedWrite[]): void => {
    let touched = false;
    for (const write of writes) {
      const history = histories.get(write.key);
      // Without a history yet, the load that creates it reads this write from SQLite.
      if (history) {
        applyResult(history, write.result);
        if (write.transition) applyTransition(history, write.transition);
      }
      if (service.get(write.monitorId)?.spec.public) {
        changed.add(write.monitorId);
        touched = true;
      }
    }
    if (touched) throttle.request();
  };
  const onChanged = (): void => {
    setChanged = true;
    throttle.request();
  };
  // A deleted monitor's history goes at once: a monitor created next must not show it, whatever its key.
  const onRemoved = (key: number): void => void histories.delete(key);
  service.events.on('committed', onCommitted);
  service.events.on('changed', onChanged);
  service.events.on('removed', onRemoved);
  throttle.request();

  return {
    outDir: options.outDir,
    idle: () => throttle.idle(),
    lastRender: () => last,
    async stop() {
      service.events.off('committed', onCommitted);
      service.events.off('changed', onChanged);
      service.events.off('removed', onRemoved);
      await throttle.stop();
    },
  };
}
