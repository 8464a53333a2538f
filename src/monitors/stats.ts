/** Uptime and response-time statistics per window, read from rollups (never raw results). */
import { quantile } from '../storage/histogram.js';
import { addResult, emptyAggregate, HOUR_MS, mergeAggregate, type Aggregate } from '../storage/rollups.js';
import type { Store } from '../storage/store.js';

export const WINDOWS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;
export type WindowName = keyof typeof WINDOWS;

export interface WindowStats {
  /** Percent of checks that got an acceptable answer (up or degraded); null with no checks. */
  readonly uptime: number | null;
  readonly checks: number;
  readonly avgMs: number | null;
  readonly p95Ms: number | null;
  readonly incidents: number;
}

export function summarise(aggregate: Aggregate, incidents: number): WindowStats {
  const answered = aggregate.up + aggregate.degraded;
  const p95 = quantile(aggregate.hist, 0.95);
  return {
    uptime: aggregate.checks === 0 ? null : Math.round((answered / aggregate.checks) * 100_000) / 1000,
    checks: aggregate.checks,
    avgMs: answered === 0 ? null : Math.round((aggregate.totalMs / answered) * 10) / 10,
    p95Ms: p95 === null ? null : Math.round(p95 * 10) / 10,
    incidents,
  };
}

/**
 * Totals over [from, to). Whole hours come from the rollups; the partial first hour from raw
 * results while they are kept (so "24h" means 24 hours, not 24 and a bit), otherwise from its
 * hourly rollup.
 */
export function windowAggregate(store: Store, key: number, from: number, to: number): Aggregate {
  const edge = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const oldestRaw = store.results.oldestAt(key);
  if (edge === from || oldestRaw === null || oldestRaw > from) return store.rollups.window(key, from, to);
  const total = store.rollups.window(key, edge, to);
  const partial = emptyAggregate();
  for (const result of store.results.statusesBetween(key, from, edge)) addResult(partial, result);
  mergeAggregate(total, partial);
  return total;
}

export function windowStats(store: Store, key: number, now: number, window: WindowName): WindowStats {
  const from = now - WINDOWS[window];
  return summarise(windowAggregate(store, key, from, now + 1), store.stateChanges.countDowns(key, from));
}

export function allWindowStats(store: Store, key: number, now: number): Record<WindowName, WindowStats> {
  return {
    '24h': windowStats(store, key, now, '24h'),
    '7d': windowStats(store, key, now, '7d'),
    '30d': windowStats(store, key, now, '30d'),
    '90d': windowStats(store, key, now, '90d'),
  };
}
