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
  /** Sizes SQLite's page cache for a fleet of this many monitors (see cacheKbFor). */
  fitCache(monitors: number): void;
  close(): void;
}

/**
 * SQLite's page cache for a fleet: 256 KB plus 2 KB a monitor, up to SQLite's default of 2 MB
 * (reached at 872 monitors). A small fleet's writes touch a few pages (the tail of results, the
 * current rollup rows); but every page read once stays cached, and the dashboard's history load
 * reads them all at start: at 50 monitors with a week of history the default cache was 1-2 MB
 * more RSS (node --expose-gc, RSS before and after loading 50 monitors' history, 256 KB vs 2 MB).
 */
export function cacheKbFor(monitors: number): number {
  return Math.min(2000, 256 + 2 * monitors);
}

export function openStore(file: string): Store {
  const db = openDatabase(file);
  let cacheKb = 0;
  const fitCache = (monitors: number): void => {
    const wanted = cacheKbFor(monitors);
    if (wanted === cacheKb) return;
    cacheKb = wanted;
    db.pragma(`cache_size = -${wanted}`);
  };
  // The monitors of the last run, until the service knows this run's.
  fitCache((db.prepare('SELECT COUNT(*) AS n FROM monitors').get() as { n: number }).n);
  return {
    db,
    file,
    monitors: createMonitorRepository(db),
    results: createResultRepository(db),
    rollups: createRollupRepository(db),
    stateChanges: createStateChangeRepository(db),
    fitCache,
    close() {
      if (!db.open) return;
      // Fold the WAL back so the file is complete on its own (a copy or backup of it is whole).
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
