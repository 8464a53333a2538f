/** Builds check results for storage tests without a network. */
import type { CheckResult, CheckStatus } from '../../src/checks/types.js';

export function fakeResult(at: number, status: CheckStatus = 'up', totalMs = 120, reason: string | null = null): CheckResult {
  return {
    at,
    status,
    httpStatus: status === 'down' ? 503 : 200,
    totalMs,
    phases: { dns: 2, connect: 10, tls: 30, firstByte: 70 },
    reason: status === 'up' ? null : (reason ?? 'status 503, expected 200-399'),
    tls: null,
  };
}
