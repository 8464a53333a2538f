/**
 * Mattermost incoming webhook (https://developers.mattermost.com/integrate/webhooks/incoming/):
 * Markdown `text`, plus a Slack-style attachment with a colour bar and fields.
 */
import { v, type Output } from '../../config/kit.js';
import { colour, detail, facts, headline, subjectLine, type AlertEvent } from '../events.js';
import { httpUrl, originOnly, urlSecrets } from './fields.js';
import { emoji, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('mattermost', {
  url: httpUrl.meta({ description: 'The incoming webhook URL (https://mattermost.example.com/hooks/...)' }),
  channel: v.string().min(1).optional().meta({ description: 'Post to this channel instead of the webhook default' }),
  username: v.string().min(1).optional().meta({ description: 'Display name; default Lookout' }),
});
export type MattermostConfig = Output<typeof schema>;

export function build(config: MattermostConfig, event: AlertEvent): PresetRequest {
  const text = detail(event);
  const body: Record<string, unknown> = {
    text: `#### ${emoji(event.kind)} ${headline(event)}${text ? `\n${text}` : ''}`,
    username: config.username ?? 'Lookout',
    attachments: [
      {
        fallback: subjectLine(event),
        color: colour(event.kind),
        fields: facts(event).map((fact) => ({ title: fact.label, value: fact.value, short: fact.value.length < 40 })),
      },
    ],
  };
  if (config.channel) body.channel = config.channel;
  return { url: config.url, body };
}

export const create = (config: MattermostConfig) => presetNotifier(config, build);
export const target = (config: MattermostConfig) => `Mattermost ${originOnly(config.url)}${config.channel ? ` #${config.channel}` : ''}`;
export const secrets = (config: MattermostConfig) => urlSecrets(config.url);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
