/**
 * The generic webhook: the documented JSON payload, optionally signed so the receiver can verify
 * it and reject replays:
 *
 *   X-Lookout-Timestamp: <unix seconds>
 *   X-Lookout-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the secret>
 *
 * Each attempt is signed afresh, so a retry an hour later still passes a 5-minute replay window.
 */
import { createHmac } from 'node:crypto';
import { v, type Output } from '../../config/kit.js';
import { genericPayload, type AlertEvent } from '../events.js';
import { deliveryFields, httpUrl, originOnly, urlSecrets } from './fields.js';
import { sendHttp } from './http.js';
import type { Notifier, NotifierPlugin, SendContext } from './types.js';

export const schema = v.object({
  type: v.literal('webhook'),
  preset: v.literal('generic').optional().meta({ description: 'Omit (or "generic") for the documented Lookout JSON payload' }),
  url: httpUrl,
  method: v.enum(['POST', 'PUT', 'PATCH']).optional().meta({ description: 'Default POST' }),
  headers: v.record(v.string(), v.string()).optional().meta({ description: 'Extra request headers (values are treated as secrets)' }),
  secret: v.string().min(8, { error: 'a signing secret needs at least 8 characters' }).optional()
    .meta({ description: 'Signs each request: X-Lookout-Signature: sha256=HMAC(secret, "<timestamp>.<body>")' }),
  ...deliveryFields,
});
export type WebhookConfig = Output<typeof schema>;

/** sha256=<hex>: the signature of one request. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The headers and body of one attempt; `now` in ms. */
export function buildRequest(config: WebhookConfig, event: AlertEvent, context: Pick<SendContext, 'deliveryId'>, now: number) {
  const body = JSON.stringify(genericPayload(event));
  const headers: Record<string, string> = {
    ...config.headers,
    'x-lookout-event': event.kind,
    'x-lookout-delivery': String(context.deliveryId),
  };
  if (config.secret) {
    const timestamp = Math.floor(now / 1000);
    headers['x-lookout-timestamp'] = String(timestamp);
    headers['x-lookout-signature'] = sign(config.secret, timestamp, body);
  }
  return { headers, body };
}

export function create(config: WebhookConfig): Notifier {
  return {
    async send(event, context) {
      const { headers, body } = buildRequest(config, event, context, Date.now());
      await sendHttp({ url: config.url, method: config.method ?? 'POST', headers, body, signal: context.signal });
    },
  };
}

export function target(config: WebhookConfig): string {
  return `${config.method ?? 'POST'} ${originOnly(config.url)}`;
}

export function secrets(config: WebhookConfig): string[] {
  return [...urlSecrets(config.url), ...(config.secret ? [config.secret] : []), ...Object.values(config.headers ?? {}).filter((value) => value.length >= 4)];
}

export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
