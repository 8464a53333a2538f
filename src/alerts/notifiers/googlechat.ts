/**
 * Google Chat incoming webhook (https://developers.google.com/workspace/chat/quickstart/webhooks):
 * a one-line text (what the notification shows, in Chat's own *bold*) and a card with the
 * headline, the detail and one labelled line per fact (cardsV2: header and decoratedText
 * widgets). Card text takes simple HTML, so what a monitored site controls is escaped. The URL
 * carries `key` and `token`.
 */
import type { Output } from '../../config/kit.js';
import { detail, facts, headline, type AlertEvent } from '../events.js';
import { httpUrl, originOnly, urlSecrets } from './fields.js';
import { clip, emoji, escapeMarkup, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('googlechat', {
  url: httpUrl.meta({ description: 'The space webhook URL (https://chat.googleapis.com/v1/spaces/.../messages?key=...&token=...)' }),
});
export type GoogleChatConfig = Output<typeof schema>;

export function build(config: GoogleChatConfig, event: AlertEvent): PresetRequest {
  const title = headline(event);
  const text = detail(event);
  const widgets = facts(event).map((fact) => ({ decoratedText: { topLabel: fact.label, text: clip(escapeMarkup(fact.value), 1000), wrapText: true } }));
  return {
    url: config.url,
    body: {
      text: clip(`${emoji(event.kind)} *${title}*${text ? `\n${text}` : ''}`, 4000),
      cardsV2: [
        {
          cardId: `lookout-${event.id}`,
          card: {
            // Header fields are plain text.
            header: { title: clip(`${emoji(event.kind)} ${title}`, 200), ...(text ? { subtitle: clip(text, 200) } : {}) },
            sections: [{ widgets }],
          },
        },
      ],
    },
  };
}

export const create = (config: GoogleChatConfig) => presetNotifier(config, build);
export const target = (config: GoogleChatConfig) => `Google Chat ${originOnly(config.url)}`;
export const secrets = (config: GoogleChatConfig) => urlSecrets(config.url);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
