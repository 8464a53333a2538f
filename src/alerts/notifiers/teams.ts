/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
 * received"; the old Office 365 connectors are retired): a message with one Adaptive Card
 * attachment (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/).
 */
import type { Output } from '../../config/kit.js';
import { detail, facts, headline, type AlertEvent, type EventKind } from '../events.js';
import { httpUrl, originOnly, urlSecrets } from './fields.js';
import { emoji, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('teams', {
  url: httpUrl.meta({ description: 'The Workflows webhook URL' }),
});
export type TeamsConfig = Output<typeof schema>;

/** Adaptive Card text colours: attention (red), good (green), warning (amber), default. */
function cardColour(kind: EventKind): 'attention' | 'good' | 'warning' | 'default' {
  if (kind === 'down' || kind === 'tls-expired' || kind === 'reminder') return 'attention';
  if (kind === 'up' || kind === 'tls-renewed') return 'good';
  if (kind === 'test') return 'default';
  return 'warning';
}

export function build(config: TeamsConfig, event: AlertEvent): PresetRequest {
  const text = detail(event);
  const body: unknown[] = [{ type: 'TextBlock', text: `${emoji(event.kind)} ${headline(event)}`, weight: 'Bolder', size: 'Medium', color: cardColour(event.kind), wrap: true }];
  if (text) body.push({ type: 'TextBlock', text, wrap: true });
  body.push({ type: 'FactSet', facts: facts(event).map((fact) => ({ title: fact.label, value: fact.value })) });
  return {
    url: config.url,
    body: {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body },
        },
      ],
    },
  };
}

export const create = (config: TeamsConfig) => presetNotifier(config, build);
export const target = (config: TeamsConfig) => `Teams ${originOnly(config.url)}`;
export const secrets = (config: TeamsConfig) => urlSecrets(config.url);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
