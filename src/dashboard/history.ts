/**
 * One monitor's recent history as the dashboard needs it, kept in memory: 90 daily buckets
 * (uptime bars, 30d/90d uptime), 169 hourly buckets (24h/7d uptime, the 7-day chart), 144
 * ten-minute buckets (the 24-hour chart), incidents of the last 90 days and the latest checks.
 *
 * Loaded once from the store, then kept current from the results the service commits, so a
 * regeneration reads nothing from SQLite. About 19 KB per monitor (bench/render.mjs measures it).
 */
import type { Transition } from '../alerts/state.js';
import type { CheckResult, CheckStatus, Phases } from '../checks/types.js';
import type { Store } from '../storage/store.js';
import { createBucketRing, type BucketRing } from './buckets.js';
import type { PhaseQuery } from './phase-query.js';

export const TEN_MINUTES = 600_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const BAR_DAYS = 90;
export const CHART_24H_BUCKETS = 144;
export const CHART_7D_BUCKETS = 168;
export const RECENT_CHECKS = 12;

/** Field indices of every ring. Day rings only have the first four. */
export const CHECKS = 0;
export const UP = 1;
export const DEGRADED = 2;
/** Sum of total ms over answered checks (as the rollups count it: a timeout is not a response time). */
export const TOTAL_MS = 3;
/** Answered checks with phases measured, and the sums of those phases. */
export const PHASED = 4;
export const DNS = 5;
export const CONNECT = 6;
export const TLS = 7;
export const FIRST_BYTE = 8;
const DAY_FIELDS = 4;
const FIELDS = 9;

export interface Incident {
  readonly start: number;
  end: number | null;
  readonly reason: string | null;
}

export interface RecentCheck {
  readonly at: number;
  readonly status: CheckStatus;
  readonly httpStatus: number | null;
  readonly totalMs: number;
  readonly phases: Phases;
  readonly reason: string | null;
}

export interface MonitorHistory {
  readonly days: BucketRing;
  readonly hours: BucketRing;
  readonly tens: BucketRing;
  /** Oldest first. */
  incidents: Incident[];
  /** Newest first, at most RECENT_CHECKS. */
  recent: RecentCheck[];
}

export function emptyHistory(): MonitorHistory {
  return {
    days: createBucketRing(DAY, BAR_DAYS, DAY_FIELDS),
    // 7 days at hour precision touch 169 hours: the partial one at each end.
    hours: createBucketRing(HOUR, CHART_7D_BUCKETS + 1, FIELDS),
    tens: createBucketRing(TEN_MINUTES, CHART_24H_BUCKETS, FIELDS),
    incidents: [],
    recent: [],
  };
}

function addTo(ring: BucketRing, result: CheckResult, withPhases: boolean): void {
  const at = result.at;
  ring.add(at, CHECKS, 1);
  if (result.status === 'down') return;
  ring.add(at, result.status === 'up' ? UP : DEGRADED, 1);
  ring.add(at, TOTAL_MS, Math.round(result.totalMs));
  if (!withPhases || result.phases.firstByte === null) return;
  ring.add(at, PHASED, 1);
  ring.add(at, DNS, Math.round(result.phases.dns ?? 0));
  ring.add(at, CONNECT, Math.round(result.phases.connect ?? 0));
  ring.add(at, TLS, Math.round(result.phases.tls ?? 0));
  ring.add(at, FIRST_BYTE, Math.round(result.phases.firstByte));
}

/** Adds a committed result. Results must arrive in time order per monitor (they do: checks of one monitor never overlap). */
export function applyResult(history: MonitorHistory, result: CheckResult): void {
  addTo(history.days, result, false);
  addTo(history.hours, result, true);
  addTo(history.tens, result, true);
  history.recent.unshift({ at: result.at, status: result.status, httpStatus: result.httpStatus, totalMs: Math.round(result.totalMs), phases: result.phases, reason: result.reason });
  if (history.recent.length > RECENT_CHECKS) history.recent.length = RECENT_CHECKS;
}

/** Opens an incident on a change to down, closes the open one on a change away from down. */
export function applyTransition(history: MonitorHistory, transition: Pick<Transition, 'from' | 'to' | 'at' | 'reason'>): void {
  if (transition.to === 'down') {
    history.incidents.push({ start: transition.at, end: null, reason: transition.reason });
  } else if (transition.from === 'down') {
    const open = history.incidents.at(-1);
    if (open && open.end === null) open.end = transition.at;
  }
  const horizon = transition.at - (BAR_DAYS + 1) * DAY;
  while (history.incidents.length > 0 && (history.incidents[0]!.end ?? Infinity) < horizon) history.incidents.shift();
}

export interface HistorySource {
  readonly store: Store;
  readonly phases: PhaseQuery;
}

/** Reads a monitor's history from the store: rollups, phase sums of raw results, state changes. */
export function loadHistory(source: HistorySource, key: number, monitorId: string, now: number): MonitorHistory {
  const { store } = source;
  const history = emptyHistory();
  const today = Math.floor(now / DAY) * DAY;
  for (const row of store.rollups.range('day', key, today - (BAR_DAYS - 1) * DAY, now + 1)) {
    setCounts(history.days, row.start, row);
  }
  const thisHour = Math.floor(now / HOUR) * HOUR;
  const weekAgo = thisHour - CHART_7D_BUCKETS * HOUR;
  for (const row of store.rollups.range('hour', key, weekAgo, now + 1)) setCounts(history.hours, row.start, row);

  const tensFrom = (Math.floor(now / TEN_MINUTES) - (CHART_24H_BUCKETS - 1)) * TEN_MINUTES;
  for (const sums of source.phases(key, weekAgo, now + 1, TEN_MINUTES)) {
    history.hours.add(sums.start, PHASED, sums.phased);
    history.hours.add(sums.start, DNS, sums.dns);
    history.hours.add(sums.start, CONNECT, sums.connect);
    history.hours.add(sums.start, TLS, sums.tls);
    history.hours.add(sums.start, FIRST_BYTE, sums.firstByte);
    if (sums.start < tensFrom) continue;
    setCounts(history.tens, sums.start, sums);
    history.tens.set(sums.start, PHASED, sums.phased);
    history.tens.set(sums.start, DNS, sums.dns);
    history.tens.set(sums.start, CONNECT, sums.connect);
    history.tens.set(sums.start, TLS, sums.tls);
    history.tens.set(sums.start, FIRST_BYTE, sums.firstByte);
  }

  // Newest first from the store; replayed oldest first. A recovery whose start lies before
  // the horizon has no open incident to close and is skipped.
  const changes = store.stateChanges.list({ monitorId, since: now - (BAR_DAYS + 1) * DAY, limit: 2000 });
  for (let index = changes.length - 1; index >= 0; index--) applyTransition(history, changes[index]!);

  history.recent = store.results.list(key, { limit: RECENT_CHECKS }).map((check) => ({ ...check, phases: { ...check.phases } }));
  return history;
}

function setCounts(ring: BucketRing, start: number, row: { checks: number; up: number; degraded: number; totalMs: number }): void {
  ring.set(start, CHECKS, row.checks);
  ring.set(start, UP, row.up);
  ring.set(start, DEGRADED, row.degraded);
  ring.set(start, TOTAL_MS, row.totalMs);
}
