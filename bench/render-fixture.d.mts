/** Types of render-fixture.mjs (plain JavaScript so the bench runs it against build/). */
import type { MonitorSpec } from '../src/config/schema.js';
import type { Store } from '../src/storage/store.js';

export interface SeedOptions {
  readonly monitors: number;
  readonly spec: (index: number) => MonitorSpec;
  readonly days?: number;
  readonly rawDays?: number;
  readonly intervalS?: number;
  readonly now?: number;
}

export function seedHistory(store: Store, options: SeedOptions): { keys: number[] };
