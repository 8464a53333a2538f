/**
 * Discord webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook):
 * a short `content` line and one embed within Discord's limits (title 256, description 4096,
 * 25 fields of 256/1024). Mentions are disabled so a reason text can never ping @everyone.
 */
import { v, type Output } from '../../config/kit.js';
import { colour, detail, facts, headline, subjectLine, type AlertEvent } from '../events.js';
import { httpUrl, originOnly, urlSecrets } from './fields.js';
import { clip, emoji, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';
import { isoString } from '../../util/time.js';

export const schema = presetSchema('discord', {
  url: httpUrl.meta({ description: 'The webhook URL (https://discord.com/api/webhooks/<id>/<token>)' }),
  username: v.string().min(1).max(80).optional().meta({ description: 'Display name; default Lookout' }),
});
export type DiscordConfig = Output<typeof schema>;

export function build(config: DiscordConfig, event: AlertEvent): PresetRequest {
  return {
    url: config.url,
    body: {
      username: config.username ?? 'Lookout',
      content: clip(`${emoji(event.kind)} ${subjectLine(event)}`, 2000),
      embeds: [
        {
          title: clip(headline(event), 256),
          description: clip(detail(event) || headline(event), 4096),
          color: Number.parseInt(colour(event.kind).slice(1), 16),
          fields: facts(event)
            .slice(0, 25)
            .map((fact) => ({ name: clip(fact.label, 256), value: clip(fact.value, 1024), inline: fact.value.length < 40 })),
          timestamp: isoString(event.at),
        },
      ],
      allowed_mentions: { parse: [] },
    },
  };
}

export const create = (config: DiscordConfig) => presetNotifier(config, build);
export const target = (config: DiscordConfig) => `Discord ${originOnly(config.url)}`;
export const secrets = (config: DiscordConfig) => urlSecrets(config.url);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
