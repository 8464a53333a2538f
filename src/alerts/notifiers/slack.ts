/**
 * Slack incoming webhook (https://api.slack.com/messaging/webhooks): `text` is the notification
 * fallback, `blocks` the message (a header, the detail, up to 10 fields, a context line).
 * The webhook URL itself is the credential: it never appears in the API or the logs.
 */
import type { Output } from '../../config/kit.js';
import { detail, facts, headline, subjectLine, type AlertEvent } from '../events.js';
import { httpUrl, originOnly, urlSecrets } from './fields.js';
import { clip, emoji, escapeMarkup, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('slack', {
  url: httpUrl.meta({ description: 'The incoming webhook URL (https://hooks.slack.com/services/...)' }),
});
export type SlackConfig = Output<typeof schema>;

export function build(config: SlackConfig, event: AlertEvent): PresetRequest {
  const text = detail(event);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`${emoji(event.kind)} ${headline(event)}`, 150), emoji: true } },
  ];
  if (text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(escapeMarkup(text), 3000) } });
  const fields = facts(event).slice(0, 10).map((fact) => ({ type: 'mrkdwn', text: clip(`*${fact.label}*\n${escapeMarkup(fact.value)}`, 2000) }));
  blocks.push({ type: 'section', fields });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Lookout · event ${event.kind}` }] });
  return { url: config.url, body: { text: clip(escapeMarkup(subjectLine(event)), 3000), blocks } };
}

export const create = (config: SlackConfig) => presetNotifier(config, build);
export const target = (config: SlackConfig) => `Slack ${originOnly(config.url)}`;
export const secrets = (config: SlackConfig) => urlSecrets(config.url);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
