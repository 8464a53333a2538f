/**
 * Batched writes: results, rollups, state and transitions of many checks commit together in
 * one transaction (every second or 500 results), which is what lets 10,000 monitors run on a
 * small machine. `flush()` on shutdown commits what is pending.
 *
 * A second, not less: each commit writes every page it touched to the WAL, and at 1,000 monitors
 * (17 checks a second) commits of 3-4 results every 200 ms cost 5 % more CPU per check than
 * commits of 17. Alerts wait for the commit, so they leave at most a second later.
 */
import type { Transition } from '../alerts/state.js';
import type { CheckResult } from '../checks/types.js';
import type { Db } from './db.js';
import type { MonitorRepository, MonitorState } from './monitors.js';
import type { ResultRepository } from './results.js';
import type { RollupRepository } from './rollups.js';
import type { StateChangeRepository } from './state-changes.js';

export interface PendingWrite {
  readonly key: number;
  readonly monitorId: string;
  readonly result: CheckResult;
  readonly state: MonitorState;
  readonly transition: Transition | null;
}

export interface CommittedWrite extends PendingWrite {
  /** The state_changes row id of the transition, when there was one. */
  readonly transitionId: number | null;
}

export interface WriterOptions {
  readonly db: Db;
  readonly monitors: MonitorRepository;
  readonly results: ResultRepository;
  readonly rollups: RollupRepository;
  readonly stateChanges: StateChangeRepository;
  readonly flushMs?: number;
  readonly maxBatch?: number;
  readonly onCommitted?: (writes: readonly CommittedWrite[]) => void;
  readonly log?: (message: string) => void;
}

export interface Writer {
  enqueue(write: PendingWrite): void;
  /** Commits everything pending now. */
  flush(): void;
  /** Drops pending writes of a monitor that is being deleted. */
  forget(key: number): void;
  pending(): number;
  stats(): { batches: number; rows: number; lastBatchMs: number };
}

export function createWriter(options: WriterOptions): Writer {
  const flushMs = options.flushMs ?? 1000;
  const maxBatch = options.maxBatch ?? 500;
  let queue: PendingWrite[] = [];
  let timer: NodeJS.Timeout | null = null;
  let batches = 0;
  let rows = 0;
  let lastBatchMs = 0;

  const writeAll = options.db.transaction((writes: readonly PendingWrite[]): CommittedWrite[] => {
    const committed: CommittedWrite[] = [];
    const latest = new Map<number, PendingWrite>();
    for (const write of writes) {
      options.results.insert(write.key, write.result);
      const transitionId = write.transition ? options.stateChanges.insert({ key: write.key, ...write.transition }) : null;
      latest.set(write.key, write);
      committed.push({ ...write, transitionId });
    }
    options.rollups.apply(writes);
    for (const write of latest.values()) options.monitors.saveState(write.key, write.state, write.result);
    return committed;
  });

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const started = performance.now();
    let committed: CommittedWrite[] = [];
    try {
      committed = writeAll(batch);
    } catch (error) {
      // One bad row (say, a monitor deleted mid-flight) must not cost the others: retry singly.
      options.log?.(`storage: batch failed, writing singly error=${(error as Error).message}`);
      for (const write of batch) {
        try {
          committed.push(...writeAll([write]));
        } catch (inner) {
          options.log?.(`storage: result dropped monitor=${write.monitorId} error=${(inner as Error).message}`);
        }
      }
    }
    lastBatchMs = performance.now() - started;
    batches++;
    rows += committed.length;
    if (committed.length > 0) options.onCommitted?.(committed);
  }

  return {
    enqueue(write) {
      queue.push(write);
      if (queue.length >= maxBatch) flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    flush,
    forget(key) {
      queue = queue.filter((write) => write.key !== key);
    },
    pending: () => queue.length,
    stats: () => ({ batches, rows, lastBatchMs }),
  };
}
