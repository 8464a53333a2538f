/**
 * One monitor's recent history as the dashboard needs it, kept in memory: 90 daily buckets
 * (uptime bars, 30d/90d uptime), 169 hourly buckets (24h/7d uptime, the 7-day chart), 144
 * ten-minute buckets (the 24-hour chart), incidents of the last 90 days and the latest checks.
 * The chart buckets hold the values the charts show (chart-values.ts), not the sums behind them.
 *
 * Loaded once from the store, then kept current from the results the service commits, so a
 * regeneration reads nothing from SQLite. About 8.6 KB per monitor (bench/render.mjs measures it).
 */
import type { Transition } from '../alerts/state.js';
import type { CheckResult } from '../checks/types.js';
import type { BucketSums } from '../storage/rollups.js';
import type { StoredCheck } from '../storage/results.js';
import type { Store } from '../storage/store.js';
import { createBucketRing, ringBytes, ringMemory, type BucketRing } from './buckets.js';
import { chartCode, NO_VALUE } from './chart-values.js';

export const TEN_MINUTES = 600_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const BAR_DAYS = 90;
export const CHART_24H_BUCKETS = 144;
export const CHART_7D_BUCKETS = 168;
export const RECENT_CHECKS = 12;

/** Field indices. Every ring starts with the number of checks and of those answered (up or degraded): every figure shown counts the two together. */
export const CHECKS = 0;
export const ANSWERED = 1;
/** Day ring: the sum of total ms over answered checks (as the rollups count it: a timeout is not a response time). */
export const DAY_TOTAL_MS = 2;
/**
 * Hour and ten-minute rings: the bucket's chart values as chart-values.ts codes, the averages
 * over answered checks with phases measured, and the rest of the total over answered checks.
 */
export const DNS = 2;
export const CONNECT = 3;
export const TLS = 4;
export const FIRST_BYTE = 5;
export const REST = 6;
/** Hour ring: the sum of total ms over answered checks, for the 24h and 7d figures. */
export const HOUR_TOTAL_MS = 7;
/** Fields of each ring; all but the day ring's and the hour ring's sum of ms fit 16 bits (see buckets.ts). */
const DAY_FIELDS = 3;
const HOUR_FIELDS = 8;
const TEN_FIELDS = 7;
const CHART_FIELDS = 7;

/**
 * The sums behind the chart values of the newest bucket of the hour and of the ten-minute ring
 * (its number first): results add to them and the bucket's codes are written again from them.
 * A bucket's chart values are final once a later one has begun.
 */
const SUM_BUCKET = 0;
const SUM_ANSWERED = 1;
const SUM_TOTAL_MS = 2;
const SUM_PHASED = 3;
const SUM_DNS = 4;
const SUM_CONNECT = 5;
const SUM_TLS = 6;
const SUM_FIRST_BYTE = 7;
const SUM_FIELDS = 8;
const HOUR_SUMS = 0;
const TEN_SUMS = SUM_FIELDS;

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
  /** Where this list starts in `numbers`. */
  private readonly base: number;
  private readonly reasons: (string | null)[] = new Array<string | null>(RECENT_CHECKS).fill(null);
  /** Slot the next check goes to; the newest is the one before it. */
  private next = 0;
  private count = 0;

  /** In `numbers` (a view of a whole buffer, shared) from `byteOffset` (BYTES bytes), or in a buffer of its own. */
  constructor(numbers = new Float64Array(RecentChecks.BYTES / 8), byteOffset = 0) {
    this.numbers = numbers;
    this.base = byteOffset / 8;
  }

  get length(): number {
    return this.count;
  }

  /** Adds the newest check; the oldest beyond RECENT_CHECKS is dropped. */
  add(check: RecentCheck): void {
    const at = this.base + this.next * RECENT_FIELDS;
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
      const at = this.base + slot * RECENT_FIELDS;
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
  /** The open buckets' sums of the hour and ten-minute rings: SUM_* fields at sumsBase + HOUR_SUMS and + TEN_SUMS. */
  readonly sums: Float64Array;
  readonly sumsBase: number;
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
const HOURS_BYTES = ringBytes(HOUR_BUCKETS, HOUR_FIELDS, CHART_FIELDS);
const TENS_BYTES = ringBytes(CHART_24H_BUCKETS, TEN_FIELDS, CHART_FIELDS);
const SUMS_BYTES = 2 * SUM_FIELDS * 8;

/**
 * The rings, the open buckets' sums and the latest checks of a monitor share one ArrayBuffer
 * and three views of it: V8 and malloc keep about 350 bytes of their own per ArrayBuffer and
 * about 80 per view, and seven buffers per monitor were 2.4 KB (24 MB at 10,000 monitors).
 */
export function emptyHistory(): MonitorHistory {
  const buffer = new ArrayBuffer(DAYS_BYTES + HOURS_BYTES + TENS_BYTES + SUMS_BYTES + RecentChecks.BYTES);
  const memory = ringMemory(buffer);
  const f64 = new Float64Array(buffer);
  let at = 0;
  const next = (bytes: number): number => (at += bytes) - bytes;
  const history: MonitorHistory = {
    days: createBucketRing(DAY, BAR_DAYS, DAY_FIELDS, 0, memory, next(DAYS_BYTES)),
    hours: createBucketRing(HOUR, HOUR_BUCKETS, HOUR_FIELDS, CHART_FIELDS, memory, next(HOURS_BYTES)),
    tens: createBucketRing(TEN_MINUTES, CHART_24H_BUCKETS, TEN_FIELDS, CHART_FIELDS, memory, next(TENS_BYTES)),
    sums: f64,
    sumsBase: next(SUMS_BYTES) / 8,
    incidents: [],
    recent: new RecentChecks(f64, next(RecentChecks.BYTES)),
    version: 0,
  };
  history.sums[history.sumsBase + HOUR_SUMS + SUM_BUCKET] = history.sums[history.sumsBase + TEN_SUMS + SUM_BUCKET] = -1;
  return history;
}

function addCounts(ring: BucketRing, result: CheckResult, totalField: number | null): void {
  ring.add(result.at, CHECKS, 1);
  if (result.status === 'down') return;
  ring.add(result.at, ANSWERED, 1);
  if (totalField !== null) ring.add(result.at, totalField, Math.round(result.totalMs));
}

const PHASE_FIELDS = [DNS, CONNECT, TLS, FIRST_BYTE] as const;

/** Writes the chart values of the open bucket, which holds time `at`, from its sums. */
function writeChart(ring: BucketRing, sums: Float64Array, base: number, at: number): void {
  const answered = sums[base + SUM_ANSWERED]!;
  const phased = sums[base + SUM_PHASED]!;
  let measured = 0;
  if (phased === 0) {
    for (const field of PHASE_FIELDS) ring.set(at, field, NO_VALUE);
  } else {
    const dns = sums[base + SUM_DNS]! / phased;
    const connect = sums[base + SUM_CONNECT]! / phased;
    const tls = sums[base + SUM_TLS]! / phased;
    const firstByte = sums[base + SUM_FIRST_BYTE]! / phased;
    ring.set(at, DNS, chartCode(dns));
    ring.set(at, CONNECT, chartCode(connect));
    ring.set(at, TLS, chartCode(tls));
    ring.set(at, FIRST_BYTE, chartCode(firstByte));
    measured = dns + connect + tls + firstByte;
  }
  ring.set(at, REST, answered === 0 ? NO_VALUE : chartCode(Math.max(0, sums[base + SUM_TOTAL_MS]! / answered - measured)));
}

/** Adds an answered result to the open bucket's sums (opening its bucket if it is newer) and writes its chart values. */
function addChart(ring: BucketRing, sums: Float64Array, base: number, result: CheckResult): void {
  const bucket = Math.floor(result.at / ring.sizeMs);
  // A result for a bucket before the open one (none arrive: results come in time order) counts but does not move the chart.
  if (result.status === 'down' || bucket < sums[base + SUM_BUCKET]!) return;
  if (bucket > sums[base + SUM_BUCKET]!) {
    sums.fill(0, base, base + SUM_FIELDS);
    sums[base + SUM_BUCKET] = bucket;
  }
  sums[base + SUM_ANSWERED]! += 1;
  sums[base + SUM_TOTAL_MS]! += Math.round(result.totalMs);
  const { phases } = result;
  if (phases.firstByte !== null) {
    sums[base + SUM_PHASED]! += 1;
    sums[base + SUM_DNS]! += Math.round(phases.dns ?? 0);
    sums[base + SUM_CONNECT]! += Math.round(phases.connect ?? 0);
    sums[base + SUM_TLS]! += Math.round(phases.tls ?? 0);
    sums[base + SUM_FIRST_BYTE]! += Math.round(phases.firstByte);
  }
  writeChart(ring, sums, base, result.at);
}

/** Adds a committed result. Results must arrive in time order per monitor (they do: checks of one monitor never overlap). */
export function applyResult(history: MonitorHistory, result: CheckResult): void {
  history.version++;
  addCounts(history.days, result, DAY_TOTAL_MS);
  addCounts(history.hours, result, HOUR_TOTAL_MS);
  addCounts(history.tens, result, null);
  addChart(history.hours, history.sums, history.sumsBase + HOUR_SUMS, result);
  addChart(history.tens, history.sums, history.sumsBase + TEN_SUMS, result);
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
    setCounts(history.days, row.start, row, DAY_TOTAL_MS);
  }
  const thisHour = Math.floor(now / HOUR) * HOUR;
  const weekAgo = thisHour - CHART_7D_BUCKETS * HOUR;
  for (const row of store.rollups.sums('hour', key, weekAgo, now + 1)) {
    setCounts(history.hours, row.start, row, HOUR_TOTAL_MS);
    setChart(history.hours, history.sums, history.sumsBase + HOUR_SUMS, row);
  }

  const tensFrom = (Math.floor(now / TEN_MINUTES) - (CHART_24H_BUCKETS - 1)) * TEN_MINUTES;
  for (const row of store.rollups.sums('ten', key, tensFrom, now + 1)) {
    setCounts(history.tens, row.start, row, null);
    setChart(history.tens, history.sums, history.sumsBase + TEN_SUMS, row);
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

/** A stored bucket's sums become the open bucket's (rows come oldest first: the last one stays open for the results that follow). */
function setChart(ring: BucketRing, sums: Float64Array, base: number, row: BucketSums): void {
  sums[base + SUM_BUCKET] = Math.floor(row.start / ring.sizeMs);
  sums[base + SUM_ANSWERED] = row.up + row.degraded;
  sums[base + SUM_TOTAL_MS] = row.totalMs;
  sums[base + SUM_PHASED] = row.phases.phased;
  sums[base + SUM_DNS] = row.phases.dns;
  sums[base + SUM_CONNECT] = row.phases.connect;
  sums[base + SUM_TLS] = row.phases.tls;
  sums[base + SUM_FIRST_BYTE] = row.phases.firstByte;
  writeChart(ring, sums, base, row.start);
}

function setCounts(ring: BucketRing, start: number, row: BucketSums, totalField: number | null): void {
  ring.set(start, CHECKS, row.checks);
  ring.set(start, ANSWERED, row.up + row.degraded);
  if (totalField !== null) ring.set(start, totalField, row.totalMs);
}
