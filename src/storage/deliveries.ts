/**
 * Deliveries: one row per event and channel, stored before the first attempt, claimed
 * atomically by the worker (an UPDATE that must change exactly one row), every attempt a row
 * of its own with its outcome. Per channel and monitor, deliveries go out in order.
 */
import type { Db } from './db.js';

export type DeliveryStatus = 'pending' | 'sending' | 'retrying' | 'sent' | 'failed';

export interface Delivery {
  readonly id: number;
  readonly eventId: number;
  readonly monitorKey: number | null;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly nextAt: number;
  readonly claimed: number | null;
  readonly lastError: string | null;
  readonly sentAt: number | null;
  readonly createdAt: number;
}

export interface Attempt {
  readonly delivery: number;
  readonly attempt: number;
  readonly at: number;
  readonly ms: number;
  readonly ok: boolean;
  readonly error: string | null;
}

/** What an attempt decided: sent, retry at `nextAt`, or failed for good. */
export type AttemptOutcome =
  | { readonly status: 'sent' }
  | { readonly status: 'retrying'; readonly nextAt: number; readonly error: string }
  | { readonly status: 'failed'; readonly error: string };

interface RawDelivery {
  id: number;
  event: number;
  monitor: number | null;
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_at: number;
  claimed: number | null;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
}

const toDelivery = (raw: RawDelivery): Delivery => ({
  id: raw.id,
  eventId: raw.event,
  monitorKey: raw.monitor,
  channel: raw.channel,
  status: raw.status,
  attempts: raw.attempts,
  maxAttempts: raw.max_attempts,
  nextAt: raw.next_at,
  claimed: raw.claimed,
  lastError: raw.last_error,
  sentAt: raw.sent_at,
  createdAt: raw.created_at,
});

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;

export function createDeliveryRepository(db: Db) {
  const statements = {
    insert: db.prepare<[number, number | null, string, number, number, number]>(
      'INSERT OR IGNORE INTO deliveries (event, monitor, channel, max_attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    byId: db.prepare<[number], RawDelivery>('SELECT * FROM deliveries WHERE id = ?'),
    // Due, unclaimed, and nothing older still open for the same channel and monitor: order kept.
    due: db.prepare<[number, number], RawDelivery>(
      `SELECT d.* FROM deliveries d
       WHERE d.status IN ('pending', 'retrying') AND d.next_at <= ? AND d.claimed IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM deliveries o
           WHERE o.channel = d.channel AND o.monitor IS d.monitor AND o.id < d.id AND o.status IN ('pending', 'retrying', 'sending'))
       ORDER BY d.id LIMIT ?`,
    ),
    nextDue: db.prepare<[], { next: number | null }>("SELECT MIN(next_at) AS next FROM deliveries WHERE status IN ('pending', 'retrying') AND claimed IS NULL"),
    claim: db.prepare<[number, number]>("UPDATE deliveries SET claimed = ?, status = 'sending' WHERE id = ? AND claimed IS NULL AND status IN ('pending', 'retrying')"),
    insertAttempt: db.prepare<[number, number, number, number, number, string | null]>(
      'INSERT INTO delivery_attempts (delivery, attempt, at, ms, ok, error) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    finish: db.prepare<[string, number, string | null, number | null, number, number]>(
      'UPDATE deliveries SET status = ?, attempts = attempts + 1, claimed = NULL, next_at = ?, last_error = ?, sent_at = ? WHERE id = ? AND claimed = ?',
    ),
    pullForward: db.prepare<[number, string, number]>("UPDATE deliveries SET next_at = ? WHERE channel = ? AND status = 'retrying' AND next_at > ?"),
    stale: db.prepare<[], RawDelivery>("SELECT * FROM deliveries WHERE status = 'sending'"),
    forEvent: db.prepare<[number], RawDelivery>('SELECT * FROM deliveries WHERE event = ? ORDER BY channel'),
    attempts: db.prepare<[number], { delivery: number; attempt: number; at: number; ms: number; ok: number; error: string | null }>(
      'SELECT * FROM delivery_attempts WHERE delivery = ? ORDER BY attempt',
    ),
    lastForChannel: db.prepare<[string], RawDelivery>('SELECT * FROM deliveries WHERE channel = ? ORDER BY id DESC LIMIT 1'),
  };

  const finish = db.transaction((delivery: Delivery, attempt: { at: number; ms: number }, outcome: AttemptOutcome): boolean => {
    const error = outcome.status === 'sent' ? null : outcome.error;
    statements.insertAttempt.run(delivery.id, delivery.attempts + 1, attempt.at, Math.round(attempt.ms), outcome.status === 'sent' ? 1 : 0, error);
    const nextAt = outcome.status === 'retrying' ? outcome.nextAt : delivery.nextAt;
    const changed = statements.finish.run(outcome.status, nextAt, error, outcome.status === 'sent' ? attempt.at : null, delivery.id, delivery.claimed ?? -1).changes;
    if (changed !== 1) throw new Error(`delivery ${delivery.id} was not claimed by this attempt`);
    return true;
  });

  return {
    /** Stores a pending delivery (once per event and channel); returns its id, or null if it existed. */
    insert(eventId: number, monitorKey: number | null, channel: string, maxAttempts: number, now: number): number | null {
      const result = statements.insert.run(eventId, monitorKey, channel, maxAttempts, now, now);
      return result.changes === 1 ? Number(result.lastInsertRowid) : null;
    },
    get(id: number): Delivery | null {
      const raw = statements.byId.get(id);
      return raw ? toDelivery(raw) : null;
    },
    due(now: number, limit: number): Delivery[] {
      return statements.due.all(now, limit).map(toDelivery);
    },
    /** The earliest next_at of an open delivery, or null when nothing waits. */
    nextDueAt(): number | null {
      return statements.nextDue.get()?.next ?? null;
    },
    /** Claims a delivery for one attempt; null when someone else has it (or it is done). */
    claim(id: number, now: number): Delivery | null {
      if (statements.claim.run(now, id).changes !== 1) return null;
      return toDelivery(statements.byId.get(id)!);
    },
    /** Records the attempt and its outcome together, releasing the claim. */
    finish(delivery: Delivery, attempt: { at: number; ms: number }, outcome: AttemptOutcome): void {
      finish(delivery, attempt, outcome);
    },
    /** The channel answered: retries waiting for it go now instead of at their backoff time. */
    pullForward(channel: string, now: number): number {
      return statements.pullForward.run(now, channel, now).changes;
    },
    /** Deliveries a previous process was attempting when it stopped. */
    stale(): Delivery[] {
      return statements.stale.all().map(toDelivery);
    },
    forEvent(eventId: number): Delivery[] {
      return statements.forEvent.all(eventId).map(toDelivery);
    },
    attempts(id: number): Attempt[] {
      return statements.attempts.all(id).map((raw) => ({ ...raw, ok: raw.ok === 1 }));
    },
    lastForChannel(channel: string): Delivery | null {
      const raw = statements.lastForChannel.get(channel);
      return raw ? toDelivery(raw) : null;
    },
  };
}
