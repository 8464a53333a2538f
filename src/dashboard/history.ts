/**
 * One monitor's recent history as the dashboard needs it, kept in memory: 90 daily buckets
 * (uptime bars, 30d/90d uptime), 169 hourly buckets (24h/7d uptime, the 7-day chart), 144
 * ten-minute buckets (the 24-hour chart), incidents of the last 90 days and the latest checks.
 *
 * Loaded once from the store, then kept current from the results the service commits, so a
 * regeneration reads nothing from SQLite. About 12.7 KB per monitor (bench/render.mjs measures it).
 */
import type { Transition } from '../alerts/state.js';
import type { CheckResult } from '../checks/types.js';
import type { StoredCheck } from '../storage/results.js';
import type { Store } from '../storage/store.js';
import { createBucketRing, ringBytes, type BucketRing } from './buckets.js';

export const TEN_MINUTES = 600_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const BAR_DAYS = 90;
export const CHART_24H_BUCKETS = 144;
export const CHART_7D_BUCKETS = 168;
export const RECENT_CHECKS = 12;

/** Field indices of every ring. Day rings only have the first three. */
export const CHECKS = 0;
/** Checks answered (up or degraded): every figure shown counts the two together. */
export const ANSWERED = 1;
/** Sum of total ms over answered checks (as the rollups count it: a timeout is not a response time). */
export const TOTAL_MS = 2;
/** Answered checks with phases measured, and the sums of those phases. */
export const PHASED = 3;
export const DNS = 4;
export const CONNECT = 5;
export const TLS = 6;
export const FIRST_BYTE = 7;
const DAY_FIELDS = 3;
export const FIELDS = 8;
/** Counts of checks in hour and ten-minute buckets fit 16 bits (see buckets.ts); a day's do not. */
const NARROW_FIELDS = 2;

export interface Incident {
  readonly start: number;
  end: number | null;
  readonly reason: string | null;
}

/** A latest check as the monitor page lists it: a stored result. */
export type RecentCheck = StoredCheck;

const STATUSES = ['up', 'degraded', 'down'] as const;
/** Numbers kept per check: at, status, HTTP status, total ms and the four phases. */
const RECENT_FIELDS = 8;
const orNaN = (value: number | null): number => (value === null ? Number.NaN : value);
const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/**
 * The latest RECENT_CHECKS checks in one Float64Array (null as NaN) and their reasons: as
 * objects, each with its phases object and boxed numbers, they took 1.8 KB per monitor. The
 * objects are made again only when a page lists them.
 */
export class RecentChecks {
  static readonly BYTES = RECENT_CHECKS * RECENT_FIELDS * 8;
  private readonly numbers: Float64Array;
  private readonly reasons: (string | null)[] = new Array<string | null>(RECENT_CHECKS).fill(null);
  /** Slot the next check goes to; the newest is the one before it. */
  private next = 0;
  private count = 0;

  /** In `buffer` from `byteOffset` (a multiple of 8; BYTES bytes), or in a buffer of its own. */
  constructor(buffer = new ArrayBuffer(RecentChecks.BYTES), byteOffset = 0) {
    this.numbers = new Float64Array(buffer, byteOffset, RECENT_CHECKS * RECENT_FIELDS);
  }

  get length(): number {
    return this.count;
  }

  /** Adds the newest check; the oldest beyond RECENT_CHECKS is dropped. */
  add(check: RecentCheck): void {
    const at = this.next * RECENT_FIELDS;
    const numbers = this.numbers;
    numbers[at] = check.at;
    numbers[at + 1] = STATUSES.indexOf(check.status);
    numbers[at + 2] = orNaN(check.httpStatus);
    numbers[at + 3] = check.totalMs;
    numbers[at + 4] = orNaN(check.phases.dns);
    numbers[at + 5] = orNaN(check.phases.connect);
    numbers[at + 6] = orNaN(check.phases.tls);
    numbers[at + 7] = orNaN(check.phases.firstByte);
    this.reasons[this.next] = check.reason;
    this.next = (this.next + 1) % RECENT_CHECKS;
    this.count = Math.min(this.count + 1, RECENT_CHECKS);
  }

  /** The checks held, newest first. */
  list(): RecentCheck[] {
    const checks: RecentCheck[] = [];
    const numbers = this.numbers;
    for (let index = 1; index <= this.count; index++) {
      const slot = (this.next - index + RECENT_CHECKS) % RECENT_CHECKS;
      const at = slot * RECENT_FIELDS;
      checks.push({
        at: numbers[at]!,
        status: STATUSES[numbers[at + 1]!]!,
        httpStatus: orNull(numbers[at + 2]!),
        totalMs: numbers[at + 3]!,
        phases: { dns: orNull(numbers[at + 4]!), connect: orNull(numbers[at + 5]!), tls: orNull(numbers[at + 6]!), firstByte: orNull(numbers[at + 7]!) },
        reason: this.reasons[slot]!,
      });
    }
    return checks;
  }
}

export interface MonitorHistory {
  readonly days: BucketRing;
  readonly hours: BucketRing;
  readonly tens: BucketRing;
  /** Oldest first. */
  incidents: Incident[];
  /** At most RECENT_CHECKS. */
  readonly recent: RecentChecks;
  /** Counts the results and transitions applied: a card built at one version stays right until the next (card-cache.ts). */
  version: number;
}

/** 7 days at hour precision touch 169 hours: the partial one at each end. */
const HOUR_BUCKETS = CHART_7D_BUCKETS + 1;
const DAYS_BYTES = ringBytes(BAR_DAYS, DAY_FIELDS);
const HOURS_BYTES = ringBytes(HOUR_BUCKETS, FIELDS, NARROW_FIELDS);
const TENS_BYTES = ringBytes(CHART_24H_BUCKETS, FIELDS, NARROW_FIELDS);

/**
 * The rings and the latest checks of a monitor share one ArrayBuffer: V8 and malloc keep about
 * 350 bytes of their own per ArrayBuffer, and seven of them per monitor were 2.4 KB of its
 * 13 (24 MB at 10,000 monitors; DEVELOPERS.md).
 */
export function emptyHistory(): MonitorHistory {
  const buffer = new ArrayBuffer(DAYS_BYTES + HOURS_BYTES + TENS_BYTES + RecentChecks.BYTES);
  return {
    days: createBucketRing(DAY, BAR_DAYS, DAY_FIELDS, 0, buffer, 0),
    hours: createBucketRing(HOUR, HOUR_BUCKETS, FIELDS, NARROW_FIELDS, buffer, DAYS_BYTES),
    tens: createBucketRing(TEN_MINUTES, CHART_24H_BUCKETS, FIELDS, NARROW_FIELDS, buffer, DAYS_BYTES + HOURS_BYTES),
    incidents: [],
    recent: new RecentChecks(buffer, DAYS_BYTES + HOURS_BYTES + TENS_BYTES),
    version: 0,
  };
}

function addTo(ring: BucketRing, result: CheckResult, withPhases: boolean): void {
  const at = result.at;
  ring.add(at, CHECKS, 1);
  if (result.status === 'down') return;
  ring.add(at, ANSWERED, 1);
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
  history.version++;
  addTo(history.days, result, false);
  addTo(history.hours, result, true);
  addTo(history.tens, result, true);
  history.recent.add({ at: result.at, status: result.status, httpStatus: result.httpStatus, totalMs: Math.round(result.totalMs), phases: result.phases, reason: result.reason });
}

/** Opens an incident on a change to down, closes the open one on a change away from down. */
export function applyTransition(history: MonitorHistory, transition: Pick<Transition, 'from' | 'to' | 'at' | 'reason'>): void {
  history.version++;
  if (transition.to === 'down') {
    history.incidents.push({ start: transition.at, end: null, reason: transition.reason });
  } else if (transition.from === 'down') {
    const open = history.incidents.at(-1);
    if (open && open.end === null) open.end = transition.at;
  }
  const horizon = transition.at - (BAR_DAYS + 1) * DAY;
  while (history.incidents.length > 0 && (history.incidents[0]!.end ?? Infinity) < horizon) history.incidents.shift();
}

/**
 * Reads a monitor's history from the store: daily and hourly rollups (the hourly ones carry the
 * phase sums of the 7-day chart), the ten-minute sums of the last 24 hours for the 24-hour
 * chart, state changes and the latest checks.
 */
export function loadHistory(store: Store, key: number, monitorId: string, now: number): MonitorHistory {
  const history = emptyHistory();
  const today = Math.floor(now / DAY) * DAY;
  for (const row of store.rollups.sums('day', key, today - (BAR_DAYS - 1) * DAY, now + 1)) {
    setCounts(history.days, row.start, row);
  }
  const thisHour = Math.floor(now / HOUR) * HOUR;
  const weekAgo = thisHour - CHART_7D_BUCKETS * HOUR;
  for (const row of store.rollups.sums('hour', key, weekAgo, now + 1)) {
    setCounts(history.hours, row.start, row);
    setPhases(history.hours, row.start, row.phases);
  }

  const tensFrom = (Math.floor(now / TEN_MINUTES) - (CHART_24H_BUCKETS - 1)) * TEN_MINUTES;
  for (const row of store.rollups.sums('ten', key, tensFrom, now + 1)) {
    setCounts(history.tens, row.start, row);
    setPhases(history.tens, row.start, row.phases);
  }

  // Newest first from the store; replayed oldest first. A recovery whose start lies before
  // the horizon has no open incident to close and is skipped.
  const changes = store.stateChanges.list({ monitorId, since: now - (BAR_DAYS + 1) * DAY, limit: 2000 });
  for (let index = changes.length - 1; index >= 0; index--) applyTransition(history, changes[index]!);

  // Newest first from the store; added oldest first.
  const recent = store.results.list(key, { limit: RECENT_CHECKS });
  for (let index = recent.length - 1; index >= 0; index--) history.recent.add(recent[index]!);
  return history;
}

function setPhases(ring: BucketRing, start: number, sums: { phased: number; dns: number; connect: number; tls: number; firstByte: number }): void {
  ring.set(start, PHASED, sums.phased);
  ring.set(start, DNS, sums.dns);
  ring.set(start, CONNECT, sums.connect);
  ring.set(start, TLS, sums.tls);
  ring.set(start, FIRST_BYTE, sums.firstByte);
}

function setCounts(ring: BucketRing, start: number, row: { checks: number; up: number; degraded: number; totalMs: number }): void {
  ring.set(start, CHECKS, row.checks);
  ring.set(start, ANSWERED, row.up + row.degraded);
  ring.set(start, TOTAL_MS, row.totalMs);
}
