/**
 * The monitor state machine: (previous state, check result, settings) -> next state, and the
 * transition when the status changed. Pure, so it is tested as a table of check sequences.
 *
 * A failing check only turns a monitor "down" once `retries` further attempts have failed too;
 * in between the monitor keeps its status and the scheduler re-checks after `retryInterval`.
 */
import type { CheckResult } from '../checks/types.js';
import type { MonitorState, MonitorStatus } from '../storage/monitors.js';

export interface Transition {
  readonly from: MonitorStatus;
  readonly to: MonitorStatus;
  readonly at: number;
  readonly reason: string | null;
}

export interface Evaluation {
  readonly state: MonitorState;
  readonly transition: Transition | null;
  /** True when the check failed but retries remain: re-check soon instead of at the next slot. */
  readonly retry: boolean;
}

export const INITIAL_STATE: MonitorState = { status: 'pending', statusSince: null, failStreak: 0 };

export function evaluate(previous: MonitorState, result: Pick<CheckResult, 'status' | 'at' | 'reason'>, settings: { readonly retries: number }): Evaluation {
  if (result.status !== 'down') {
    const state: MonitorState = {
      status: result.status,
      statusSince: previous.status === result.status ? previous.statusSince : result.at,
      failStreak: 0,
    };
    const transition = previous.status === result.status ? null : { from: previous.status, to: result.status, at: result.at, reason: result.reason };
    return { state, transition, retry: false };
  }
  const failStreak = previous.failStreak + 1;
  if (previous.status === 'down') return { state: { ...previous, failStreak }, transition: null, retry: false };
  if (failStreak <= settings.retries) return { state: { ...previous, failStreak }, transition: null, retry: true };
  return {
    state: { status: 'down', statusSince: result.at, failStreak },
    transition: { from: previous.status, to: 'down', at: result.at, reason: result.reason },
    retry: false,
  };
}
