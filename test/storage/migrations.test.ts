import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAlertEventRepository } from '../../src/storage/alert-events.js';
import { createDeliveryRepository } from '../../src/storage/deliveries.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** A database left by a release at schema `version`, with two monitors' alerts in it. */
function oldDatabase(file: string, version: number): void {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  for (const migration of MIGRATIONS.filter((entry) => entry.version <= version)) db.exec(migration.sql);
  db.pragma(`user_version = ${version}`);
  const monitor = db.prepare("INSERT INTO monitors (id, source, input, created_at, updated_at) VALUES (?, 'api', '{}', 0, 0)");
  const change = db.prepare("INSERT INTO state_changes (monitor, at, from_status, to_status, reason, alerted) VALUES (?, ?, 'up', 'down', 'status 503', ?)");
  const event = db.prepare("INSERT INTO alert_events (monitor, state_change, kind, at, suppressed, facts) VALUES (?, ?, 'down', ?, NULL, '{}')");
  const delivery = db.prepare("INSERT INTO deliveries (event, monitor, channel, status, attempts, max_attempts, next_at, sent_at, created_at) VALUES (?, ?, ?, 'sent', 1, 10, ?, ?, ?)");
  const attempt = db.prepare('INSERT INTO delivery_attempts (delivery, attempt, at, ms, ok, error) VALUES (?, 1, ?, 12, 1, NULL)');
  for (const [key, id] of [[1, 'kept'], [2, 'gone']] as const) {
    monitor.run(id);
    for (let index = 0; index < 3; index++) {
      const at = key * 1000 + index;
      const changeId = Number(change.run(key, at, at).lastInsertRowid);
      const eventId = Number(event.run(key, changeId, at).lastInsertRowid);
      for (const channel of ['ops-mail', 'team-hook']) attempt.run(Number(delivery.run(eventId, key, channel, at, at, at).lastInsertRowid), at);
    }
  }
  db.close();
}

const dump = (store: Store, table: string) => store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
const schemaOf = (store: Store) =>
  store.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();

describe('migration 5: event and delivery ids are never reused', () => {
  it('keeps every row, key and index of an existing database, and ends with the schema of a new one', () => {
    const file = path.join(dir, 'v4.db');
    oldDatabase(file, 4);
    const before = new Database(file, { readonly: true });
    const rows = Object.fromEntries(['alert_events', 'deliveries', 'delivery_attempts'].map((table) => [table, before.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]));
    before.close();
    expect(rows.delivery_attempts).toHaveLength(12);

    const store = openStore(file);
    const fresh = openStore(path.join(dir, 'fresh.db'));
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      for (const [table, expected] of Object.entries(rows)) expect(dump(store, table)).toEqual(expected);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(schemaOf(store)).toEqual(schemaOf(fresh));
      expect(store.db.prepare("SELECT name, seq FROM sqlite_sequence WHERE name IN ('alert_events', 'deliveries') ORDER BY name").all()).toEqual([
        { name: 'alert_events', seq: 6 },
        { name: 'deliveries', seq: 12 },
      ]);

      // Cascades still hold: deleting a monitor takes its events, deliveries and attempts.
      store.db.prepare("DELETE FROM monitors WHERE id = 'gone'").run();
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM alert_events').get()).toEqual({ n: 3 });
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 6 });
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM delivery_attempts').get()).toEqual({ n: 6 });
      expect(store.db.pragma('foreign_key_check')).toEqual([]);

      // The deleted monitor had the newest rows: their ids are not handed out again.
      const events = createAlertEventRepository(store.db);
      const eventId = events.insert(
        { kind: 'down', at: 5000, monitor: null, status: 'down', previousStatus: 'up', reason: null, httpStatus: null, responseTimeMs: null, downtimeSeconds: null, certificate: null, flapping: null, channel: null },
        { key: 1, stateChangeId: null, suppressed: null },
      );
      expect(eventId).toBe(7);
      expect(createDeliveryRepository(store.db).insert(eventId, 1, 'team-hook', 10, 5000)).toBe(13);
    } finally {
      store.close();
      fresh.close();
    }
  });

  it('rolls back, keeping the old schema and data, when the copy would break a foreign key', () => {
    const file = path.join(dir, 'broken.db');
    oldDatabase(file, 4);
    const db = new Database(file);
    // A delivery whose event is gone: only possible if foreign keys were ever off.
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM alert_events WHERE id = 1').run();
    db.close();
    expect(() => openStore(file)).toThrow(/migration 5 broke foreign keys in deliveries/);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(4);
    expect(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'deliveries'").get()).not.toMatchObject({ sql: expect.stringContaining('AUTOINCREMENT') });
    expect(after.prepare('SELECT COUNT(*) AS n FROM deliveries').get()).toEqual({ n: 12 });
    after.close();
  });
});

describe('migration 6: monitor keys are never reused', () => {
  it('keeps every monitor, its key and its history, and gives a new monitor a key no deleted one had', () => {
    const file = path.join(dir, 'v5.db');
    oldDatabase(file, 5);
    const db = new Database(file);
    const result = db.prepare('INSERT INTO results (monitor, at, status, code, total) VALUES (?, ?, 1, 200, 12)');
    for (const key of [1, 2]) for (let at = 0; at < 5; at++) result.run(key, at);
    db.close();
    const before = new Database(file, { readonly: true });
    const monitors = before.prepare('SELECT * FROM monitors ORDER BY key').all();
    before.close();

    const store = openStore(file);
    const fresh = openStore(path.join(dir, 'fresh6.db'));
    try {
      expect(dump(store, 'monitors')).toEqual(monitors);
      expect(store.db.prepare('SELECT monitor, COUNT(*) AS n FROM results GROUP BY monitor').all()).toEqual([{ monitor: 1, n: 5 }, { monitor: 2, n: 5 }]);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(schemaOf(store)).toEqual(schemaOf(fresh));
      // The newest monitor deleted (its history with it), then another made: it gets key 3, not 2.
      expect(store.monitors.remove('gone')).toBe(true);
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM results WHERE monitor = 2').get()).toEqual({ n: 0 });
      expect(store.monitors.insert('next', 'api', {}, 0).key).toBe(3);
    } finally {
      store.close();
      fresh.close();
    }
  });
});
