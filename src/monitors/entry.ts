/** A monitor as the running process holds it: its spec, where it came from, its live state. */
import type { CheckResult, TlsFacts } from '../checks/types.js';
import type { MonitorSource, MonitorSpec } from '../config/schema.js';
import type { MonitorState, MonitorStatus } from '../storage/monitors.js';

export interface MonitorEntry {
  readonly key: number;
  readonly source: MonitorSource;
  spec: MonitorSpec;
  /** API monitors: the stored body (defaults are applied to it on every config load). */
  input: Record<string, unknown> | null;
  state: MonitorState;
  lastResult: CheckResult | null;
  tls: TlsFacts | null;
  readonly createdAt: number;
  updatedAt: number;
}

export type DisplayStatus = MonitorStatus | 'paused';

export function displayStatus(entry: MonitorEntry): DisplayStatus {
  return entry.spec.paused ? 'paused' : entry.state.status;
}

/** Errors as values at the service boundary; the API maps `code` to an HTTP status. */
export interface ServiceError {
  readonly code: 'not_found' | 'conflict' | 'read_only' | 'invalid' | 'paused';
  readonly message: string;
  readonly details?: unknown;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const failure = (code: ServiceError['code'], message: string, details?: unknown): Outcome<never> => ({ ok: false, error: { code, message, details } });
