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

/**
 * Applies the migrations the file has not seen yet, each in its own transaction. Throws (and
 * leaves the file at the last version applied) when one fails.
 */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  let version = current;
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    // SQLite's way to rebuild a table: foreign keys off (they cannot be switched inside a
    // transaction), so dropping the old table cascades nowhere, then checked before commit.
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    const relax = migration.rebuildsTables === true && enforced;
    if (relax) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (relax) {
          const broken = db.pragma('foreign_key_check') as { table: string }[];
          if (broken.length > 0) throw new Error(`migration ${migration.version} broke foreign keys in ${[...new Set(broken.map((row) => row.table))].join(', ')}`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (relax) db.pragma('foreign_keys = ON');
    }
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
