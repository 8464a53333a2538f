/** Reconciles two monitor lists by their stable id. Pure: (old, new) -> changes. */
import type { MonitorSpec } from './schema.js';

export interface MonitorDiff {
  readonly added: readonly MonitorSpec[];
  readonly changed: readonly MonitorSpec[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

/** Key-order independent equality for plain JSON values. */
export function sameSpec(a: MonitorSpec, b: MonitorSpec): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function diffMonitors(previous: readonly MonitorSpec[], next: readonly MonitorSpec[]): MonitorDiff {
  const before = new Map(previous.map((spec) => [spec.id, spec]));
  const added: MonitorSpec[] = [];
  const changed: MonitorSpec[] = [];
  const unchanged: string[] = [];
  for (const spec of next) {
    const old = before.get(spec.id);
    if (!old) added.push(spec);
    else if (sameSpec(old, spec)) unchanged.push(spec.id);
    else changed.push(spec);
    before.delete(spec.id);
  }
  return { added, changed, removed: [...before.keys()], unchanged };
}
