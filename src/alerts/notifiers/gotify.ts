/**
 * Gotify (https://gotify.net/api-docs#/message/createMessage): POST <url>/message with the
 * application token in X-Gotify-Key; Markdown content via the client::display extra.
 */
import { v, type Output } from '../../config/kit.js';
import { detail, facts, headline, type AlertEvent, type EventKind } from '../events.js';
import { httpUrl, originOnly } from './fields.js';
import { presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('gotify', {
  url: httpUrl.meta({ description: 'Gotify server, e.g. https://gotify.example.com' }),
  token: v.string().min(1).meta({ description: 'Application token' }),
});
export type GotifyConfig = Output<typeof schema>;

/** Gotify priorities 0-10; 8 and above make Android clients ring. */
const PRIORITY: Readonly<Record<EventKind, number>> = { down: 8, reminder: 8, 'tls-expired': 8, degraded: 5, flapping: 5, 'tls-expiring': 5, 'tls-renewed': 5, up: 5, test: 2 };

export function build(config: GotifyConfig, event: AlertEvent): PresetRequest {
  const text = detail(event);
  const message = [text, '', ...facts(event).map((fact) => `**${fact.label}:** ${fact.value}  `)].join('\n').trim();
  return {
    url: `${config.url.replace(/\/+$/, '')}/message`,
    headers: { 'x-gotify-key': config.token },
    body: { title: headline(event), message, priority: PRIORITY[event.kind], extras: { 'client::display': { contentType: 'text/markdown' } } },
  };
}

export const create = (config: GotifyConfig) => presetNotifier(config, build);
export const target = (config: GotifyConfig) => `Gotify ${originOnly(config.url)}`;
export const secrets = (config: GotifyConfig) => [config.token];
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
