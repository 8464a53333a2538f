/** What the API shows of channels, events and deliveries: no secrets, times as ISO strings. */
import type { StoredAlertEvent } from '../storage/alert-events.js';
import type { Delivery } from '../storage/deliveries.js';
import type { ChannelConfig } from './notifiers/registry.js';
import type { DeliverySettings } from './notifiers/types.js';
import { iso } from '../util/time.js';

export function deliveryView(delivery: Delivery) {
  const open = delivery.status === 'pending' || delivery.status === 'retrying';
  return {
    id: delivery.id,
    channel: delivery.channel,
    status: delivery.status,
    attempts: delivery.attempts,
    maxAttempts: delivery.maxAttempts,
    lastError: delivery.lastError,
    createdAt: iso(delivery.createdAt),
    sentAt: iso(delivery.sentAt),
    nextAttemptAt: open ? iso(delivery.nextAt) : null,
  };
}

export function eventView(event: StoredAlertEvent, deliveries: readonly Delivery[]) {
  return {
    id: event.id,
    event: event.kind,
    at: iso(event.at),
    monitor: event.monitor,
    status: event.status,
    previousStatus: event.previousStatus,
    reason: event.reason,
    downtimeSeconds: event.downtimeSeconds,
    certificate: event.certificate,
    flapping: event.flapping,
    channel: event.channel,
    stateChange: event.stateChangeId,
    suppressed: event.suppressed,
    deliveries: deliveries.map(deliveryView),
  };
}

export interface ChannelInfo {
  readonly name: string;
  readonly config: ChannelConfig;
  readonly kind: string;
  readonly target: string;
  readonly settings: DeliverySettings;
}

export function channelView(channel: ChannelInfo, last: Delivery | null) {
  return {
    name: channel.name,
    type: channel.config.type,
    kind: channel.kind,
    target: channel.target,
    signed: channel.config.type === 'webhook' && 'secret' in channel.config && typeof channel.config.secret === 'string',
    events: channel.settings.events,
    timeout: channel.settings.timeout,
    attempts: channel.settings.attempts,
    backoff: channel.settings.backoff,
    lastDelivery: last ? { status: last.status, at: iso(last.sentAt ?? last.createdAt), lastError: last.lastError } : null,
  };
}
