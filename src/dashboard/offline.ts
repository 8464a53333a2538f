/**
 * `lookout render`: writes dist/ once from the database, without checking anything, for static
 * hosting. Monitors are those `serve` would show: the file's (from monitors.yaml as it is now,
 * with their stored state and history) and the API's, with the file's defaults applied.
 */
import { existsSync } from 'node:fs';
import { formatFieldError } from '../config/issues.js';
import type { Env } from '../config/interpolate.js';
import type { Config } from '../config/load.js';
import { resolveMonitor } from '../config/resolve.js';
import { monitorInput, type MonitorSpec } from '../config/schema.js';
import { loadConfigFile } from '../config/watch.js';
import { activeWindow } from '../alerts/maintenance.js';
import { INITIAL_STATE } from '../alerts/state.js';
import { databaseFile } from '../storage/db.js';
import type { MonitorRow } from '../storage/monitors.js';
import { openStore } from '../storage/store.js';
import { unwritableDir } from '../util/writable.js';
import { loadAssets } from './assets.js';
import type { WriteSession } from './atomic.js';
import { DEFAULT_TITLE } from './dashboard.js';
import { emptyHistory, loadHistory, type MonitorHistory } from './history.js';
import type { DashboardMonitor, MaintenanceLookup } from './model.js';
import { createSiteRenderer, WRITER_THREAD_FROM, type RenderResult } from './render.js';
import { createTemplates } from './templates.js';
import { startWriterThread } from './writer.js';

export interface RenderOnceOptions {
  readonly dataDir: string;
  /** monitors.yaml; when it does not exist, file monitors are shown as last stored. */
  readonly configFile: string;
  readonly outDir: string;
  readonly env: Env;
  readonly version: string;
  readonly title?: string;
  /** How often the user runs the command (e.g. from cron): see SiteRendererOptions.intervalMs. Default 5 s, as serve. */
  readonly intervalMs?: number | null;
  readonly now?: number;
  readonly warn?: (message: string) => void;
}

/** Thrown for a problem the user must fix (no database, invalid config); the message says which. */
export class RenderError extends Error {}

function fromRow(row: MonitorRow, spec: MonitorSpec): DashboardMonitor {
  return { key: row.key, spec, state: { status: row.status, statusSince: row.statusSince, failStreak: row.failStreak }, lastResult: row.lastResult, tls: row.tls };
}

function monitorsOf(rows: readonly MonitorRow[], config: Config | null, warn: (message: string) => void): DashboardMonitor[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const monitors: DashboardMonitor[] = [];
  const fileIds = new Set<string>();
  if (config) {
    for (const spec of config.monitors) {
      const row = byId.get(spec.id);
      if (row?.source === 'api') continue; // the API monitor wins, as in serve
      fileIds.add(spec.id);
      // Declared but never checked: shown as pending, without history.
      monitors.push(row ? fromRow(row, spec) : { key: -1, spec, state: INITIAL_STATE, lastResult: null, tls: null });
    }
  }
  for (const row of rows) {
    if (row.source === 'file') {
      if (!config && row.active) monitors.push(fromRow(row, row.input as unknown as MonitorSpec));
      continue;
    }
    const parsed = monitorInput.safeParse(row.input);
    const resolved = parsed.success ? resolveMonitor(parsed.data, config?.defaults ?? {}) : null;
    if (!resolved?.ok) {
      warn(`render: stored API monitor "${row.id}" is invalid and skipped`);
      continue;
    }
    if (!fileIds.has(row.id)) monitors.push(fromRow(row, resolved.spec));
  }
  return monitors;
}

export async function renderOnce(options: RenderOnceOptions): Promise<RenderResult> {
  const warn = options.warn ?? (() => {});
  const file = databaseFile(options.dataDir);
  if (!existsSync(file)) throw new RenderError(`no database at ${file}: run \`lookout serve\` with this --data-dir first`);
  const unwritable = unwritableDir(options.outDir);
  if (unwritable) throw new RenderError(`cannot write the site (${unwritable}): choose another folder with --out (LOOKOUT_DIST_DIR)`);
  let config: Config | null = null;
  if (existsSync(options.configFile)) {
    const loaded = await loadConfigFile(options.configFile, options.env);
    if (!loaded.ok) throw new RenderError(`${options.configFile} is invalid:\n  ${loaded.errors.map(formatFieldError).join('\n  ')}`);
    config = loaded.config;
  }
  const store = openStore(file);
  let writer: WriteSession | undefined;
  try {
    const now = options.now ?? Date.now();
    const monitors = monitorsOf(store.monitors.list(), config, warn).filter((monitor) => monitor.spec.public);
    // The writer thread starts now, so that its start-up (about 30 ms on the other core) overlaps
    // reading the history rather than the first pages' rendering: the command's rendering of
    // 1,000 monitors on tmpfs, alternating runs, 289-302 -> 256-291 ms.
    writer = monitors.length >= WRITER_THREAD_FROM ? startWriterThread(options.outDir) : undefined;
    const histories = new Map<DashboardMonitor, MonitorHistory>();
    for (const monitor of monitors) histories.set(monitor, monitor.key < 0 ? emptyHistory() : loadHistory(store, monitor.key, monitor.spec.id, now));
    const render = createSiteRenderer({
      outDir: options.outDir,
      templates: createTemplates(),
      title: options.title ?? DEFAULT_TITLE,
      version: options.version,
      intervalMs: options.intervalMs === undefined ? 5000 : options.intervalMs,
      assets: await loadAssets(),
    });
    const windows = config?.maintenance ?? [];
    const maintenance: MaintenanceLookup = (monitor, at) => activeWindow(windows, monitor.spec, at);
    const session = writer;
    writer = undefined; // the rendering finishes it, also when it fails
    return await render({ monitors, history: (monitor) => histories.get(monitor)!, changed: 'all', now, maintenance, writer: session });
  } finally {
    // Failed before the rendering: stop the thread (its error, if any, is not the one to report).
    await writer?.finish().catch(() => 0);
    // Not store.close(): its checkpoint would contend with a `serve` writing the same file.
    store.db.close();
  }
}
