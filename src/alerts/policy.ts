/**
 * When to tell people: a pure function of the monitor's alert state and what just happened, so
 * it is tested as a table of sequences (see test/alerts/policy.test.ts).
 *
 * - Exactly one notice per status change the channels have not heard of; a new monitor coming
 *   up is not news, a new monitor down is.
 * - Flapping: when `flapping.changes` status changes fall within `flapping.window`, one
 *   "flapping" notice goes out and further changes are held back, until the monitor has been
 *   stable for a whole window; then one notice of the status it settled in. A new monitor's
 *   first result (from "pending") does not count as a change.
 * - Maintenance: changes are recorded as suppressed; if the status differs from what channels
 *   were last told once the window ends, one catch-up notice says so.
 * - Reminders while down, every `remindEvery` (off by default).
 * - TLS: one warning per threshold crossed (a certificate first seen at 10 days left gets the
 *   14-day warning only), one "expired"; a new certificate (another fingerprint) starts over,
 *   and if the old one had been warned about and the new one is clear of every threshold, one
 *   "renewed" notice closes the warning (PagerDuty resolves the certificate's incident).
 */
import type { TlsFacts } from '../checks/types.js';
import type { MonitorStatus } from '../storage/monitors.js';
import type { EventKind } from './events.js';

export interface AlertState {
  /** The status channels were last told about ('pending': nothing yet). */
  readonly notified: MonitorStatus;
  /** Times of recent status changes, for flapping detection (only those within the window). */
  readonly changes: readonly number[];
  readonly flapping: boolean;
  /** When the last down (or reminder) notice went out, for reminders. */
  readonly lastDownNoticeAt: number | null;
  readonly tls: { readonly fingerprint: string | null; readonly warnedDays: number | null; readonly expired: boolean };
}

export interface PolicySettings {
  readonly flapping: { readonly changes: number; readonly windowMs: number };
  readonly remindEveryMs: number | null;
  /** Days before expiry to warn at, any order. */
  readonly tlsThresholds: readonly number[];
}

export type Suppression = 'maintenance' | 'flapping';

export interface Notice {
  readonly kind: EventKind;
  /** Recorded but not sent. */
  readonly suppressed: Suppression | null;
  /** tls-expiring: the threshold crossed. */
  readonly thresholdDays?: number;
  /** A settle notice after flapping or maintenance (not the transition itself). */
  readonly catchUp?: boolean;
}

export interface Outcome {
  readonly state: AlertState;
  readonly notices: readonly Notice[];
}

export function initialAlertState(status: MonitorStatus, statusSince: number | null): AlertState {
  return {
    notified: status,
    changes: [],
    flapping: false,
    lastDownNoticeAt: status === 'down' ? statusSince : null,
    tls: { fingerprint: null, warnedDays: null, expired: false },
  };
}

/** The notice that telling channels about `to` needs, after they last heard `notified`. */
export function kindFor(notified: MonitorStatus, to: MonitorStatus): EventKind | null {
  if (to === notified || to === 'pending') return null;
  if (to === 'down') return 'down';
  if (to === 'degraded') return 'degraded';
  // A monitor's first "up" is not news; only a recovery is.
  return notified === 'pending' ? null : 'up';
}

/** A status change (a state_changes row). */
export function onTransition(
  state: AlertState,
  transition: { readonly from: MonitorStatus; readonly to: MonitorStatus; readonly at: number },
  context: { readonly maintenance: boolean },
  settings: PolicySettings,
): Outcome {
  const kind = kindFor(state.notified, transition.to);
  // A change held back is still recorded, as what it was (so the log shows every change).
  const heldBack = kindFor(transition.from, transition.to);
  if (context.maintenance) {
    // Planned work is not flapping: changes inside a window are not counted.
    return { state, notices: heldBack ? [{ kind: heldBack, suppressed: 'maintenance' }] : [] };
  }
  const recent = state.changes.filter((at) => at > transition.at - settings.flapping.windowMs);
  // A new monitor's first result (from "pending") is not a change anyone was told of or cares about.
  const changes = transition.from === 'pending' ? recent : [...recent, transition.at];
  if (state.flapping) return { state: { ...state, changes }, notices: heldBack ? [{ kind: heldBack, suppressed: 'flapping' }] : [] };
  if (settings.flapping.changes > 0 && changes.length >= settings.flapping.changes) {
    const notices: Notice[] = [{ kind: 'flapping', suppressed: null }];
    return { state: { ...state, changes, flapping: true }, notices };
  }
  if (kind === null) return { state: { ...state, changes, notified: transition.to === 'pending' ? state.notified : transition.to }, notices: [] };
  return {
    state: { ...state, changes, notified: transition.to, lastDownNoticeAt: transition.to === 'down' ? transition.at : state.lastDownNoticeAt },
    notices: [{ kind, suppressed: null }],
  };
}

/** A check result, after its transition (if any) went through onTransition. */
export function onCheck(
  state: AlertState,
  check: { readonly status: MonitorStatus; readonly at: number; readonly tls: TlsFacts | null },
  context: { readonly maintenance: boolean },
  settings: PolicySettings,
): Outcome {
  const notices: Notice[] = [];
  let next = state;
  if (!context.maintenance) {
    const settled = settle(next, check, settings);
    next = settled.state;
    notices.push(...settled.notices);
    const reminder = remind(next, check, settings);
    next = reminder.state;
    notices.push(...reminder.notices);
    const tls = certificate(next, check, settings);
    next = tls.state;
    notices.push(...tls.notices);
  }
  return { state: next, notices };
}

/** The end of flapping or of a maintenance window: tell the status channels have missed. */
function settle(state: AlertState, check: { readonly status: MonitorStatus; readonly at: number }, settings: PolicySettings): Outcome {
  if (check.status === 'pending') return { state, notices: [] };
  if (state.flapping) {
    const last = state.changes[state.changes.length - 1] ?? 0;
    if (check.at - last < settings.flapping.windowMs) return { state, notices: [] };
    // Stable again: always say in which status, it closes the flapping notice.
    const kind: EventKind = check.status === 'up' ? 'up' : check.status;
    return {
      state: { ...state, flapping: false, changes: [], notified: check.status, lastDownNoticeAt: check.status === 'down' ? check.at : state.lastDownNoticeAt },
      notices: [{ kind, suppressed: null, catchUp: true }],
    };
  }
  if (check.status === state.notified) return { state, notices: [] };
  const kind = kindFor(state.notified, check.status);
  const next: AlertState = { ...state, notified: check.status, lastDownNoticeAt: check.status === 'down' ? check.at : state.lastDownNoticeAt };
  return { state: next, notices: kind ? [{ kind, suppressed: null, catchUp: true }] : [] };
}

function remind(state: AlertState, check: { readonly status: MonitorStatus; readonly at: number }, settings: PolicySettings): Outcome {
  if (settings.remindEveryMs === null || state.flapping || check.status !== 'down' || state.notified !== 'down') return { state, notices: [] };
  if (state.lastDownNoticeAt !== null && check.at - state.lastDownNoticeAt < settings.remindEveryMs) return { state, notices: [] };
  return { state: { ...state, lastDownNoticeAt: check.at }, notices: [{ kind: 'reminder', suppressed: null }] };
}

function certificate(state: AlertState, check: { readonly at: number; readonly tls: TlsFacts | null }, settings: PolicySettings): Outcome {
  const facts = check.tls;
  if (!facts) return { state, notices: [] };
  const renewed = state.tls.fingerprint !== null && state.tls.fingerprint !== facts.fingerprint256;
  const wasWarned = state.tls.warnedDays !== null || state.tls.expired;
  let tls = state.tls.fingerprint === facts.fingerprint256 ? state.tls : { fingerprint: facts.fingerprint256, warnedDays: null, expired: false };
  const notices: Notice[] = [];
  if (Date.parse(facts.validTo) <= check.at) {
    if (!tls.expired) {
      tls = { ...tls, expired: true };
      notices.push({ kind: 'tls-expired', suppressed: null });
    }
  } else {
    // The nearest threshold at or above the days left: 10 days left -> the 14-day warning only.
    const crossed = settings.tlsThresholds.filter((days) => facts.daysRemaining <= days).sort((a, b) => a - b)[0];
    if (crossed !== undefined && (tls.warnedDays === null || crossed < tls.warnedDays)) {
      tls = { ...tls, warnedDays: crossed };
      notices.push({ kind: 'tls-expiring', suppressed: null, thresholdDays: crossed });
    } else if (crossed === undefined && renewed && wasWarned) {
      notices.push({ kind: 'tls-renewed', suppressed: null });
    }
  }
  return { state: tls === state.tls ? state : { ...state, tls }, notices };
}
