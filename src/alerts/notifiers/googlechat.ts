/**
 * Google Chat incoming webhook (https://developers.google.com/workspace/chat/quickstart/webhooks):
 * a text message with Chat's own formatting (*bold*). The URL carries `key` and `token`.
 */
import type { Output } from '../../config/kit.js';
import { detail, facts, headline, type AlertEvent } from '../events.js';
import { httpUrl, originOnly, urlSecrets } from './fields.js';
import { clip, emoji, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('googlechat', {
  url: httpUrl.meta({ description: 'The space webhook URL (https://chat.googleapis.com/v1/spaces/.../messages?key=...&token=...)' }),
});
export type GoogleChatConfig = Output<typeof schema>;

export function build(config: GoogleChatConfig, event: AlertEvent): PresetRequest {
  const text = detail(event);
  const lines = [`${emoji(event.kind)} *${headline(event)}*`];
  if (text) lines.push(text);
  lines.push('', ...facts(event).map((fact) => `*${fact.label}:* ${fact.value}`));
  return { url: config.url, body: { text: clip(lines.join('\n'), 4000) } };
}

export const create = (config: GoogleChatConfig) => presetNotifier(config, build);
export const target = (config: GoogleChatConfig) => `Google Chat ${originOnly(config.url)}`;
export const secrets = (config: GoogleChatConfig) => urlSecrets(config.url);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
