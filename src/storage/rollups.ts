/**
 * Hourly and daily rollups, updated in the same transaction as the results they summarise, so
 * statistics over 90 days read at most a few hundred small rows and never scan raw results.
 */
import type { CheckResult } from '../checks/types.js';
import type { Db } from './db.js';
import { add, decode, encode, merge, type Histogram } from './histogram.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface Aggregate {
  checks: number;
  up: number;
  degraded: number;
  totalMs: number;
  hist: Histogram;
}

export interface BucketAggregate extends Aggregate {
  /** Start of the hour or day, ms since the epoch. */
  readonly start: number;
}

export function emptyAggregate(): Aggregate {
  return { checks: 0, up: 0, degraded: 0, totalMs: 0, hist: new Map() };
}

export function addResult(aggregate: Aggregate, result: Pick<CheckResult, 'status' | 'totalMs'>): void {
  aggregate.checks += 1;
  if (result.status === 'up') aggregate.up += 1;
  if (result.status === 'degraded') aggregate.degraded += 1;
  // Response time describes answers; a timeout's duration is the timeout, not a response.
  if (result.status !== 'down') {
    aggregate.totalMs += Math.round(result.totalMs);
    add(aggregate.hist, result.totalMs);
  }
}

export function mergeAggregate(into: Aggregate, from: Aggregate): void {
  into.checks += from.checks;
  into.up += from.up;
  into.degraded += from.degraded;
  into.totalMs += from.totalMs;
  merge(into.hist, from.hist);
}

interface RawRollup {
  bucket: number;
  checks: number;
  up: number;
  degraded: number;
  total_ms: number;
  hist: Buffer;
}

type Table = 'rollups_hourly' | 'rollups_daily';

export type RollupRepository = ReturnType<typeof createRollupRepository>;

export function createRollupRepository(db: Db) {
  const prepared = (table: Table) => ({
    get: db.prepare<[number, number], RawRollup>(`SELECT * FROM ${table} WHERE monitor = ? AND bucket = ?`),
    upsert: db.prepare(
      `INSERT OR REPLACE INTO ${table} (monitor, bucket, checks, up, degraded, total_ms, hist) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    range: db.prepare<[number, number, number], RawRollup>(`SELECT * FROM ${table} WHERE monitor = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`),
    prune: db.prepare<[number]>(`DELETE FROM ${table} WHERE bucket < ?`),
  });
  const tables = { hour: prepared('rollups_hourly'), day: prepared('rollups_daily') };
  const sizes = { hour: HOUR_MS, day: DAY_MS };

  function toAggregate(raw: RawRollup, size: number): BucketAggregate {
    return { start: raw.bucket * size, checks: raw.checks, up: raw.up, degraded: raw.degraded, totalMs: raw.total_ms, hist: decode(raw.hist) };
  }

  return {
    /** Adds a batch of results; call inside the writer's transaction. */
    apply(items: readonly { key: number; result: CheckResult }[]): void {
      for (const unit of ['hour', 'day'] as const) {
        const pending = new Map<string, { key: number; bucket: number; aggregate: Aggregate }>();
        for (const { key, result } of items) {
          const bucket = Math.floor(result.at / sizes[unit]);
          const id = `${key}:${bucket}`;
          let entry = pending.get(id);
          if (!entry) {
            entry = { key, bucket, aggregate: emptyAggregate() };
            pending.set(id, entry);
          }
          addResult(entry.aggregate, result);
        }
        const table = tables[unit];
        for (const { key, bucket, aggregate } of pending.values()) {
          const existing = table.get.get(key, bucket);
          if (existing) mergeAggregate(aggregate, toAggregate(existing, sizes[unit]));
          table.upsert.run(key, bucket, aggregate.checks, aggregate.up, aggregate.degraded, aggregate.totalMs, encode(aggregate.hist));
        }
      }
    },
    /** Buckets whose start lies in [from, to). */
    range(unit: 'hour' | 'day', key: number, from: number, to: number): BucketAggregate[] {
      const size = sizes[unit];
      return tables[unit].range.all(key, Math.floor(from / size), Math.ceil(to / size)).map((raw) => toAggregate(raw, size));
    },
    /**
     * Totals over [from, to): whole days from the daily table, the ragged edges from the
     * hourly table. Hour precision at the edges, a few hundred rows at most for 90 days.
     */
    window(key: number, from: number, to: number): Aggregate {
      const total = emptyAggregate();
      const firstFullDay = Math.ceil(from / DAY_MS) * DAY_MS;
      const lastFullDay = Math.floor(to / DAY_MS) * DAY_MS;
      const fromHour = Math.floor(from / HOUR_MS) * HOUR_MS;
      if (firstFullDay >= lastFullDay) {
        for (const row of this.range('hour', key, fromHour, to)) mergeAggregate(total, row);
        return total;
      }
      for (const row of this.range('hour', key, fromHour, firstFullDay)) mergeAggregate(total, row);
      for (const row of this.range('day', key, firstFullDay, lastFullDay)) mergeAggregate(total, row);
      for (const row of this.range('hour', key, lastFullDay, to)) mergeAggregate(total, row);
      return total;
    },
    prune(before: number): number {
      return tables.hour.prune.run(Math.floor(before / HOUR_MS)).changes + tables.day.prune.run(Math.floor(before / DAY_MS)).changes;
    },
  };
}
