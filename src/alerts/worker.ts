/**
 * Sends stored deliveries, never on the checks' path: claims due rows atomically, attempts each
 * with a timeout, records every attempt and its outcome, and retries with exponential backoff:
 * `backoff`, then twice that, four times ... capped at one hour, at most `attempts` attempts
 * (defaults 10s and 10: about 85 minutes in all). Permanent errors fail at once.
 *
 * A restart finds what was pending and goes on. An attempt cut short by a shutdown is retried at
 * the next start; one cut short by a crash once its claim's lease (timeout + 30 s) is over. Either
 * way a receiver may, rarely, see one message twice: it can de-duplicate on the delivery id.
 * A `sent` delivery is never attempted again.
 */
import { EventEmitter } from 'node:events';
import { formatDuration } from '../config/duration.js';
import type { AlertEventRepository } from '../storage/alert-events.js';
import type { AttemptOutcome, Delivery, DeliveryRepository } from '../storage/deliveries.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/log.js';
import { scrub } from '../util/redact.js';
import { DeliveryError, type DeliverySettings, type Notifier } from './notifiers/types.js';
import { isoString } from '../util/time.js';

export const MAX_BACKOFF_SECONDS = 3600;
/** A claim outlives its attempt's timeout by this much before it counts as abandoned. */
export const CLAIM_MARGIN_SECONDS = 30;

export interface ChannelRuntime {
  readonly name: string;
  readonly notifier: Notifier;
  readonly settings: DeliverySettings;
}

export interface WorkerDeps {
  readonly deliveries: DeliveryRepository;
  readonly events: AlertEventRepository;
  readonly channels: () => ReadonlyMap<string, ChannelRuntime>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Secret values to scrub from stored error texts. */
  readonly secrets: () => Iterable<string>;
  /** Attempts in flight at once; default 4. */
  readonly concurrency?: number;
  /** Longest sleep between looks at the table; default 1000 ms. */
  readonly pollMs?: number;
}

export interface WorkerEvents {
  /** An attempt finished and was recorded. */
  attempt: [delivery: Delivery, outcome: AttemptOutcome];
}

/** Seconds before retry number `attempt` (1 = the first retry), jittered by up to 10%. */
export function backoffSeconds(attempt: number, initial: number, random: () => number = Math.random): number {
  const base = Math.min(initial * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_SECONDS);
  return base * (0.9 + 0.2 * random());
}

export interface DeliveryWorker {
  readonly events: EventEmitter<WorkerEvents>;
  /** Starts sending; claims a dead process left behind are released once their lease is over. */
  start(): void;
  /** Look at the table soon (new deliveries were stored). */
  kick(): void;
  /** Claims and attempts one delivery now; resolves with its row after the attempt. */
  deliverNow(id: number): Promise<Delivery | null>;
  /** Stops claiming; waits up to `graceMs` for attempts in flight, then aborts and records them. */
  stop(graceMs?: number): Promise<void>;
}

export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const { deliveries, clock, log } = deps;
  const concurrency = deps.concurrency ?? 4;
  const pollMs = deps.pollMs ?? 1000;
  const events = new EventEmitter<WorkerEvents>();
  const inFlight = new Map<number, { controller: AbortController; done: Promise<Delivery | null> }>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let kicked = false;
  let stopped = false;

  function decide(delivery: Delivery, settings: DeliverySettings | null, error: DeliveryError, now: number): AttemptOutcome {
    const text = scrub(error.message, deps.secrets()).slice(0, 1000);
    const attemptNumber = delivery.attempts + 1;
    if (error.permanent || attemptNumber >= delivery.maxAttempts || settings === null) return { status: 'failed', error: text };
    const wait = Math.min(Math.max(backoffSeconds(attemptNumber, settings.backoff) * 1000, error.retryAfterMs ?? 0), MAX_BACKOFF_SECONDS * 1000);
    return { status: 'retrying', nextAt: now + Math.round(wait), error: text };
  }

  async function attempt(delivery: Delivery, controller: AbortController): Promise<Delivery | null> {
    const startedAt = clock.now();
    const started = performance.now();
    const channel = deps.channels().get(delivery.channel) ?? null;
    const event = deps.events.get(delivery.eventId);
    let outcome: AttemptOutcome;
    if (!event) outcome = { status: 'failed', error: 'the alert event no longer exists' };
    else if (!channel) outcome = { status: 'failed', error: `no channel named "${delivery.channel}" in monitors.yaml` };
    else {
      const timeout = setTimeout(
        () => controller.abort(new DeliveryError(`timeout after ${formatDuration(channel.settings.timeout)}`, false)),
        channel.settings.timeout * 1000,
      );
      try {
        await channel.notifier.send(event, { signal: controller.signal, deliveryId: delivery.id, channel: delivery.channel });
        outcome = { status: 'sent' };
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error)?.message ?? String(error), false);
        outcome = decide(delivery, channel.settings, failure, clock.now());
        // Cut short by our own shutdown: the next start should try again straight away.
        if (stopped && outcome.status === 'retrying') outcome = { ...outcome, nextAt: clock.now() };
      } finally {
        clearTimeout(timeout);
      }
    }
    const ms = performance.now() - started;
    try {
      deliveries.finish(delivery, { at: startedAt, ms }, outcome);
    } catch (error) {
      // The database closed under us (shutdown): the claim stays and the next start retries it.
      log.error(`alerts: recording delivery ${delivery.id} failed error=${(error as Error).message}`);
      return null;
    }
    const what = `event=${event?.kind ?? '?'} monitor=${event?.monitor?.id ?? '-'} channel=${delivery.channel} attempt=${delivery.attempts + 1} ms=${Math.round(ms)}`;
    if (outcome.status === 'sent') {
      log.info(`alerts: sent ${what}`);
      // The channel works again: what waits for a retry there goes now.
      if (deliveries.pullForward(delivery.channel, clock.now()) > 0) kick();
    } else if (outcome.status === 'retrying') {
      log.warn(`alerts: retrying ${what} next=${isoString(outcome.nextAt)} error="${outcome.error}"`);
    } else {
      log.error(`alerts: failed ${what} error="${outcome.error}"`);
    }
    const row = deliveries.get(delivery.id);
    if (row) events.emit('attempt', row, outcome);
    return row;
  }

  function launch(delivery: Delivery): Promise<Delivery | null> {
    const controller = new AbortController();
    const done = attempt(delivery, controller).finally(() => {
      inFlight.delete(delivery.id);
      kick();
    });
    inFlight.set(delivery.id, { controller, done });
    return done;
  }

  /**
   * Releases claims whose attempt cannot still be running: claimed longer ago than the channel's
   * timeout plus a margin. Those are left by a process that died mid-attempt; a claim of a live
   * worker (another process on the same database) is never taken over. Returns when the earliest
   * claim still held elsewhere expires (null: none), so that arm() wakes up for it.
   */
  function releaseExpired(now: number): number | null {
    let nextExpiry: number | null = null;
    for (const stale of deliveries.stale()) {
      if (inFlight.has(stale.id)) continue;
      const settings = deps.channels().get(stale.channel)?.settings ?? null;
      const leaseMs = ((settings?.timeout ?? 60) + CLAIM_MARGIN_SECONDS) * 1000;
      const expiry = (stale.claimed ?? 0) + leaseMs;
      if (expiry > now) {
        nextExpiry = nextExpiry === null ? expiry : Math.min(nextExpiry, expiry);
        continue;
      }
      const outcome = decide(stale, settings, new DeliveryError('interrupted: the process stopped during this attempt', false), now);
      try {
        // Resume at once: the wait was the downtime.
        deliveries.finish(stale, { at: stale.claimed ?? now, ms: 0 }, outcome.status === 'retrying' ? { ...outcome, nextAt: now } : outcome);
      } catch {
        // Someone else finished or released it meanwhile.
      }
    }
    return nextExpiry;
  }

  function pump(): void {
    if (stopped) return;
    try {
      const nextExpiry = releaseExpired(clock.now());
      const free = concurrency - inFlight.size;
      if (free > 0) {
        const now = clock.now();
        for (const due of deliveries.due(now, free)) {
          const claimed = deliveries.claim(due.id, now);
          if (claimed) void launch(claimed);
        }
      }
      arm(nextExpiry);
    } catch (error) {
      log.error(`alerts: delivery worker error=${(error as Error).message}`);
    }
  }

  /**
   * Sleeps until the next due delivery or the next claim expiry, whichever is first. Without the
   * latter, a claim a crash left behind would wait for some unrelated alert to wake the worker.
   */
  function arm(nextExpiry: number | null): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const due = deliveries.nextDueAt();
    const next = due === null ? nextExpiry : nextExpiry === null ? due : Math.min(due, nextExpiry);
    if (next === null || stopped) return;
    const wait = next - clock.now();
    // Something due but not startable (slots busy, or behind an older delivery): look again later.
    timer = setTimeout(pump, wait > 0 ? Math.min(wait, pollMs) : pollMs);
    timer.unref();
  }

  function kick(): void {
    if (stopped || kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      pump();
    });
  }

  return {
    events,

    start() {
      pump();
    },

    kick,

    async deliverNow(id) {
      const running = inFlight.get(id);
      if (running) return running.done;
      const claimed = deliveries.claim(id, clock.now());
      if (!claimed) return deliveries.get(id);
      return launch(claimed);
    },

    async stop(graceMs = 2000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight.size === 0) return;
      const all = Promise.allSettled([...inFlight.values()].map((entry) => entry.done));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([all, grace]);
      for (const entry of inFlight.values()) entry.controller.abort(new DeliveryError('interrupted: Lookout was shutting down', false));
      await all;
    },
  };
}
