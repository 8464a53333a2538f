/**
 * ntfy (https://docs.ntfy.sh/publish/#publish-as-json): JSON published to the server root with
 * the topic inside, so titles with any characters work (headers would need encoding).
 * `url` is the topic URL as ntfy shows it: https://ntfy.sh/my-topic.
 */
import { v, type Output } from '../../config/kit.js';
import { detail, facts, headline, type AlertEvent, type EventKind } from '../events.js';
import { httpUrl, originOnly } from './fields.js';
import { clip, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('ntfy', {
  url: httpUrl.refine((value) => new URL(value).pathname.replace(/\/+$/, '').length > 1, { error: 'expected the topic URL, like https://ntfy.sh/my-topic' })
    .meta({ description: 'Topic URL, e.g. https://ntfy.sh/my-alerts' }),
  token: v.string().min(1).optional().meta({ description: 'Access token for a protected topic (sent as Bearer)' }),
});
export type NtfyConfig = Output<typeof schema>;

/** ntfy priorities: 5 max (urgent), 4 high, 3 default. */
const PRIORITY: Readonly<Record<EventKind, number>> = { down: 5, reminder: 4, 'tls-expired': 4, degraded: 4, flapping: 4, 'tls-expiring': 3, 'tls-renewed': 3, up: 3, test: 3 };
const TAG: Readonly<Record<EventKind, string>> = {
  down: 'rotating_light',
  reminder: 'rotating_light',
  up: 'white_check_mark',
  degraded: 'warning',
  flapping: 'warning',
  'tls-expiring': 'lock',
  'tls-expired': 'lock',
  'tls-renewed': 'unlock',
  test: 'test_tube',
};

/** Splits a topic URL into the server root the JSON is posted to and the topic. */
export function splitTopicUrl(raw: string): { root: string; topic: string } {
  const url = new URL(raw);
  const parts = url.pathname.replace(/\/+$/, '').split('/');
  const topic = parts.pop() ?? '';
  return { root: `${url.origin}${parts.join('/')}/`, topic };
}

export function build(config: NtfyConfig, event: AlertEvent): PresetRequest {
  const { root, topic } = splitTopicUrl(config.url);
  const text = detail(event);
  const message = [text, ...facts(event).filter((fact) => fact.label !== 'Monitor').map((fact) => `${fact.label}: ${fact.value}`)].filter(Boolean).join('\n');
  return {
    url: root,
    headers: config.token ? { authorization: `Bearer ${config.token}` } : {},
    body: { topic, title: clip(headline(event), 250), message: clip(message, 4000), priority: PRIORITY[event.kind], tags: [TAG[event.kind], `lookout-${event.kind}`] },
  };
}

export const create = (config: NtfyConfig) => presetNotifier(config, build);
export const target = (config: NtfyConfig) => `ntfy ${originOnly(config.url)}`;
// The topic name is the password of a public topic.
export const secrets = (config: NtfyConfig) => [config.url, splitTopicUrl(config.url).topic, ...(config.token ? [config.token] : [])].filter((value) => value.length >= 4);
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
