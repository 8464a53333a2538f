/**
 * The one shape of a notifier plug-in: a config schema, `create(config): Notifier`, and two
 * helpers for the API and the logs (what it sends to, without secrets; which values are secret).
 * The registry (registry.ts) lists them all.
 */
import type { AnySchema, Output } from '../../config/kit.js';
import type { AlertEvent } from '../events.js';

export interface SendContext {
  /** Aborted when the attempt times out or the process shuts down. */
  readonly signal: AbortSignal;
  /** The delivery row id, sent as an idempotency key where the service has one. */
  readonly deliveryId: number;
  /** The channel name from monitors.yaml. */
  readonly channel: string;
}

export interface Notifier {
  /** Resolves once the service accepted the message; throws (a DeliveryError when it can tell) otherwise. */
  send(event: AlertEvent, context: SendContext): Promise<void>;
  /** Releases connections; optional. */
  close?(): void;
}

/**
 * A failed send, with its policy: a permanent error (wrong address, 4xx, bad credentials) is not
 * retried; a temporary one (down, 5xx, timeout) is, after `retryAfterMs` when the service said so.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Settings every channel has, defaults applied. Durations in seconds. */
export interface DeliverySettings {
  /** Only these event kinds go to the channel. */
  readonly events: readonly string[];
  /** One attempt may take this long. */
  readonly timeout: number;
  /** Attempts in all before a delivery is marked failed. */
  readonly attempts: number;
  /** Wait before the first retry; doubles each time (capped at one hour). */
  readonly backoff: number;
}

export interface NotifierPlugin<Schema extends AnySchema = AnySchema> {
  readonly schema: Schema;
  create(config: Output<Schema>): Notifier;
  /** Where messages go, fit for the API: no passwords, tokens or secret URL paths. */
  target(config: Output<Schema>): string;
  /** Every secret value in the config, so logs and stored errors can be scrubbed. */
  secrets(config: Output<Schema>): string[];
}
