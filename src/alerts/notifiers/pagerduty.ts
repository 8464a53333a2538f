/**
 * PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
 * problems `trigger` an alert and a recovery `resolve`s it, matched by a dedup key per monitor
 * (`lookout:<id>`; certificate events use `lookout:<id>:tls`, resolved when the certificate is
 * renewed, so a renewal never resolves an outage nor a recovery a certificate warning).
 * Severity: critical for down, warning for degraded/flapping/expiring, info for tests.
 */
import { v, type Output } from '../../config/kit.js';
import { genericPayload, isCertificateEvent, subjectLine, type AlertEvent, type EventKind } from '../events.js';
import { httpUrl } from './fields.js';
import { clip, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';
import { isoString } from '../../util/time.js';

export const schema = presetSchema('pagerduty', {
  routingKey: v.string().min(1).meta({ description: 'Integration key of an Events API v2 integration' }),
  url: httpUrl.optional().meta({ description: 'Events endpoint; default https://events.pagerduty.com/v2/enqueue (EU: https://events.eu.pagerduty.com/v2/enqueue)' }),
});
export type PagerDutyConfig = Output<typeof schema>;

const SEVERITY: Readonly<Record<EventKind, 'critical' | 'error' | 'warning' | 'info'>> = {
  down: 'critical',
  reminder: 'critical',
  'tls-expired': 'critical',
  degraded: 'warning',
  flapping: 'warning',
  'tls-expiring': 'warning',
  'tls-renewed': 'info',
  up: 'info',
  test: 'info',
};

/** The dedup key correlating a trigger with its resolve. */
export function dedupKey(event: AlertEvent): string {
  if (!event.monitor) return `lookout:test:${event.id}`;
  return clip(`lookout:${event.monitor.id}${isCertificateEvent(event.kind) ? ':tls' : ''}`, 255);
}

function source(event: AlertEvent): string {
  if (!event.monitor) return 'lookout';
  try {
    return new URL(event.monitor.url).host;
  } catch {
    return event.monitor.id;
  }
}

export function build(config: PagerDutyConfig, event: AlertEvent): PresetRequest {
  const url = config.url ?? 'https://events.pagerduty.com/v2/enqueue';
  // A recovery resolves the outage; a renewed certificate resolves the certificate's alert.
  if (event.kind === 'up' || event.kind === 'tls-renewed') {
    return { url, body: { routing_key: config.routingKey, event_action: 'resolve', dedup_key: dedupKey(event) } };
  }
  return {
    url,
    body: {
      routing_key: config.routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey(event),
      payload: {
        summary: clip(subjectLine(event), 1024),
        source: source(event),
        severity: SEVERITY[event.kind],
        timestamp: isoString(event.at),
        component: event.monitor?.id ?? 'lookout',
        group: 'lookout',
        class: event.kind,
        custom_details: genericPayload(event),
      },
      client: 'Lookout',
    },
  };
}

export const create = (config: PagerDutyConfig) => presetNotifier(config, build);
export const target = (config: PagerDutyConfig) => `PagerDuty ${new URL(config.url ?? 'https://events.pagerduty.com/v2/enqueue').host}`;
export const secrets = (config: PagerDutyConfig) => [config.routingKey];
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
