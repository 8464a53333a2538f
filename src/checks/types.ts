/** What every check kind produces, and the one interface check kinds implement. */
import type { MonitorSpec } from '../config/schema.js';

export type CheckStatus = 'up' | 'down' | 'degraded';

/** Exclusive durations in ms that add up to (at most) the total; null where not measured. */
export interface Phases {
  readonly dns: number | null;
  readonly connect: number | null;
  readonly tls: number | null;
  /** Waiting for the first byte of the response once the request was sent. */
  readonly firstByte: number | null;
}

export interface TlsFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly sans: readonly string[];
  readonly validFrom: string;
  readonly validTo: string;
  readonly daysRemaining: number;
  readonly authorized: boolean;
  /** Why the certificate is not trusted (self-signed, expired, wrong host), or null. */
  readonly error: string | null;
  readonly fingerprint256: string;
  readonly serialNumber: string;
}

export interface CheckResult {
  /** Start of the check, ms since the epoch. */
  readonly at: number;
  readonly status: CheckStatus;
  readonly httpStatus: number | null;
  readonly totalMs: number;
  readonly phases: Phases;
  /** Plain words for a failure or degradation, null when up. */
  readonly reason: string | null;
  readonly tls: TlsFacts | null;
}

export interface Checker {
  /** Runs one check. Never throws: every failure is a result with a reason. */
  run(spec: MonitorSpec, signal?: AbortSignal): Promise<CheckResult>;
}
