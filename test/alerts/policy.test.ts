import { describe, expect, it } from 'vitest';
import type { TlsFacts } from '../../src/checks/types.js';
import { initialAlertState, onCheck, onTransition, type AlertState, type Notice, type PolicySettings } from '../../src/alerts/policy.js';
import type { MonitorStatus } from '../../src/storage/monitors.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const settings: PolicySettings = { flapping: { changes: 5, windowMs: 10 * MINUTE }, remindEveryMs: null, tlsThresholds: [30, 14, 7] };

interface Step {
  /** Minutes since the start. */
  readonly t: number;
  readonly status: MonitorStatus;
  readonly maintenance?: boolean;
  readonly tls?: TlsFacts | null;
}

/** Runs checks through the policy the way the dispatcher does; returns the notices per step. */
function run(steps: readonly Step[], options: { settings?: PolicySettings; initial?: MonitorStatus } = {}): { notices: string[][]; state: AlertState } {
  const policy = options.settings ?? settings;
  let state = initialAlertState(options.initial ?? 'pending', null);
  let status: MonitorStatus = options.initial ?? 'pending';
  const notices: string[][] = [];
  for (const step of steps) {
    const at = step.t * MINUTE;
    const context = { maintenance: step.maintenance ?? false };
    const seen: Notice[] = [];
    if (step.status !== status) {
      const outcome = onTransition(state, { from: status, to: step.status, at }, context, policy);
      state = outcome.state;
      seen.push(...outcome.notices);
      status = step.status;
    }
    const checked = onCheck(state, { status: step.status, at, tls: step.tls ?? null }, context, policy);
    state = checked.state;
    seen.push(...checked.notices);
    notices.push(seen.map((notice) => `${notice.kind}${notice.suppressed ? `(${notice.suppressed})` : ''}${notice.thresholdDays ? `@${notice.thresholdDays}` : ''}`));
  }
  return { notices, state };
}

const flat = (notices: string[][]) => notices.flat();

describe('alert policy: status changes', () => {
  it('sends nothing when a new monitor comes up, one down and one up per outage', () => {
    const { notices } = run([
      { t: 0, status: 'up' },
      { t: 1, status: 'up' },
      { t: 2, status: 'down' },
      { t: 3, status: 'down' },
      { t: 20, status: 'up' },
      { t: 21, status: 'up' },
    ]);
    expect(notices).toEqual([[], [], ['down'], [], ['up'], []]);
  });

  it('tells about a new monitor that starts down', () => {
    expect(flat(run([{ t: 0, status: 'down' }, { t: 1, status: 'up' }]).notices)).toEqual(['down', 'up']);
  });

  it('sends degraded, and up when the response time is back under the limit', () => {
    expect(flat(run([{ t: 0, status: 'up' }, { t: 1, status: 'degraded' }, { t: 2, status: 'degraded' }, { t: 30, status: 'up' }]).notices)).toEqual(['degraded', 'up']);
  });

  it('goes from down to degraded to up with one notice each', () => {
    expect(flat(run([{ t: 0, status: 'up' }, { t: 1, status: 'down' }, { t: 20, status: 'degraded' }, { t: 40, status: 'up' }]).notices)).toEqual(['down', 'degraded', 'up']);
  });

  it('does not re-announce a status after a restart (state comes from the monitor row)', () => {
    // Restarted while down: the alert state starts from "down", so the next checks are quiet.
    expect(flat(run([{ t: 0, status: 'down' }, { t: 1, status: 'down' }, { t: 30, status: 'up' }], { initial: 'down' }).notices)).toEqual(['up']);
  });
});

describe('alert policy: flapping', () => {
  it('holds back a storm of changes to one flapping notice, then says how it settled', () => {
    const steps: Step[] = [{ t: 0, status: 'up' }];
    for (let minute = 1; minute <= 8; minute++) steps.push({ t: minute, status: minute % 2 === 1 ? 'down' : 'up' });
    steps.push({ t: 9, status: 'down' }, { t: 18, status: 'down' }, { t: 19, status: 'down' }, { t: 25, status: 'down' });
    const { notices, state } = run(steps);
    // down(1) up(2) down(3) up(4) down(5): the fifth change -> flapping.
    expect(flat(notices)).toEqual(['down', 'up', 'down', 'up', 'flapping', 'up(flapping)', 'down(flapping)', 'up(flapping)', 'down(flapping)', 'down']);
    // Stable from minute 9 (the last change) for the whole 10-minute window: told at minute 19.
    expect(notices.slice(-3)).toEqual([[], ['down'], []]);
    expect(state.flapping).toBe(false);
  });

  it('closes a flapping notice with "up" when the monitor settles up', () => {
    const steps: Step[] = [{ t: 0, status: 'up' }];
    for (let minute = 1; minute <= 6; minute++) steps.push({ t: minute, status: minute % 2 === 1 ? 'down' : 'up' });
    steps.push({ t: 17, status: 'up' });
    expect(flat(run(steps).notices)).toEqual(['down', 'up', 'down', 'up', 'flapping', 'up(flapping)', 'up']);
  });

  it('does not count a new monitor coming up as a change: four real changes alert as usual', () => {
    const { notices, state } = run([
      { t: 0, status: 'up' },
      { t: 1, status: 'down' },
      { t: 2, status: 'up' },
      { t: 3, status: 'down' },
      { t: 4, status: 'up' },
    ]);
    expect(flat(notices)).toEqual(['down', 'up', 'down', 'up']);
    expect(state).toMatchObject({ flapping: false, changes: [1, 2, 3, 4].map((minute) => minute * MINUTE) });
  });

  it('never flaps with flapping.changes 0', () => {
    const steps: Step[] = [{ t: 0, status: 'up' }];
    for (let minute = 1; minute <= 8; minute++) steps.push({ t: minute, status: minute % 2 === 1 ? 'down' : 'up' });
    expect(flat(run(steps, { settings: { ...settings, flapping: { changes: 0, windowMs: 10 * MINUTE } } }).notices)).toEqual(['down', 'up', 'down', 'up', 'down', 'up', 'down', 'up']);
  });

  it('does not count changes that are further apart than the window', () => {
    const steps: Step[] = [{ t: 0, status: 'up' }];
    for (let index = 1; index <= 8; index++) steps.push({ t: index * 11, status: index % 2 === 1 ? 'down' : 'up' });
    expect(flat(run(steps).notices)).not.toContain('flapping');
  });
});

describe('alert policy: maintenance', () => {
  it('holds back changes inside a window and catches up if the monitor is still down after it', () => {
    const { notices } = run([
      { t: 0, status: 'up' },
      { t: 1, status: 'down', maintenance: true },
      { t: 2, status: 'down', maintenance: true },
      { t: 30, status: 'down' },
      { t: 31, status: 'down' },
      { t: 40, status: 'up' },
    ]);
    expect(notices).toEqual([[], ['down(maintenance)'], [], ['down'], [], ['up']]);
  });

  it('says nothing after a window in which the monitor went down and came back', () => {
    const { notices } = run([
      { t: 0, status: 'up' },
      { t: 1, status: 'down', maintenance: true },
      { t: 5, status: 'up', maintenance: true },
      { t: 30, status: 'up' },
    ]);
    expect(flat(notices)).toEqual(['down(maintenance)', 'up(maintenance)']);
  });

  it('does not count changes during maintenance towards flapping', () => {
    const steps: Step[] = [{ t: 0, status: 'up' }];
    for (let minute = 1; minute <= 8; minute++) steps.push({ t: minute, status: minute % 2 === 1 ? 'down' : 'up', maintenance: true });
    steps.push({ t: 9, status: 'down' });
    expect(flat(run(steps).notices).filter((notice) => !notice.endsWith('(maintenance)'))).toEqual(['down']);
  });
});

describe('alert policy: reminders', () => {
  it('reminds every remindEvery while down, not before, and stops on recovery', () => {
    const policy = { ...settings, remindEveryMs: 60 * MINUTE };
    const steps: Step[] = [{ t: 0, status: 'up' }, { t: 10, status: 'down' }];
    for (let minute = 20; minute <= 190; minute += 10) steps.push({ t: minute, status: 'down' });
    steps.push({ t: 200, status: 'up' }, { t: 300, status: 'up' });
    expect(flat(run(steps, { settings: policy }).notices)).toEqual(['down', 'reminder', 'reminder', 'reminder', 'up']);
  });

  it('sends no reminder when remindEvery is off', () => {
    expect(flat(run([{ t: 0, status: 'down' }, { t: 500, status: 'down' }]).notices)).toEqual(['down']);
  });
});

describe('alert policy: TLS certificates', () => {
  const certificate = (daysLeft: number, atMinute: number, fingerprint = 'AA:BB'): TlsFacts => ({
    subject: 'shop.example.com',
    issuer: 'Test CA',
    sans: ['shop.example.com'],
    validFrom: new Date(0).toISOString(),
    validTo: new Date(atMinute * MINUTE + daysLeft * DAY + 60_000).toISOString(),
    daysRemaining: daysLeft,
    authorized: true,
    error: null,
    fingerprint256: fingerprint,
    serialNumber: '01',
  });
  const day = (n: number) => (n * DAY) / MINUTE;

  it('warns once at each of 30, 14 and 7 days, and once when expired', () => {
    const steps: Step[] = [];
    for (let daysLeft = 40; daysLeft >= -3; daysLeft--) {
      const t = day(40 - daysLeft);
      steps.push({ t, status: 'up', tls: certificate(daysLeft, t) });
      steps.push({ t: t + 1, status: 'up', tls: certificate(daysLeft, t + 1) });
    }
    // An expired certificate is "expired" by its validTo; daysRemaining stays as the check computed it.
    steps[steps.length - 1] = { t: day(44), status: 'up', tls: { ...certificate(-4, day(44)), validTo: new Date(day(43) * MINUTE).toISOString() } };
    expect(flat(run(steps).notices)).toEqual(['tls-expiring@30', 'tls-expiring@14', 'tls-expiring@7', 'tls-expired']);
  });

  it('gives a certificate first seen at 10 days left one warning, not three', () => {
    expect(flat(run([{ t: 0, status: 'up', tls: certificate(10, 0) }, { t: 1, status: 'up', tls: certificate(10, 1) }]).notices)).toEqual(['tls-expiring@14']);
  });

  it('starts over for a renewed certificate', () => {
    const { notices } = run([
      { t: 0, status: 'up', tls: certificate(20, 0) },
      { t: 1, status: 'up', tls: certificate(89, 1, 'CC:DD') },
      { t: day(60), status: 'up', tls: certificate(29, day(60), 'CC:DD') },
    ]);
    expect(flat(notices)).toEqual(['tls-expiring@30', 'tls-renewed', 'tls-expiring@30']);
  });

  it('says "renewed" only when the old certificate had been warned about and the new one is clear', () => {
    // Replaced long before any warning: not news.
    expect(flat(run([{ t: 0, status: 'up', tls: certificate(60, 0) }, { t: 1, status: 'up', tls: certificate(89, 1, 'CC:DD') }]).notices)).toEqual([]);
    // Expired, then renewed.
    const expired = { ...certificate(-1, 0), validTo: new Date(-MINUTE).toISOString() };
    expect(flat(run([{ t: 0, status: 'up', tls: expired }, { t: 1, status: 'up', tls: certificate(89, 1, 'CC:DD') }]).notices)).toEqual(['tls-expired', 'tls-renewed']);
    // Replaced by a certificate that is itself close to expiry: a warning about the new one instead.
    expect(flat(run([{ t: 0, status: 'up', tls: certificate(5, 0) }, { t: 1, status: 'up', tls: certificate(12, 1, 'CC:DD') }]).notices)).toEqual(['tls-expiring@7', 'tls-expiring@14']);
  });

  it('holds certificate warnings during maintenance and sends them after', () => {
    const { notices } = run([
      { t: 0, status: 'up', tls: certificate(20, 0), maintenance: true },
      { t: 60, status: 'up', tls: certificate(20, 60) },
    ]);
    expect(notices).toEqual([[], ['tls-expiring@30']]);
  });
});
