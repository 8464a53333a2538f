/**
 * Telegram bot (https://core.telegram.org/bots/api#sendmessage): POST
 * <url>/bot<token>/sendMessage with chat_id and an HTML-formatted text (at most 4096 characters).
 */
import { v, type Output } from '../../config/kit.js';
import { detail, facts, headline, type AlertEvent } from '../events.js';
import { httpUrl } from './fields.js';
import { clip, emoji, escapeMarkup, presetNotifier, presetSchema, type PresetRequest } from './preset.js';
import type { NotifierPlugin } from './types.js';

export const schema = presetSchema('telegram', {
  token: v.string().regex(/^\d+:[\w-]+$/, { error: 'expected a bot token like "123456:ABC-DEF..." from @BotFather' }),
  chatId: v.union([v.string().min(1), v.number().int()], {
    error: (issue) => (issue.input === undefined ? 'required: the chat id (a number) or "@channelusername"' : `expected a chat id (a number) or "@channelusername", got ${JSON.stringify(issue.input)}`),
  }).meta({ description: 'Chat id (a number) or @channelusername' }),
  url: httpUrl.optional().meta({ description: 'Bot API server; default https://api.telegram.org' }),
});
export type TelegramConfig = Output<typeof schema>;

export function build(config: TelegramConfig, event: AlertEvent): PresetRequest {
  const base = (config.url ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const text = detail(event);
  const lines = [`${emoji(event.kind)} <b>${escapeMarkup(headline(event))}</b>`];
  if (text) lines.push(escapeMarkup(text));
  lines.push('', ...facts(event).map((fact) => `<b>${escapeMarkup(fact.label)}:</b> ${escapeMarkup(fact.value)}`));
  return {
    url: `${base}/bot${config.token}/sendMessage`,
    body: { chat_id: config.chatId, text: clip(lines.join('\n'), 4096), parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  };
}

export const create = (config: TelegramConfig) => presetNotifier(config, build);
export const target = (config: TelegramConfig) => `Telegram chat ${config.chatId}`;
export const secrets = (config: TelegramConfig) => [config.token, config.token.split(':')[1] ?? config.token];
export const plugin = { schema, create, target, secrets } satisfies NotifierPlugin<typeof schema>;
