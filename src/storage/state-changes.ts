/** State changes: one row per transition, written once; alerts and incidents read them. */
import type { Db } from './db.js';
import type { MonitorStatus } from './monitors.js';

export interface StateChange {
  readonly id: number;
  readonly monitorId: string;
  readonly at: number;
  readonly from: MonitorStatus;
  readonly to: MonitorStatus;
  readonly reason: string | null;
}

export interface NewStateChange {
  readonly key: number;
  readonly at: number;
  readonly from: MonitorStatus;
  readonly to: MonitorStatus;
  readonly reason: string | null;
}

interface RawChange {
  id: number;
  monitor_id: string;
  at: number;
  from_status: MonitorStatus;
  to_status: MonitorStatus;
  reason: string | null;
}

const toChange = (raw: RawChange): StateChange => ({
  id: raw.id,
  monitorId: raw.monitor_id,
  at: raw.at,
  from: raw.from_status,
  to: raw.to_status,
  reason: raw.reason,
});

export type StateChangeRepository = ReturnType<typeof createStateChangeRepository>;

export function createStateChangeRepository(db: Db) {
  const insert = db.prepare<[number, number, string, string, string | null]>(
    'INSERT INTO state_changes (monitor, at, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)',
  );
  const select = `SELECT s.id, m.id AS monitor_id, s.at, s.from_status, s.to_status, s.reason
                  FROM state_changes s JOIN monitors m ON m.key = s.monitor`;
  const listAll = db.prepare<[number, number, number], RawChange>(`${select} WHERE s.at >= ? AND s.id < ? ORDER BY s.id DESC LIMIT ?`);
  const listMonitor = db.prepare<[string, number, number, number], RawChange>(
    `${select} WHERE m.id = ? AND s.at >= ? AND s.id < ? ORDER BY s.id DESC LIMIT ?`,
  );
  const downs = db.prepare<[number, number], { count: number }>(
    "SELECT COUNT(*) AS count FROM state_changes WHERE monitor = ? AND at >= ? AND to_status = 'down'",
  );
  const byId = db.prepare<[number], RawChange>(`${select} WHERE s.id = ?`);

  return {
    /** Call inside the writer's transaction; returns the new row id. */
    insert(change: NewStateChange): number {
      return Number(insert.run(change.key, change.at, change.from, change.to, change.reason).lastInsertRowid);
    },
    get(id: number): StateChange | null {
      const raw = byId.get(id);
      return raw ? toChange(raw) : null;
    },
    /** Newest first. `before` is an id cursor (exclusive). */
    list(query: { monitorId?: string; since?: number; before?: number; limit: number }): StateChange[] {
      const since = query.since ?? 0;
      const before = query.before ?? Number.MAX_SAFE_INTEGER;
      const rows = query.monitorId ? listMonitor.all(query.monitorId, since, before, query.limit) : listAll.all(since, before, query.limit);
      return rows.map(toChange);
    },
    /** Incidents: transitions into "down" since `from`. */
    countDowns(key: number, from: number): number {
      return downs.get(key, from)?.count ?? 0;
    },
  };
}
