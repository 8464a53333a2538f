/**
 * Schema pieces shared by every notifier: the delivery settings (events, timeout, attempts,
 * backoff) and URL/duration fields, from config/fields.ts (which config/schema.ts shares).
 */
import { v, type Output } from '../../config/kit.js';
import { duration, httpUrl } from '../../config/fields.js';
import { EVENT_KINDS } from '../events.js';
import type { DeliverySettings } from './types.js';

/** Seconds, or "500ms", "10s", "5m". */
export function seconds(min: number) {
  return duration(min, '10s');
}

export { httpUrl };

export const DELIVERY_DEFAULTS = { timeout: 10, attempts: 10, backoff: 10 } as const;

/** Spread into every notifier schema. */
export const deliveryFields = {
  events: v.array(v.enum(EVENT_KINDS)).min(1).optional().meta({ description: `Event kinds sent to this channel; default all (${EVENT_KINDS.join(', ')})` }),
  timeout: seconds(0.1).optional().meta({ description: 'Time allowed for one attempt; default 10s' }),
  attempts: v.number().int().min(1).max(50).optional().meta({ description: 'Attempts before a delivery is marked failed; default 10' }),
  backoff: seconds(0.05).optional().meta({ description: 'Wait before the first retry, doubled each time up to 1h; default 10s' }),
};

/** The delivery settings of a parsed channel config, defaults applied. */
export function deliverySettings(config: { events?: readonly string[]; timeout?: number; attempts?: number; backoff?: number }): DeliverySettings {
  return {
    events: config.events ?? EVENT_KINDS,
    timeout: config.timeout ?? DELIVERY_DEFAULTS.timeout,
    attempts: config.attempts ?? DELIVERY_DEFAULTS.attempts,
    backoff: config.backoff ?? DELIVERY_DEFAULTS.backoff,
  };
}

/** scheme://host[:port] and "/…" when the path may hold a token: the part of a URL fit to show. */
export function originOnly(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname.length > 1 || url.search ? '/…' : ''}`;
  } catch {
    return '[invalid URL]';
  }
}

/** A URL's secret-looking parts: the whole URL, its path segments, password and query values. */
export function urlSecrets(raw: string): string[] {
  const found = [raw];
  try {
    const url = new URL(raw);
    if (url.password) found.push(url.password, decodeURIComponent(url.password));
    // Token-like path segments (Slack's T0123/B0456/xyz, Discord's id/token), not words like "services".
    for (const segment of url.pathname.split('/')) if (segment.length >= 16 || (segment.length >= 8 && /\d/.test(segment))) found.push(segment);
    for (const value of url.searchParams.values()) if (value.length >= 6) found.push(value);
    if (url.pathname.length > 1) found.push(`${url.origin}${url.pathname}`);
  } catch {
    // not a URL: only the whole string
  }
  return found;
}
