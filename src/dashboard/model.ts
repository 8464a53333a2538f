/**
 * The dashboard's view model: what a visitor may see of each public monitor, built from the
 * monitor's live state and its in-memory history. Pure; only public data leaves this module
 * (URLs and reasons go through public-view.ts, headers and bodies never appear).
 */
import type { CheckResult, TlsFacts } from '../checks/types.js';
import type { MonitorSpec } from '../config/schema.js';
import type { MonitorState } from '../storage/monitors.js';
import { pageChartsJson } from './chart-json.js';
import { dayBar, hourBar, windowFigures, WINDOW_NAMES, type Bar, type WindowFigures, type WindowName } from './figures.js';
import { DAY, type MonitorHistory } from './history.js';
import { formatTime } from './format.js';
import { publicReason, publicUrl } from './public-view.js';

/** What the dashboard needs of a monitor; the service's MonitorEntry has it. */
export interface DashboardMonitor {
  readonly key: number;
  readonly spec: MonitorSpec;
  readonly state: MonitorState;
  readonly lastResult: CheckResult | null;
  readonly tls: TlsFacts | null;
}

/** 'maintenance': inside a maintenance window (alerts held back, checks go on). */
export type ShownStatus = 'up' | 'degraded' | 'down' | 'pending' | 'paused' | 'maintenance';

/** The maintenance window a monitor is in at `now`, or null (see alerts/maintenance.ts). */
export type MaintenanceLookup = (monitor: DashboardMonitor, now: number) => { readonly name: string; readonly until: number } | null;

/** The fields a page updates in place; the same shape in status.json and m/<id>.json. */
export interface Live {
  readonly id: string;
  readonly status: ShownStatus;
  readonly since: number | null;
  /** Start of the last check. */
  readonly at: number | null;
  /** Response time of the last check; null when it got no answer. */
  readonly ms: number | null;
  readonly code: number | null;
  /** Why the last check failed or was slow; during maintenance, the window and its end. */
  readonly reason: string | null;
  /** Uptime for 24h, 7d, 30d and 90d. */
  readonly uptime: readonly (number | null)[];
  readonly tlsDays: number | null;
  readonly bar: Bar;
}

export interface Card {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly live: Live;
}

export interface IncidentView {
  readonly start: number;
  readonly end: number | null;
  readonly durationMs: number;
  readonly reason: string | null;
}

export interface CheckView {
  readonly at: number;
  readonly status: 'up' | 'degraded' | 'down';
  readonly httpStatus: number | null;
  readonly totalMs: number;
  readonly dns: number | null;
  readonly connect: number | null;
  readonly tls: number | null;
  readonly firstByte: number | null;
  readonly reason: string | null;
}

export interface CertView extends Omit<TlsFacts, 'daysRemaining'> {
  readonly daysLeft: number;
}

export interface Page extends Card {
  readonly interval: number;
  readonly windows: Record<WindowName, WindowFigures>;
  readonly hourBar: Bar;
  /** The response-time charts for 24h and 7d, as JSON text (see chart-json.ts). */
  readonly charts: string;
  readonly incidents: readonly IncidentView[];
  readonly cert: CertView | null;
  readonly recent: readonly CheckView[];
  /** Changes when what the page shows apart from live data changes (name, URL ...). */
  readonly layout: string;
}

const MAX_INCIDENTS = 25;

export function shownStatus(monitor: DashboardMonitor, inMaintenance = false): ShownStatus {
  if (monitor.spec.paused) return 'paused';
  return inMaintenance ? 'maintenance' : monitor.state.status;
}

/** The certificate's expiry (ms) when the page shows one: null without, NaN when its date does not parse. */
function shownExpiry(monitor: DashboardMonitor): number | null {
  if (!monitor.tls || !monitor.spec.url.startsWith('https:')) return null;
  return Date.parse(monitor.tls.validTo);
}

function tlsDaysLeft(monitor: DashboardMonitor, now: number): number | null {
  const validTo = shownExpiry(monitor);
  if (validTo === null) return null;
  return Number.isNaN(validTo) ? monitor.tls!.daysRemaining : Math.floor((validTo - now) / DAY);
}

/**
 * When the TLS days left of a card built at `now` next change (the certificate's expiry time
 * of day passes), or Infinity when they cannot: no certificate, or an expiry date that does not parse.
 */
export function tlsDaysChangeAt(monitor: DashboardMonitor, now: number): number {
  const validTo = shownExpiry(monitor);
  if (validTo === null || Number.isNaN(validTo)) return Infinity;
  return validTo - Math.floor((validTo - now) / DAY) * DAY + 1;
}

export function buildLive(monitor: DashboardMonitor, history: MonitorHistory, now: number, windows = windowFigures(history, now), maintenance: ReturnType<MaintenanceLookup> = null): Live {
  const last = monitor.lastResult;
  const status = shownStatus(monitor, maintenance !== null);
  const failure = last && last.status !== 'up' ? publicReason(last.reason, monitor.spec) : null;
  return {
    id: monitor.spec.id,
    status,
    since: monitor.state.statusSince,
    at: last?.at ?? null,
    ms: last && last.status !== 'down' ? Math.round(last.totalMs) : null,
    code: last?.httpStatus ?? null,
    reason: maintenance ? `Maintenance: ${maintenance.name}, until ${formatTime(maintenance.until)}` : failure,
    uptime: WINDOW_NAMES.map((name) => windows[name].uptime),
    tlsDays: tlsDaysLeft(monitor, now),
    bar: dayBar(history, now),
  };
}

export function buildCard(monitor: DashboardMonitor, history: MonitorHistory, now: number, maintenance: ReturnType<MaintenanceLookup> = null, windows = windowFigures(history, now)): Card {
  const { spec } = monitor;
  return { id: spec.id, name: spec.name, url: publicUrl(spec), description: spec.description, tags: spec.tags, live: buildLive(monitor, history, now, windows, maintenance) };
}

function incidentViews(monitor: DashboardMonitor, history: MonitorHistory, now: number): IncidentView[] {
  const incidents = history.incidents.map((incident) => ({ ...incident }));
  // Down since before the history horizon: the incident that is still going on.
  if (monitor.state.status === 'down' && !incidents.some((incident) => incident.end === null) && monitor.state.statusSince !== null) {
    incidents.push({ start: monitor.state.statusSince, end: null, reason: monitor.lastResult?.reason ?? null });
  }
  return incidents
    .slice(-MAX_INCIDENTS)
    .reverse()
    .map((incident) => ({ start: incident.start, end: incident.end, durationMs: (incident.end ?? now) - incident.start, reason: publicReason(incident.reason, monitor.spec) }));
}

function certView(monitor: DashboardMonitor, now: number): CertView | null {
  const daysLeft = tlsDaysLeft(monitor, now);
  if (daysLeft === null || !monitor.tls) return null;
  const { daysRemaining: _ignored, ...facts } = monitor.tls;
  return { ...facts, daysLeft };
}

/**
 * A short key that changes when `value` does: pages compare it to decide whether to reload
 * their main part. A 53-bit string hash (cyrb53, public domain) in plain JavaScript: a sha1
 * through node:crypto per page, for a key that guards against nothing but a stale layout, was
 * a native call, a Hash object and a hex string each time (see the commit for the figures).
 */
export function layoutKey(value: unknown): string {
  const text = JSON.stringify(value);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function buildPage(monitor: DashboardMonitor, history: MonitorHistory, now: number, maintenance: ReturnType<MaintenanceLookup> = null): Page {
  const windows = windowFigures(history, now);
  const card = buildCard(monitor, history, now, maintenance, windows);
  return {
    ...card,
    interval: monitor.spec.interval,
    windows,
    hourBar: hourBar(history, now),
    charts: pageChartsJson(history, now),
    incidents: incidentViews(monitor, history, now),
    cert: certView(monitor, now),
    recent: history.recent.list().map((check) => ({
      at: check.at,
      status: check.status,
      httpStatus: check.httpStatus,
      totalMs: check.totalMs,
      dns: check.phases.dns,
      connect: check.phases.connect,
      tls: check.phases.tls,
      firstByte: check.phases.firstByte,
      reason: publicReason(check.reason, monitor.spec),
    })),
    layout: layoutKey([card.name, card.url, card.description, card.tags, monitor.spec.interval]),
  };
}
