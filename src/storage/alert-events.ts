/**
 * Alert events and what the dispatcher needs around them: claiming state changes (once each),
 * the per-monitor alert state, and the events' log for the API.
 */
import type { AlertEvent, EventKind, NewAlertEvent } from '../alerts/events.js';
import type { AlertState, Suppression } from '../alerts/policy.js';
import type { Db } from './db.js';
import type { MonitorStatus } from './monitors.js';

export interface StoredAlertEvent extends AlertEvent {
  readonly stateChangeId: number | null;
  readonly suppressed: Suppression | null;
}

export interface UnalertedChange {
  readonly id: number;
  readonly key: number;
  readonly monitorId: string;
  readonly at: number;
  readonly from: MonitorStatus;
  readonly to: MonitorStatus;
  readonly reason: string | null;
}

interface RawEvent {
  id: number;
  state_change: number | null;
  suppressed: Suppression | null;
  facts: string;
}

const toEvent = (raw: RawEvent): StoredAlertEvent => ({
  ...(JSON.parse(raw.facts) as NewAlertEvent),
  id: raw.id,
  stateChangeId: raw.state_change,
  suppressed: raw.suppressed,
});

export type AlertEventRepository = ReturnType<typeof createAlertEventRepository>;

export function createAlertEventRepository(db: Db) {
  const statements = {
    claim: db.prepare<[number, number]>('UPDATE state_changes SET alerted = ? WHERE id = ? AND alerted IS NULL'),
    unalerted: db.prepare<[number], { id: number; key: number; monitor_id: string; at: number; from_status: MonitorStatus; to_status: MonitorStatus; reason: string | null }>(
      `SELECT s.id, s.monitor AS key, m.id AS monitor_id, s.at, s.from_status, s.to_status, s.reason
       FROM state_changes s JOIN monitors m ON m.key = s.monitor WHERE s.alerted IS NULL ORDER BY s.id LIMIT ?`,
    ),
    lastInto: db.prepare<[number, string, number], { at: number }>(
      'SELECT at FROM state_changes WHERE monitor = ? AND to_status = ? AND id < ? ORDER BY id DESC LIMIT 1',
    ),
    loadState: db.prepare<[number], { state: string }>('SELECT state FROM alert_state WHERE monitor = ?'),
    saveState: db.prepare<[number, string]>('INSERT INTO alert_state (monitor, state) VALUES (?, ?) ON CONFLICT (monitor) DO UPDATE SET state = excluded.state'),
    insert: db.prepare<[number | null, number | null, string, number, string | null, string]>(
      'INSERT INTO alert_events (monitor, state_change, kind, at, suppressed, facts) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    prune: db.prepare<[number]>(
      `DELETE FROM alert_events WHERE at < ? AND NOT EXISTS (
         SELECT 1 FROM deliveries d WHERE d.event = alert_events.id AND d.status IN ('pending', 'sending', 'retrying'))`,
    ),
    byId: db.prepare<[number], RawEvent>('SELECT id, state_change, suppressed, facts FROM alert_events WHERE id = ?'),
    list: db.prepare<[{ monitor: string | null; kind: string | null; since: number; before: number; limit: number }], RawEvent>(
      `SELECT e.id, e.state_change, e.suppressed, e.facts FROM alert_events e LEFT JOIN monitors m ON m.key = e.monitor
       WHERE (@monitor IS NULL OR m.id = @monitor) AND (@kind IS NULL OR e.kind = @kind) AND e.at >= @since AND e.id < @before
       ORDER BY e.id DESC LIMIT @limit`,
    ),
  };

  return {
    /** Marks a state change as handled; false when it already was (someone else owns it). */
    claimStateChange(id: number, now: number): boolean {
      return statements.claim.run(now, id).changes === 1;
    },
    /** State changes no dispatcher has handled yet (left by a crash between commit and dispatch). */
    unalerted(limit = 1000): UnalertedChange[] {
      return statements.unalerted.all(limit).map((raw) => ({ id: raw.id, key: raw.key, monitorId: raw.monitor_id, at: raw.at, from: raw.from_status, to: raw.to_status, reason: raw.reason }));
    },
    /** When the monitor last turned `status` before the state change `beforeId` (downtime). */
    lastChangeInto(key: number, status: MonitorStatus, beforeId: number = Number.MAX_SAFE_INTEGER): number | null {
      return statements.lastInto.get(key, status, beforeId)?.at ?? null;
    },
    loadState(key: number): AlertState | null {
      const raw = statements.loadState.get(key);
      return raw ? (JSON.parse(raw.state) as AlertState) : null;
    },
    saveState(key: number, state: AlertState): void {
      statements.saveState.run(key, JSON.stringify(state));
    },
    /** Stores an event; returns its id. */
    insert(event: NewAlertEvent, options: { key: number | null; stateChangeId: number | null; suppressed: Suppression | null }): number {
      return Number(statements.insert.run(options.key, options.stateChangeId, event.kind, event.at, options.suppressed, JSON.stringify(event)).lastInsertRowid);
    },
    /** Deletes events older than `before` (their deliveries and attempts go with them); never open ones. */
    prune(before: number): number {
      return statements.prune.run(before).changes;
    },
    get(id: number): StoredAlertEvent | null {
      const raw = statements.byId.get(id);
      return raw ? toEvent(raw) : null;
    },
    /** Newest first; `before` is an id cursor (exclusive). */
    list(query: { monitorId?: string; kind?: EventKind; since?: number; before?: number; limit: number }): StoredAlertEvent[] {
      return statements.list
        .all({ monitor: query.monitorId ?? null, kind: query.kind ?? null, since: query.since ?? 0, before: query.before ?? Number.MAX_SAFE_INTEGER, limit: query.limit })
        .map(toEvent);
    },
    /** The event of each given state change. */
    forStateChanges(ids: readonly number[]): Map<number, StoredAlertEvent> {
      const found = new Map<number, StoredAlertEvent>();
      if (ids.length === 0) return found;
      const rows = db
        .prepare<number[], RawEvent>(`SELECT id, state_change, suppressed, facts FROM alert_events WHERE state_change IN (${ids.map(() => '?').join(', ')})`)
        .all(...ids);
      for (const row of rows) found.set(row.state_change!, toEvent(row));
      return found;
    },
  };
}
