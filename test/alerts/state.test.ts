import { describe, expect, it } from 'vitest';
import { evaluate, INITIAL_STATE } from '../../src/alerts/state.js';
import type { CheckStatus } from '../../src/checks/types.js';
import type { MonitorState } from '../../src/storage/monitors.js';

/** Runs a sequence of check statuses and returns the transitions and retry flags it produced. */
function run(sequence: CheckStatus[], retries: number, start: MonitorState = INITIAL_STATE) {
  let state = start;
  const transitions: string[] = [];
  const retriesAsked: boolean[] = [];
  sequence.forEach((status, index) => {
    const evaluation = evaluate(state, { status, at: index * 1000, reason: status === 'down' ? 'status 503, expected 200-399' : null }, { retries });
    state = evaluation.state;
    retriesAsked.push(evaluation.retry);
    if (evaluation.transition) transitions.push(`${evaluation.transition.from}->${evaluation.transition.to}@${evaluation.transition.at / 1000}`);
  });
  return { state, transitions, retriesAsked };
}

describe('the monitor state machine', () => {
  it.each([
    { sequence: ['up', 'up', 'up'], retries: 1, transitions: ['pending->up@0'] },
    { sequence: ['up', 'down', 'up'], retries: 1, transitions: ['pending->up@0'] },
    { sequence: ['up', 'down', 'down'], retries: 1, transitions: ['pending->up@0', 'up->down@2'] },
    { sequence: ['up', 'down'], retries: 0, transitions: ['pending->up@0', 'up->down@1'] },
    { sequence: ['up', 'down', 'down', 'down', 'down'], retries: 1, transitions: ['pending->up@0', 'up->down@2'] },
    { sequence: ['up', 'down', 'down', 'up'], retries: 1, transitions: ['pending->up@0', 'up->down@2', 'down->up@3'] },
    { sequence: ['down', 'down', 'down'], retries: 2, transitions: ['pending->down@2'] },
    { sequence: ['up', 'degraded', 'degraded', 'up'], retries: 1, transitions: ['pending->up@0', 'up->degraded@1', 'degraded->up@3'] },
    { sequence: ['up', 'down', 'degraded'], retries: 1, transitions: ['pending->up@0', 'up->degraded@2'] },
  ] as { sequence: CheckStatus[]; retries: number; transitions: string[] }[])('$sequence with retries=$retries -> $transitions', ({ sequence, retries, transitions }) => {
    expect(run(sequence, retries).transitions).toEqual(transitions);
  });

  it('asks for a retry while retries remain, and not once the monitor is down', () => {
    expect(run(['up', 'down', 'down', 'down', 'down'], 2).retriesAsked).toEqual([false, true, true, false, false]);
  });

  it('keeps the down state across a restart: the next failure is not a new transition', () => {
    const restored: MonitorState = { status: 'down', statusSince: 5, failStreak: 3 };
    expect(run(['down', 'down'], 1, restored).transitions).toEqual([]);
    expect(run(['down', 'up'], 1, restored).transitions).toEqual(['down->up@1']);
  });

  it('records when the current status began', () => {
    expect(run(['up', 'up', 'down', 'down'], 1).state).toEqual({ status: 'down', statusSince: 3000, failStreak: 2 });
  });
});
