/**
 * Versioned schema. Append only: a released migration is never edited.
 *
 * Results are the bulk of the file, so their row is narrow: an integer monitor key (not the
 * slug), time in ms, small integers for status and phases, and the failure reason interned
 * in `reasons`. WITHOUT ROWID keyed by (monitor, time) keeps one B-tree and no extra index.
 */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE monitors (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL CHECK (source IN ('file', 'api')),
        -- API monitors: the body as given (defaults apply on load); file monitors: the resolved spec.
        input TEXT NOT NULL,
        -- 0 when a file monitor left monitors.yaml: no longer checked, history kept.
        active INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        status_since INTEGER,
        fail_streak INTEGER NOT NULL DEFAULT 0,
        last_result TEXT,
        tls TEXT
      );
      CREATE TABLE reasons (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE
      );
      CREATE TABLE results (
        monitor INTEGER NOT NULL REFERENCES monitors(key) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        status INTEGER NOT NULL, -- 0 down, 1 up, 2 degraded
        code INTEGER,
        total INTEGER NOT NULL,
        dns INTEGER,
        connect INTEGER,
        tls INTEGER,
        ttfb INTEGER,
        reason INTEGER REFERENCES reasons(id),
        PRIMARY KEY (monitor, at)
      ) WITHOUT ROWID;
      CREATE TABLE rollups_hourly (
        monitor INTEGER NOT NULL REFERENCES monitors(key) ON DELETE CASCADE,
        bucket INTEGER NOT NULL, -- hours since the epoch
        checks INTEGER NOT NULL,
        up INTEGER NOT NULL,
        degraded INTEGER NOT NULL,
        total_ms INTEGER NOT NULL,
        hist BLOB NOT NULL,
        PRIMARY KEY (monitor, bucket)
      ) WITHOUT ROWID;
      CREATE TABLE rollups_daily (
        monitor INTEGER NOT NULL REFERENCES monitors(key) ON DELETE CASCADE,
        bucket INTEGER NOT NULL, -- UTC days since the epoch
        checks INTEGER NOT NULL,
        up INTEGER NOT NULL,
        degraded INTEGER NOT NULL,
        total_ms INTEGER NOT NULL,
        hist BLOB NOT NULL,
        PRIMARY KEY (monitor, bucket)
      ) WITHOUT ROWID;
      CREATE TABLE state_changes (
        id INTEGER PRIMARY KEY,
        monitor INTEGER NOT NULL REFERENCES monitors(key) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        reason TEXT
      );
      CREATE INDEX state_changes_monitor_at ON state_changes(monitor, at);
      CREATE INDEX state_changes_at ON state_changes(at);
    `,
  },
];
