/**
 * Every notifier plug-in, and the channel schema made of theirs: `type: email`, or
 * `type: webhook` with an optional `preset`. Adding a preset touches its file and this map.
 */
import { v, type Output } from '../../config/kit.js';
import * as discord from './discord.js';
import * as email from './email.js';
import * as googlechat from './googlechat.js';
import * as gotify from './gotify.js';
import * as mattermost from './mattermost.js';
import * as ntfy from './ntfy.js';
import * as pagerduty from './pagerduty.js';
import * as pushover from './pushover.js';
import * as slack from './slack.js';
import * as teams from './teams.js';
import * as telegram from './telegram.js';
import type { NotifierPlugin } from './types.js';
import * as webhook from './webhook.js';

/** Webhook presets by the name used in `preset:`. */
export const PRESETS = {
  slack: slack.plugin,
  discord: discord.plugin,
  teams: teams.plugin,
  telegram: telegram.plugin,
  ntfy: ntfy.plugin,
  gotify: gotify.plugin,
  pushover: pushover.plugin,
  pagerduty: pagerduty.plugin,
  mattermost: mattermost.plugin,
  googlechat: googlechat.plugin,
} as const satisfies Record<string, NotifierPlugin>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** The tag's value in a union error (the error gets the whole object as its input). */
function field(input: unknown, name: string): unknown {
  return input && typeof input === 'object' ? (input as Record<string, unknown>)[name] : input;
}

const webhookChannel = v.tagged(
  'preset',
  [webhook.schema, slack.schema, discord.schema, teams.schema, telegram.schema, ntfy.schema, gotify.schema, pushover.schema, pagerduty.schema, mattermost.schema, googlechat.schema],
  { error: (issue) => `expected a preset: ${PRESET_NAMES.join(', ')} (or none for the generic webhook), got ${JSON.stringify(field(issue.input, 'preset'))}` },
);

/** One entry of `channels:` in monitors.yaml. */
export const channelInput = v.tagged('type', [email.schema, webhookChannel], {
  error: (issue) => {
    const type = field(issue.input, 'type');
    return `expected type: email or type: webhook, got ${type === undefined ? 'nothing' : JSON.stringify(type)}`;
  },
});
export type ChannelConfig = Output<typeof channelInput>;

/** Channel names: what monitors list in `alerts:`. */
export const channelName = v.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: 'a channel name uses letters, digits, "-", "_" or "." (at most 64)' });

/** The plug-in that handles a parsed channel config. */
export function pluginFor(config: ChannelConfig): NotifierPlugin {
  if (config.type === 'email') return email.plugin as NotifierPlugin;
  if (config.preset === undefined || config.preset === 'generic') return webhook.plugin as NotifierPlugin;
  return PRESETS[config.preset] as NotifierPlugin;
}

/** "email", "webhook" or "webhook/slack": what the API shows as the kind of a channel. */
export function kindOf(config: ChannelConfig): string {
  if (config.type === 'email') return 'email';
  return config.preset && config.preset !== 'generic' ? `webhook/${config.preset}` : 'webhook';
}
