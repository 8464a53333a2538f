/** The store: the database and one repository per table family, opened together. */
import { openDatabase, type Db } from './db.js';
import { createMonitorRepository, type MonitorRepository } from './monitors.js';
import { createResultRepository, type ResultRepository } from './results.js';
import { createRollupRepository, type RollupRepository } from './rollups.js';
import { createStateChangeRepository, type StateChangeRepository } from './state-changes.js';

export interface Store {
  readonly db: Db;
  readonly file: string;
  readonly monitors: MonitorRepository;
  readonly results: ResultRepository;
  readonly rollups: RollupRepository;
  readonly stateChanges: StateChangeRepository;
  close(): void;
}

export function openStore(file: string): Store {
  const db = openDatabase(file);
  return {
    db,
    file,
    monitors: createMonitorRepository(db),
    results: createResultRepository(db),
    rollups: createRollupRepository(db),
    stateChanges: createStateChangeRepository(db),
    close() {
      if (!db.open) return;
      // Fold the WAL back so the file is complete on its own (a copy or backup of it is whole).
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
