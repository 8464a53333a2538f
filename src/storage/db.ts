/**
 * Opens the SQLite file: WAL, foreign keys, versioned migrations. One file in the data dir.
 * WAL with synchronous=NORMAL never corrupts the database on a crash or kill; a commit survives
 * a process kill (the OS has it) and at worst the last transactions are lost on power failure.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Small pages waste less on the narrow result rows; only applies to a new file.
  db.pragma('page_size = 4096');
  migrate(db);
  return db;
}

/** Applies the migrations the file has not seen yet, each in its own transaction. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  let version = current;
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    version = migration.version;
  }
  return version;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'lookout.db');
}
