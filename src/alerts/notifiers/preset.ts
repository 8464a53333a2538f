/**
 * What the webhook presets (Slack, Discord, Teams ...) share: a schema of `type: webhook`,
 * `preset: <name>` and the preset's own fields, and a notifier that POSTs the JSON the preset
 * builds. A preset file only says how its service wants the message: `build(config, event)`.
 */
import { v, type Shape } from '../../config/kit.js';
import type { AlertEvent, EventKind } from '../events.js';
import { deliveryFields } from './fields.js';
import { sendHttp } from './http.js';
import type { Notifier, SendContext } from './types.js';

/** The request a preset sends: POST url, JSON body. */
export interface PresetRequest {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export function presetSchema<Name extends string, S extends Shape>(name: Name, shape: S) {
  return v.object({ type: v.literal('webhook'), preset: v.literal(name), ...shape, ...deliveryFields });
}

export function presetNotifier<Config>(config: Config, build: (config: Config, event: AlertEvent, context: Pick<SendContext, 'deliveryId'>) => PresetRequest): Notifier {
  return {
    async send(event, context) {
      const request = build(config, event, context);
      await sendHttp({ url: request.url, headers: request.headers, body: JSON.stringify(request.body), signal: context.signal });
    },
  };
}

const EMOJI: Readonly<Record<EventKind, string>> = {
  down: '🔴',
  up: '✅',
  degraded: '🟠',
  'tls-expiring': '🔒',
  'tls-expired': '⛔',
  'tls-renewed': '🔐',
  flapping: '🔁',
  reminder: '🔴',
  test: '🧪',
};

/** A symbol for chat titles, so the kind shows at a glance in a busy channel. */
export function emoji(kind: EventKind): string {
  return EMOJI[kind];
}

/**
 * &, < and > as entities: the markup of Slack's mrkdwn, Telegram's HTML mode and Google Chat's
 * card text, where text a monitored site controls must stay text.
 */
export function escapeMarkup(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cuts text to `max` characters (services reject longer fields), marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
