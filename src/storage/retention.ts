/**
 * Retention: raw results older than the configured period and rollups older than 400+ days are
 * deleted one monitor at a time, yielding between monitors, so pruning never holds the write
 * lock long enough to stall the checks' batches.
 */
import type { Store } from './store.js';
import { DAY_MS, TENS_KEPT_MS } from './rollups.js';

export interface RetentionOptions {
  readonly store: Store;
  readonly rawDays: number;
  readonly rollupDays: number;
  readonly now: () => number;
}

/** Prunes everything once; resolves with the number of raw rows deleted. */
export async function pruneOnce(options: RetentionOptions): Promise<number> {
  const { store } = options;
  const rawBefore = options.now() - options.rawDays * DAY_MS;
  let deleted = 0;
  const keys = store.db.prepare<[], { key: number }>('SELECT key FROM monitors').all();
  for (const { key } of keys) {
    if (!store.db.open) return deleted;
    deleted += store.results.prune(key, rawBefore);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (store.db.open) store.rollups.prune(options.now() - options.rollupDays * DAY_MS);
  if (store.db.open) store.rollups.pruneTens(options.now() - TENS_KEPT_MS);
  return deleted;
}

/** Runs pruning every `everyMs` (and shortly after start); returns a stop function. */
export function startRetention(options: RetentionOptions & { everyMs?: number; log?: (message: string) => void }): () => void {
  let running = false;
  const run = (): void => {
    if (running) return;
    running = true;
    pruneOnce(options)
      .then((deleted) => {
        if (deleted > 0) options.log?.(`storage: pruned results=${deleted} olderThanDays=${options.rawDays}`);
      })
      .catch((error: unknown) => options.log?.(`storage: pruning failed error=${(error as Error).message}`))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, options.everyMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
