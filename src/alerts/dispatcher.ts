/**
 * Turns committed check results into alert events and deliveries. Runs after each commit of the
 * writer (`committed`), synchronously and without network I/O, so checks never wait on it.
 *
 * A state change is claimed once (`UPDATE state_changes SET alerted ... WHERE alerted IS NULL`
 * must change one row); its event, the event's deliveries and the monitor's alert state are
 * written in that same transaction, so a crash leaves either all of it or none, and what was not
 * handled is found again at start-up (`recover`).
 */
import type { TlsFacts } from '../checks/types.js';
import type { MonitorSpec } from '../config/schema.js';
import type { AlertEventRepository } from '../storage/alert-events.js';
import type { Db } from '../storage/db.js';
import type { DeliveryRepository } from '../storage/deliveries.js';
import type { MonitorState, MonitorStatus } from '../storage/monitors.js';
import type { CommittedWrite } from '../storage/writer.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import { redactUrl } from '../util/redact.js';
import { humanDuration, isCertificateEvent, type NewAlertEvent } from './events.js';
import { activeWindow, type MaintenanceWindow } from './maintenance.js';
import type { DeliverySettings } from './notifiers/types.js';
import { initialAlertState, onCheck, onTransition, type AlertState, type Notice, type PolicySettings } from './policy.js';

export interface DispatcherDeps {
  readonly db: Db;
  readonly events: AlertEventRepository;
  readonly deliveries: DeliveryRepository;
  /** The running monitor with this id (its key and current spec), or null. */
  readonly monitor: (id: string) => { readonly key: number; readonly spec: MonitorSpec } | null;
  /** Delivery settings of each configured channel. */
  readonly channels: () => ReadonlyMap<string, { readonly settings: DeliverySettings }>;
  readonly maintenance: () => readonly MaintenanceWindow[];
  readonly clock: Clock;
  readonly log: Logger;
  /** Called after new deliveries were stored. */
  readonly onQueued: () => void;
}

/** What the dispatcher knows about one step of one monitor. */
interface Step {
  readonly key: number;
  readonly monitorId: string;
  readonly at: number;
  readonly status: MonitorStatus;
  readonly statusSince: number | null;
  readonly transition: { readonly id: number; readonly from: MonitorStatus; readonly to: MonitorStatus; readonly reason: string | null } | null;
  readonly reason: string | null;
  readonly httpStatus: number | null;
  readonly responseTimeMs: number | null;
  readonly tls: TlsFacts | null;
  /** False for a state change replayed at start-up: there is no check result to judge. */
  readonly isCheck: boolean;
}

export function policySettings(spec: MonitorSpec): PolicySettings {
  return {
    flapping: { changes: spec.flapping.changes, windowMs: spec.flapping.window * 1000 },
    remindEveryMs: spec.remindEvery === null ? null : spec.remindEvery * 1000,
    tlsThresholds: spec.tls.expiryWarningDays,
  };
}

export interface Dispatcher {
  /** Handles one committed batch; never throws (a failure is logged, the state change stays unclaimed). */
  handle(writes: readonly CommittedWrite[]): void;
  /** Handles state changes committed but never dispatched (a crash in between). Returns how many. */
  recover(): number;
  /** Drops what is held for a deleted monitor's key. */
  forget(key: number): void;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { db, events, deliveries, clock, log } = deps;
  // Alert states by monitor key: the database is the truth, this saves a read per check.
  const cache = new Map<number, AlertState>();

  function loadState(step: Step): AlertState {
    const cached = cache.get(step.key);
    if (cached) return cached;
    const before: MonitorStatus = step.transition ? step.transition.from : step.status;
    return events.loadState(step.key) ?? initialAlertState(before, before === step.status ? step.statusSince : null);
  }

  function buildEvent(step: Step, spec: MonitorSpec, notice: Notice, before: AlertState, after: AlertState): NewAlertEvent {
    const tlsEvent = isCertificateEvent(notice.kind);
    const fromTransition = step.transition !== null && !notice.catchUp && !tlsEvent && notice.kind !== 'reminder';
    const told: MonitorStatus | null = fromTransition ? step.transition!.from : notice.catchUp ? before.notified : null;
    // After flapping a monitor may settle where it was: "up -> up" says nothing.
    const previousStatus = told === step.status ? null : told;
    // A catch-up (after a maintenance window or flapping) is sent late: it reports when the status
    // really began, and a downtime that ends there, not at the check that noticed the window's end.
    const at = notice.catchUp && step.statusSince !== null ? step.statusSince : step.at;
    let downtimeSeconds: number | null = null;
    if ((notice.kind === 'up' || notice.kind === 'degraded') && (previousStatus === 'down' || before.notified === 'down')) {
      const since = events.lastChangeInto(step.key, 'down', step.transition?.id);
      if (since !== null) downtimeSeconds = Math.max(0, (at - since) / 1000);
    }
    if (notice.kind === 'reminder') {
      const since = events.lastChangeInto(step.key, 'down');
      if (since !== null) downtimeSeconds = Math.max(0, (step.at - since) / 1000);
    }
    let reason = tlsEvent ? null : step.reason;
    if (notice.catchUp && before.flapping) reason = `stable again for ${humanDuration(spec.flapping.window)} after flapping${step.reason ? `: ${step.reason}` : ''}`;
    else if (notice.catchUp && notice.kind !== 'up') reason = `${step.reason ?? step.status} (after a maintenance window)`;
    return {
      kind: notice.kind,
      at,
      monitor: { id: spec.id, name: spec.name, url: redactUrl(spec.url) },
      status: step.status,
      previousStatus,
      reason,
      httpStatus: step.httpStatus,
      responseTimeMs: step.responseTimeMs,
      downtimeSeconds,
      certificate:
        tlsEvent && step.tls
          ? { subject: step.tls.subject, issuer: step.tls.issuer, validTo: step.tls.validTo, daysRemaining: step.tls.daysRemaining, thresholdDays: notice.thresholdDays ?? null }
          : null,
      flapping: notice.kind === 'flapping' ? { changes: after.changes.length, windowSeconds: spec.flapping.window } : null,
      channel: null,
    };
  }

  /** Stores the event and, unless suppressed, one delivery per channel that wants this kind. */
  function record(step: Step, spec: MonitorSpec, notice: Notice, before: AlertState, after: AlertState, stateChangeId: number | null, now: number): number {
    const event = buildEvent(step, spec, notice, before, after);
    const eventId = events.insert(event, { key: step.key, stateChangeId, suppressed: notice.suppressed });
    if (notice.suppressed) {
      log.info(`alerts: held back event=${notice.kind} monitor=${spec.id} because=${notice.suppressed}`);
      return 0;
    }
    const channels = deps.channels();
    let queued = 0;
    for (const name of spec.alerts) {
      const channel = channels.get(name);
      // An unknown channel (an API monitor naming one that is gone) fails visibly at delivery.
      if (channel && !channel.settings.events.includes(notice.kind)) continue;
      if (deliveries.insert(eventId, step.key, name, channel?.settings.attempts ?? 1, now) !== null) queued++;
    }
    log.info(`alerts: event=${notice.kind} monitor=${spec.id} deliveries=${queued}`);
    return queued;
  }

  /** One step in one transaction; returns the deliveries queued. */
  const process = db.transaction((step: Step, spec: MonitorSpec): { queued: number; state: AlertState | null } => {
    const now = clock.now();
    const settings = policySettings(spec);
    const maintenance = activeWindow(deps.maintenance(), spec, step.at) !== null;
    const before = loadState(step);
    let state = before;
    let queued = 0;
    if (step.transition && events.claimStateChange(step.transition.id, now)) {
      const outcome = onTransition(state, { from: step.transition.from, to: step.transition.to, at: step.at }, { maintenance }, settings);
      // One event per state change: the database enforces it too (alert_events.state_change is unique).
      const [first, ...rest] = outcome.notices;
      if (first) queued += record(step, spec, first, state, outcome.state, step.transition.id, now);
      for (const notice of rest) queued += record(step, spec, notice, state, outcome.state, null, now);
      state = outcome.state;
    }
    if (step.isCheck) {
      const previous = state;
      const outcome = onCheck(state, { status: step.status, at: step.at, tls: step.tls }, { maintenance }, settings);
      for (const notice of outcome.notices) queued += record(step, spec, notice, previous, outcome.state, null, now);
      state = outcome.state;
    }
    const changed = state !== cache.get(step.key);
    if (changed) events.saveState(step.key, state);
    return { queued, state: changed ? state : null };
  });

  function run(step: Step): number {
    const found = deps.monitor(step.monitorId);
    if (!found) {
      // The monitor was removed meanwhile: its change is history, not news.
      if (step.transition) events.claimStateChange(step.transition.id, clock.now());
      return 0;
    }
    // Most results change nothing: decide that without a transaction.
    const cached = cache.get(step.key);
    if (!step.transition && cached) {
      const maintenance = activeWindow(deps.maintenance(), found.spec, step.at) !== null;
      const outcome = onCheck(cached, { status: step.status, at: step.at, tls: step.tls }, { maintenance }, policySettings(found.spec));
      if (outcome.notices.length === 0 && outcome.state === cached) return 0;
    }
    const { queued, state } = process(step, found.spec);
    if (state) cache.set(step.key, state);
    return queued;
  }

  function fromWrite(write: CommittedWrite): Step {
    const state: MonitorState = write.state;
    return {
      key: write.key,
      monitorId: write.monitorId,
      at: write.result.at,
      status: state.status,
      statusSince: state.statusSince,
      transition: write.transition && write.transitionId !== null ? { id: write.transitionId, from: write.transition.from, to: write.transition.to, reason: write.transition.reason } : null,
      reason: write.result.reason,
      httpStatus: write.result.httpStatus,
      responseTimeMs: write.result.totalMs,
      tls: write.result.tls,
      isCheck: true,
    };
  }

  return {
    handle(writes) {
      let queued = 0;
      for (const write of writes) {
        try {
          queued += run(fromWrite(write));
        } catch (error) {
          cache.delete(write.key);
          log.error(`alerts: dispatch failed monitor=${write.monitorId} error=${(error as Error).message}`);
        }
      }
      if (queued > 0) deps.onQueued();
    },

    /** A deleted monitor's alert state goes with it, so that nothing created later inherits it. */
    forget(key: number) {
      cache.delete(key);
    },

    recover() {
      let handled = 0;
      let queued = 0;
      for (const change of events.unalerted()) {
        try {
          queued += run({
            key: change.key,
            monitorId: change.monitorId,
            at: change.at,
            status: change.to,
            statusSince: change.at,
            transition: { id: change.id, from: change.from, to: change.to, reason: change.reason },
            reason: change.reason,
            httpStatus: null,
            responseTimeMs: null,
            tls: null,
            isCheck: false,
          });
          handled++;
        } catch (error) {
          log.error(`alerts: recovering state change ${change.id} failed error=${(error as Error).message}`);
        }
      }
      if (handled > 0) log.info(`alerts: recovered state changes=${handled} deliveries=${queued}`);
      if (queued > 0) deps.onQueued();
      return handled;
    },
  };
}
