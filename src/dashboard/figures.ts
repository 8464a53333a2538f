/**
 * Numbers derived from a monitor's in-memory history: uptime per window, the day and hour
 * bars (run-length encoded) and the response-time series for the charts. Pure.
 */
import type { BucketRing } from './buckets.js';
import { chartValue, tenth } from './chart-values.js';
import {
  ANSWERED, BAR_DAYS, CHART_24H_BUCKETS, CHART_7D_BUCKETS, CHECKS, CONNECT, DAY, DAY_TOTAL_MS, DNS, FIRST_BYTE, HOUR, HOUR_TOTAL_MS, REST, TEN_MINUTES, TLS,
  type Incident, type MonitorHistory,
} from './history.js';

export const WINDOW_NAMES = ['24h', '7d', '30d', '90d'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export interface WindowFigures {
  /** Percent of checks answered (up or degraded), floored to 2 decimals so a failure never shows as 100; null without checks. */
  readonly uptime: number | null;
  readonly checks: number;
  readonly avgMs: number | null;
  readonly incidents: number;
}

/** A run of consecutive buckets with the same uptime and incident count: [buckets, uptime, incidents]. */
export type Run = [count: number, uptime: number | null, incidents: number];

export interface Bar {
  /** Start of the first bucket, ms since the epoch. */
  readonly start: number;
  readonly stepMs: number;
  readonly runs: Run[];
}

export interface Series {
  readonly start: number;
  readonly stepMs: number;
  /**
   * Average ms per bucket over answered checks; NaN where nothing was answered or measured
   * (null in the page's JSON). Typed arrays, views of one buffer per series: in plain arrays
   * with nulls among them every fraction was a heap object for the collector, and a page has
   * about 1,900 chart values.
   */
  readonly dns: Float64Array;
  readonly connect: Float64Array;
  readonly tls: Float64Array;
  readonly firstByte: Float64Array;
  /** Total minus the phases (reading the body, or all of it where phases were not measured). */
  readonly rest: Float64Array;
  readonly failed: Float64Array;
}

export function percent(answered: number, checks: number): number | null {
  if (checks === 0) return null;
  return Math.floor((answered / checks) * 10_000) / 100;
}

function sumBuckets(ring: BucketRing, totalField: number, first: number, last: number): { checks: number; answered: number; totalMs: number } {
  let checks = 0;
  let answered = 0;
  let totalMs = 0;
  for (let bucket = first; bucket <= last; bucket++) {
    checks += ring.get(bucket, CHECKS);
    answered += ring.get(bucket, ANSWERED);
    totalMs += ring.get(bucket, totalField);
  }
  return { checks, answered, totalMs };
}

function incidentsSince(incidents: readonly Incident[], from: number): number {
  let count = 0;
  for (const incident of incidents) if (incident.start >= from) count++;
  return count;
}

/**
 * 24h and 7d are rolling, at hour precision like the API; 30d and 90d are the last 30 and 90
 * UTC days including today, so the 90d figure is exactly what the 90-day bar shows.
 */
export function windowFigures(history: MonitorHistory, now: number): Record<WindowName, WindowFigures> {
  const thisHour = Math.floor(now / HOUR);
  const today = Math.floor(now / DAY);
  const figures = (sums: { checks: number; answered: number; totalMs: number }, from: number): WindowFigures => ({
    uptime: percent(sums.answered, sums.checks),
    checks: sums.checks,
    avgMs: sums.answered === 0 ? null : tenth(sums.totalMs / sums.answered),
    incidents: incidentsSince(history.incidents, from),
  });
  return {
    '24h': figures(sumBuckets(history.hours, HOUR_TOTAL_MS, Math.floor((now - DAY) / HOUR), thisHour), now - DAY),
    '7d': figures(sumBuckets(history.hours, HOUR_TOTAL_MS, Math.floor((now - 7 * DAY) / HOUR), thisHour), now - 7 * DAY),
    '30d': figures(sumBuckets(history.days, DAY_TOTAL_MS, today - 29, today), (today - 29) * DAY),
    '90d': figures(sumBuckets(history.days, DAY_TOTAL_MS, today - (BAR_DAYS - 1), today), (today - (BAR_DAYS - 1)) * DAY),
  };
}

function barOf(ring: BucketRing, incidents: readonly Incident[], lastBucket: number, count: number): Bar {
  const size = ring.sizeMs;
  const first = lastBucket - count + 1;
  const perBucket = new Map<number, number>();
  for (const incident of incidents) {
    const bucket = Math.floor(incident.start / size);
    if (bucket >= first) perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1);
  }
  const runs: Run[] = [];
  for (let bucket = first; bucket <= lastBucket; bucket++) {
    const uptime = percent(ring.get(bucket, ANSWERED), ring.get(bucket, CHECKS));
    const count = perBucket.get(bucket) ?? 0;
    const last = runs.at(-1);
    if (last && last[1] === uptime && last[2] === count) last[0]++;
    else runs.push([1, uptime, count]);
  }
  return { start: first * size, stepMs: size, runs };
}

/** The last 90 UTC days, today included. */
export function dayBar(history: MonitorHistory, now: number): Bar {
  return barOf(history.days, history.incidents, Math.floor(now / DAY), BAR_DAYS);
}

/** The last 24 hours, the current one included. */
export function hourBar(history: MonitorHistory, now: number): Bar {
  return barOf(history.hours, history.incidents, Math.floor(now / HOUR), 24);
}

/** The six lists of a series as views of one buffer: a typed array of its own each cost more than filling it. */
function views(buffer: Float64Array, count: number) {
  const view = (index: number): Float64Array => buffer.subarray(index * count, (index + 1) * count);
  return { dns: view(0), connect: view(1), tls: view(2), firstByte: view(3), rest: view(4), failed: view(5) };
}

/** Values a series of `count` buckets needs in its buffer. */
export const seriesLength = (count: number): number => 6 * count;

/**
 * Fills `buffer` with the six lists, one after the other, then hands out views of it. Written
 * by offset rather than through the views, and read field by field from the ring's slot: the
 * loop runs 300 times per page, and copying each bucket's fields out first took half again as
 * long. The ring holds the chart values themselves (history.ts keeps them as they change).
 */
function seriesOf(ring: BucketRing, lastBucket: number, count: number, buffer: Float64Array): Series {
  const first = lastBucket - count + 1;
  const [dnsAt, connectAt, tlsAt, firstByteAt, restAt, failedAt] = [0, count, 2 * count, 3 * count, 4 * count, 5 * count];
  for (let index = 0; index < count; index++) {
    const slot = ring.slot(first + index);
    if (slot < 0) {
      // Not held (before the history starts): no checks, nothing to draw.
      buffer[failedAt + index] = 0;
      buffer[dnsAt + index] = buffer[connectAt + index] = buffer[tlsAt + index] = buffer[firstByteAt + index] = buffer[restAt + index] = NaN;
      continue;
    }
    buffer[failedAt + index] = ring.read(slot, CHECKS) - ring.read(slot, ANSWERED);
    buffer[dnsAt + index] = chartValue(ring.read(slot, DNS));
    buffer[connectAt + index] = chartValue(ring.read(slot, CONNECT));
    buffer[tlsAt + index] = chartValue(ring.read(slot, TLS));
    buffer[firstByteAt + index] = chartValue(ring.read(slot, FIRST_BYTE));
    buffer[restAt + index] = chartValue(ring.read(slot, REST));
  }
  return { start: first * ring.sizeMs, stepMs: ring.sizeMs, ...views(buffer, count) };
}

/**
 * The 24-hour chart, in `buffer` when given (at least seriesLength(CHART_24H_BUCKETS) values):
 * a page writes its series out at once (chart-json.ts), so one buffer serves every page, where
 * two of their own per page made a full rendering of 1,000 monitors allocate 15 MB of them.
 */
export function chart24h(history: MonitorHistory, now: number, buffer = new Float64Array(seriesLength(CHART_24H_BUCKETS))): Series {
  return seriesOf(history.tens, Math.floor(now / TEN_MINUTES), CHART_24H_BUCKETS, buffer);
}

/** The 7-day chart, in `buffer` when given (see chart24h). */
export function chart7d(history: MonitorHistory, now: number, buffer = new Float64Array(seriesLength(CHART_7D_BUCKETS))): Series {
  return seriesOf(history.hours, Math.floor(now / HOUR), CHART_7D_BUCKETS, buffer);
}
