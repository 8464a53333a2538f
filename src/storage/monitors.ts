/** The monitors table: definitions from the file and the API, and each monitor's live state. */
import type { CheckResult, TlsFacts } from '../checks/types.js';
import type { MonitorSource } from '../config/schema.js';
import type { Db } from './db.js';

export type MonitorStatus = 'pending' | 'up' | 'down' | 'degraded';

export interface MonitorRow {
  readonly key: number;
  readonly id: string;
  readonly source: MonitorSource;
  /** API monitors: the body as given; file monitors: the resolved spec. */
  readonly input: Record<string, unknown>;
  readonly active: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly status: MonitorStatus;
  readonly statusSince: number | null;
  readonly failStreak: number;
  readonly lastResult: CheckResult | null;
  readonly tls: TlsFacts | null;
}

export interface MonitorState {
  readonly status: MonitorStatus;
  readonly statusSince: number | null;
  readonly failStreak: number;
}

interface RawRow {
  key: number;
  id: string;
  source: MonitorSource;
  input: string;
  active: number;
  created_at: number;
  updated_at: number;
  status: MonitorStatus;
  status_since: number | null;
  fail_streak: number;
  last_result: string | null;
  tls: string | null;
}

function toRow(raw: RawRow): MonitorRow {
  return {
    key: raw.key,
    id: raw.id,
    source: raw.source,
    input: JSON.parse(raw.input) as Record<string, unknown>,
    active: raw.active === 1,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    status: raw.status,
    statusSince: raw.status_since,
    failStreak: raw.fail_streak,
    lastResult: raw.last_result ? (JSON.parse(raw.last_result) as CheckResult) : null,
    tls: raw.tls ? (JSON.parse(raw.tls) as TlsFacts) : null,
  };
}

export type MonitorRepository = ReturnType<typeof createMonitorRepository>;

export function createMonitorRepository(db: Db) {
  const statements = {
    all: db.prepare<[], RawRow>('SELECT * FROM monitors ORDER BY id'),
    byId: db.prepare<[string], RawRow>('SELECT * FROM monitors WHERE id = ?'),
    insert: db.prepare<[string, MonitorSource, string, number, number]>(
      'INSERT INTO monitors (id, source, input, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ),
    update: db.prepare<[string, number, string]>('UPDATE monitors SET input = ?, active = 1, updated_at = ? WHERE id = ?'),
    adopt: db.prepare<[string, number, string]>("UPDATE monitors SET source = 'api', input = ?, active = 1, updated_at = ? WHERE id = ? AND source = 'file' AND active = 0"),
    deactivate: db.prepare<[number, string]>("UPDATE monitors SET active = 0, updated_at = ? WHERE id = ? AND source = 'file'"),
    remove: db.prepare<[string]>('DELETE FROM monitors WHERE id = ?'),
    saveState: db.prepare<[string, number | null, number, string | null, string | null, number]>(
      'UPDATE monitors SET status = ?, status_since = ?, fail_streak = ?, last_result = ?, tls = COALESCE(?, tls) WHERE key = ?',
    ),
  };

  return {
    list(): MonitorRow[] {
      return statements.all.all().map(toRow);
    },
    get(id: string): MonitorRow | null {
      const raw = statements.byId.get(id);
      return raw ? toRow(raw) : null;
    },
    /** Inserts a new monitor; the caller has checked that the id is free. */
    insert(id: string, source: MonitorSource, input: unknown, now: number): MonitorRow {
      statements.insert.run(id, source, JSON.stringify(input), now, now);
      return toRow(statements.byId.get(id)!);
    },
    /** Replaces the definition and marks the monitor active again (a file id put back). */
    update(id: string, input: unknown, now: number): MonitorRow {
      statements.update.run(JSON.stringify(input), now, id);
      return toRow(statements.byId.get(id)!);
    },
    /** A monitor removed from monitors.yaml becomes an API monitor with this definition, its history kept. */
    adopt(id: string, input: unknown, now: number): MonitorRow {
      statements.adopt.run(JSON.stringify(input), now, id);
      return toRow(statements.byId.get(id)!);
    },
    /** A file monitor left monitors.yaml: stop checking, keep the history. */
    deactivate(id: string, now: number): void {
      statements.deactivate.run(now, id);
    },
    /** Deletes a monitor; results, rollups and state changes go with it (cascade). */
    remove(id: string): boolean {
      return statements.remove.run(id).changes === 1;
    },
    saveState(key: number, state: MonitorState, lastResult: CheckResult | null): void {
      statements.saveState.run(
        state.status,
        state.statusSince,
        state.failStreak,
        lastResult ? JSON.stringify(lastResult) : null,
        lastResult?.tls ? JSON.stringify(lastResult.tls) : null,
        key,
      );
    },
  };
}
