/**
 * Pushover (https://pushover.net/api): POST messages.json with the application token, the user
 * (or group) key, a title (250) and message (1024). Problems are sent at priority 1 (bypasses
 * quiet hours); 2 (emergency) would need acknowledgement settings and is not used.
 */
import { v, type Output } from '../../config/kit.js';
import { detail, facts, headline, isProblem, type AlertEvent } from '../events.js';
import { httpUrl } from './fields.js';
import { clip, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('pushover', {
  token: v.string().min(1).meta({ description: 'Application API token' }),
  user: v.string().min(1).meta({ description: 'User or group key' }),
  device: v.string().min(1).optional().meta({ description: 'Only these devices (comma-separated names)' }),
  url: httpUrl.optional().meta({ description: 'API endpoint; default https://api.pushover.net/1/messages.json' }),
});
export type PushoverConfig = Output<typeof schema>;

export function build(config: PushoverConfig, event: AlertEvent): PresetRequest {
  const text = detail(event);
  const message = [text, ...facts(event).filter((fact) => fact.label !== 'Monitor' && fact.label !== 'Time').map((fact) => `${fact.label}: ${fact.value}`)].filter(Boolean).join('\n');
  const body: Record<string, unknown> = {
    token: config.token,
    user: config.user,
    title: clip(headline(event), 250),
    message: clip(message, 1024),
    priority: event.kind === 'test' ? -1 : isProblem(event.kind) && event.kind !== 'tls-expiring' ? 1 : 0,
    timestamp: Math.floor(event.at / 1000),
  };
  if (config.device) body.device = config.device;
  return { url: config.url ?? 'https://api.pushover.net/1/messages.json', body };
}

export const create = (config: PushoverConfig) => presetNotifier(config, build);
export const target = (config: PushoverConfig) => `Pushover${config.device ? ` device ${config.device}` : ''}`;
export const secrets = (config: PushoverConfig) => [config.token, config.user];
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
