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
  /**
   * The migration rebuilds tables (create, copy, drop, rename): it runs with foreign keys off, so
   * dropping the old table fires no cascade, and they are checked before it commits.
   */
  readonly rebuildsTables?: boolean;
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
  {
    // Alerts: each state change is claimed once by the dispatcher (alerted), turned into an
    // alert event, and each event into one delivery per channel, stored before it is attempted;
    // every attempt is a row with its outcome. alert_state keeps what channels were told, the
    // flapping window and the TLS warnings sent, per monitor.
    version: 2,
    sql: `
      ALTER TABLE state_changes ADD COLUMN alerted INTEGER;
      -- Changes from before alerting existed are history, not news.
      UPDATE state_changes SET alerted = at;
      CREATE INDEX state_changes_unalerted ON state_changes(id) WHERE alerted IS NULL;
      CREATE TABLE alert_events (
        id INTEGER PRIMARY KEY,
        monitor INTEGER REFERENCES monitors(key) ON DELETE CASCADE,
        state_change INTEGER UNIQUE REFERENCES state_changes(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        at INTEGER NOT NULL,
        suppressed TEXT,
        facts TEXT NOT NULL
      );
      CREATE INDEX alert_events_monitor ON alert_events(monitor, id);
      CREATE INDEX alert_events_at ON alert_events(at);
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        event INTEGER NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
        monitor INTEGER,
        channel TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'retrying', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        next_at INTEGER NOT NULL,
        claimed INTEGER,
        last_error TEXT,
        sent_at INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (event, channel)
      );
      CREATE INDEX deliveries_due ON deliveries(next_at) WHERE status IN ('pending', 'retrying');
      CREATE INDEX deliveries_open ON deliveries(channel, monitor, id) WHERE status IN ('pending', 'retrying', 'sending');
      CREATE TABLE delivery_attempts (
        delivery INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        at INTEGER NOT NULL,
        ms INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        error TEXT,
        PRIMARY KEY (delivery, attempt)
      ) WITHOUT ROWID;
      CREATE TABLE alert_state (
        monitor INTEGER PRIMARY KEY REFERENCES monitors(key) ON DELETE CASCADE,
        state TEXT NOT NULL
      );
    `,
  },
  {
    // Phase sums in the hourly rollups, for the dashboard's DNS/connect/TLS/first-byte charts:
    // answered checks whose phases were measured (they reached a first byte), and the sums of
    // those phases in whole ms. Hours written before this migration read as unmeasured.
    version: 3,
    sql: `
      ALTER TABLE rollups_hourly ADD COLUMN phased INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rollups_hourly ADD COLUMN dns_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rollups_hourly ADD COLUMN connect_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rollups_hourly ADD COLUMN tls_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rollups_hourly ADD COLUMN first_byte_ms INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    // Ten-minute sums for the dashboard's 24-hour chart, kept two days: reading 144 of them per
    // monitor replaces aggregating a day of raw results (1.4-1.9 s for 1,000 monitors at
    // start-up, measured). Counts as in the hourly rollups; filled from the last two days of
    // raw results.
    version: 4,
    sql: `
      CREATE TABLE rollups_tens (
        monitor INTEGER NOT NULL REFERENCES monitors(key) ON DELETE CASCADE,
        bucket INTEGER NOT NULL, -- ten-minute periods since the epoch
        checks INTEGER NOT NULL,
        up INTEGER NOT NULL,
        degraded INTEGER NOT NULL,
        total_ms INTEGER NOT NULL,
        phased INTEGER NOT NULL,
        dns_ms INTEGER NOT NULL,
        connect_ms INTEGER NOT NULL,
        tls_ms INTEGER NOT NULL,
        first_byte_ms INTEGER NOT NULL,
        PRIMARY KEY (monitor, bucket)
      ) WITHOUT ROWID;
      INSERT INTO rollups_tens
        SELECT monitor, at / 600000, COUNT(*), SUM(status = 1), SUM(status = 2),
               SUM(CASE WHEN status != 0 THEN total ELSE 0 END),
               SUM(status != 0 AND ttfb IS NOT NULL),
               SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN COALESCE(dns, 0) ELSE 0 END),
               SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN COALESCE(connect, 0) ELSE 0 END),
               SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN COALESCE(tls, 0) ELSE 0 END),
               SUM(CASE WHEN status != 0 AND ttfb IS NOT NULL THEN ttfb ELSE 0 END)
        FROM results WHERE at >= (SELECT COALESCE(MAX(at), 0) FROM results) - 172800000
        GROUP BY monitor, at / 600000;
    `,
  },
  {
    // Event and delivery ids are never reused: receivers de-duplicate on them (payload id,
    // X-Lookout-Delivery). Without AUTOINCREMENT, deleting the newest rows (a deleted API
    // monitor's cascade) handed their ids to the next alerts. Rebuilt with rows, keys and indexes
    // as they were; ids deleted before this migration may still be given once more.
    version: 5,
    rebuildsTables: true,
    sql: `
      CREATE TABLE alert_events_next (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        monitor INTEGER REFERENCES monitors(key) ON DELETE CASCADE,
        state_change INTEGER UNIQUE REFERENCES state_changes(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        at INTEGER NOT NULL,
        suppressed TEXT,
        facts TEXT NOT NULL
      );
      INSERT INTO alert_events_next (id, monitor, state_change, kind, at, suppressed, facts)
        SELECT id, monitor, state_change, kind, at, suppressed, facts FROM alert_events;
      DROP TABLE alert_events;
      ALTER TABLE alert_events_next RENAME TO alert_events;
      CREATE INDEX alert_events_monitor ON alert_events(monitor, id);
      CREATE INDEX alert_events_at ON alert_events(at);
      CREATE TABLE deliveries_next (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event INTEGER NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
        monitor INTEGER,
        channel TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'retrying', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        next_at INTEGER NOT NULL,
        claimed INTEGER,
        last_error TEXT,
        sent_at INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (event, channel)
      );
      INSERT INTO deliveries_next (id, event, monitor, channel, status, attempts, max_attempts, next_at, claimed, last_error, sent_at, created_at)
        SELECT id, event, monitor, channel, status, attempts, max_attempts, next_at, claimed, last_error, sent_at, created_at FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_next RENAME TO deliveries;
      CREATE INDEX deliveries_due ON deliveries(next_at) WHERE status IN ('pending', 'retrying');
      CREATE INDEX deliveries_open ON deliveries(channel, monitor, id) WHERE status IN ('pending', 'retrying', 'sending');
    `,
  },
  {
    // Monitor keys are never reused either. A deleted API monitor's key went to the next one
    // created, and whatever the process still held under that key (its alert state: "down
    // already notified"; the dashboard's history) became the new monitor's. Every table that
    // refers to monitors names it, so the rebuilt table takes their references over.
    version: 6,
    rebuildsTables: true,
    sql: `
      CREATE TABLE monitors_next (
        key INTEGER PRIMARY KEY AUTOINCREMENT,
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
      INSERT INTO monitors_next (key, id, source, input, active, created_at, updated_at, status, status_since, fail_streak, last_result, tls)
        SELECT key, id, source, input, active, created_at, updated_at, status, status_since, fail_streak, last_result, tls FROM monitors;
      DROP TABLE monitors;
      ALTER TABLE monitors_next RENAME TO monitors;
    `,
  },
];
