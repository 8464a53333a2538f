/** Raw check results: narrow rows written in batches, read newest first with a cursor. */
import type { CheckResult, CheckStatus } from '../checks/types.js';
import type { Db } from './db.js';

const STATUS_CODE: Readonly<Record<CheckStatus, number>> = { down: 0, up: 1, degraded: 2 };
const STATUS_NAME: readonly CheckStatus[] = ['down', 'up', 'degraded'];

export interface StoredCheck {
  readonly at: number;
  readonly status: CheckStatus;
  readonly httpStatus: number | null;
  readonly totalMs: number;
  readonly phases: { dns: number | null; connect: number | null; tls: number | null; firstByte: number | null };
  readonly reason: string | null;
}

interface RawResult {
  at: number;
  status: number;
  code: number | null;
  total: number;
  dns: number | null;
  connect: number | null;
  tls: number | null;
  ttfb: number | null;
  reason: string | null;
}

export interface ListQuery {
  readonly since?: number;
  readonly until?: number;
  readonly limit: number;
}

export type ResultRepository = ReturnType<typeof createResultRepository>;

const ms = (value: number | null): number | null => (value === null ? null : Math.round(value));

export function createResultRepository(db: Db) {
  const reasonIds = new Map<string, number>();
  const findReason = db.prepare<[string], { id: number }>('SELECT id FROM reasons WHERE text = ?');
  const insertReason = db.prepare<[string]>('INSERT INTO reasons (text) VALUES (?)');
  // OR REPLACE: two results of one monitor in the same millisecond keep the later one.
  const insert = db.prepare(
    'INSERT OR REPLACE INTO results (monitor, at, status, code, total, dns, connect, tls, ttfb, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const list = db.prepare<[number, number, number, number], RawResult>(
    `SELECT r.at, r.status, r.code, r.total, r.dns, r.connect, r.tls, r.ttfb, reasons.text AS reason
     FROM results r LEFT JOIN reasons ON reasons.id = r.reason
     WHERE r.monitor = ? AND r.at >= ? AND r.at < ? ORDER BY r.at DESC LIMIT ?`,
  );
  const inRange = db.prepare<[number, number, number], { status: number; total: number }>(
    'SELECT status, total FROM results WHERE monitor = ? AND at >= ? AND at < ?',
  );
  const oldest = db.prepare<[number], { at: number | null }>('SELECT MIN(at) AS at FROM results WHERE monitor = ?');
  const pruneMonitor = db.prepare<[number, number]>('DELETE FROM results WHERE monitor = ? AND at < ?');

  function reasonId(text: string): number {
    let id = reasonIds.get(text);
    if (id === undefined) {
      id = findReason.get(text)?.id ?? Number(insertReason.run(text).lastInsertRowid);
      if (reasonIds.size > 10_000) reasonIds.clear();
      reasonIds.set(text, id);
    }
    return id;
  }

  return {
    /** Call inside a transaction (the writer's batch). */
    insert(key: number, result: CheckResult): void {
      insert.run(
        key,
        result.at,
        STATUS_CODE[result.status],
        result.httpStatus,
        Math.round(result.totalMs),
        ms(result.phases.dns),
        ms(result.phases.connect),
        ms(result.phases.tls),
        ms(result.phases.firstByte),
        result.reason === null ? null : reasonId(result.reason),
      );
    },
    /** Newest first; `until` is exclusive so the last `at` works as the next page's cursor. */
    list(key: number, query: ListQuery): StoredCheck[] {
      return list.all(key, query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER, query.limit).map((raw) => ({
        at: raw.at,
        status: STATUS_NAME[raw.status] ?? 'down',
        httpStatus: raw.code,
        totalMs: raw.total,
        phases: { dns: raw.dns, connect: raw.connect, tls: raw.tls, firstByte: raw.ttfb },
        reason: raw.reason,
      }));
    },
    /** Status and total time of the results in [from, to), for the ragged edge of a window. */
    statusesBetween(key: number, from: number, to: number): { status: CheckStatus; totalMs: number }[] {
      return inRange.all(key, from, to).map((raw) => ({ status: STATUS_NAME[raw.status] ?? 'down', totalMs: raw.total }));
    },
    /** Time of the oldest raw result kept for a monitor, or null. */
    oldestAt(key: number): number | null {
      return oldest.get(key)?.at ?? null;
    },
    /** Deletes one monitor's results older than `before`; returns how many. */
    prune(key: number, before: number): number {
      return pruneMonitor.run(key, before).changes;
    },
  };
}
