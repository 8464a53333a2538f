/**
 * Per-bucket sums of raw results, finer than the hourly rollups: the 24-hour chart's ten-minute
 * DNS/connect/TLS/first-byte breakdown, read once per monitor at start-up over one day of rows
 * (the 7-day chart reads the rollups' phase sums). Aggregated in SQLite: reading the rows into
 * JavaScript costs several times more.
 *
 * This is the one place outside storage/ that reads a table directly; it belongs in
 * storage/results.ts (as `phaseSums`) and should move there. It relies on that module's
 * encoding: status 0 down, 1 up, 2 degraded; phases in whole ms, NULL when not measured.
 */
import type { Db } from '../storage/db.js';

export interface PhaseSums {
  /** Start of the bucket, ms since the epoch. */
  readonly start: number;
  readonly checks: number;
  readonly up: number;
  readonly degraded: number;
  /** Sum of total ms over answered (up or degraded) checks, as the rollups count it. */
  readonly totalMs: number;
  /** Answered checks whose phases were measured (the request reached a first byte). */
  readonly phased: number;
  readonly dns: number;
  readonly connect: number;
  readonly tls: number;
  readonly firstByte: number;
}

/** bucket, checks, up, degraded, total ms, phased, dns, connect, tls, first byte: rows as arrays (see rollups.ts). */
type Raw = [number, number, number, number, number, number, number, number, number, number];

export type PhaseQuery = (key: number, from: number, to: number, bucketMs: number) => PhaseSums[];

export function createPhaseQuery(db: Db): PhaseQuery {
  const measured = 'status != 0 AND ttfb IS NOT NULL';
  const statement = db.prepare<[number, number, number, number], Raw>(
    `SELECT CAST(at / ? AS INTEGER) AS bucket, COUNT(*) AS checks, SUM(status = 1) AS up, SUM(status = 2) AS degraded,
            SUM(CASE WHEN status != 0 THEN total ELSE 0 END) AS total_ms,
            SUM(${measured}) AS phased,
            SUM(CASE WHEN ${measured} THEN COALESCE(dns, 0) ELSE 0 END) AS dns,
            SUM(CASE WHEN ${measured} THEN COALESCE(connect, 0) ELSE 0 END) AS connect,
            SUM(CASE WHEN ${measured} THEN COALESCE(tls, 0) ELSE 0 END) AS tls,
            SUM(CASE WHEN ${measured} THEN ttfb ELSE 0 END) AS ttfb
     FROM results WHERE monitor = ? AND at >= ? AND at < ? GROUP BY bucket ORDER BY bucket`,
  ).raw(true);
  return (key, from, to, bucketMs) =>
    (statement.all(bucketMs, key, from, to) as unknown as Raw[]).map(([bucket, checks, up, degraded, totalMs, phased, dns, connect, tls, firstByte]) => ({
      start: bucket * bucketMs,
      checks,
      up,
      degraded,
      totalMs,
      phased,
      dns,
      connect,
      tls,
      firstByte,
    }));
}
