/** Uptime and response-time statistics per window, read from rollups (never raw results). */
import { quantile } from '../storage/histogram.js';
import type { Aggregate } from '../storage/rollups.js';
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

export function windowStats(store: Store, key: number, now: number, window: WindowName): WindowStats {
  const from = now - WINDOWS[window];
  return summarise(store.rollups.window(key, from, now + 1), store.stateChanges.countDowns(key, from));
}

export function allWindowStats(store: Store, key: number, now: number): Record<WindowName, WindowStats> {
  return {
    '24h': windowStats(store, key, now, '24h'),
    '7d': windowStats(store, key, now, '7d'),
    '30d': windowStats(store, key, now, '30d'),
    '90d': windowStats(store, key, now, '90d'),
  };
}
