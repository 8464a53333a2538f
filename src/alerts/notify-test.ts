/**
 * `lookout notify-test <channel>`: sends one test message through a channel of monitors.yaml,
 * straight from the command line (no server, no database), and says whether it arrived, so a
 * user can check SMTP settings or a webhook URL before an outage does it for them.
 */
import { formatDuration } from '../config/duration.js';
import { formatFieldError } from '../config/issues.js';
import type { Env } from '../config/interpolate.js';
import { loadConfigFile } from '../config/watch.js';
import { scrub } from '../util/redact.js';
import type { AlertEvent } from './events.js';
import { deliverySettings } from './notifiers/fields.js';
import { kindOf, pluginFor } from './notifiers/registry.js';
import { DeliveryError } from './notifiers/types.js';

export interface NotifyTestOptions {
  readonly file: string;
  readonly env: Env;
  readonly channel: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Returns the exit status: 0 sent, 1 the send failed, 2 the config or channel name is wrong. */
export async function notifyTest(options: NotifyTestOptions): Promise<number> {
  const loaded = await loadConfigFile(options.file, options.env);
  if (!loaded.ok) {
    options.err(`${options.file} is invalid:`);
    for (const error of loaded.errors) options.err(`  ${formatFieldError(error)}`);
    return 2;
  }
  const config = loaded.config.channels[options.channel];
  if (!config) {
    const names = Object.keys(loaded.config.channels);
    options.err(`no channel named "${options.channel}" in ${options.file}${names.length > 0 ? ` (channels: ${names.join(', ')})` : ' (it declares no channels)'}`);
    return 2;
  }
  const plugin = pluginFor(config);
  const settings = deliverySettings(config);
  const at = Date.now();
  // No database here to number it: the time in ms keeps each test apart (receivers de-duplicate
  // on the id, PagerDuty keys the test's incident by it) and clear of the stored ids, which count
  // from 1.
  const event: AlertEvent = {
    id: at, kind: 'test', at, monitor: null, status: null, previousStatus: null, reason: null, httpStatus: null,
    responseTimeMs: null, downtimeSeconds: null, certificate: null, flapping: null, channel: options.channel,
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeliveryError(`timeout after ${formatDuration(settings.timeout)}`, false)), settings.timeout * 1000);
  const started = performance.now();
  try {
    await plugin.create(config).send(event, { signal: controller.signal, deliveryId: event.id, channel: options.channel });
    options.out(`sent a test message to ${options.channel} (${kindOf(config)}: ${plugin.target(config)}) in ${Math.round(performance.now() - started)} ms`);
    return 0;
  } catch (error) {
    const message = scrub((error as Error).message ?? String(error), plugin.secrets(config));
    const policy = error instanceof DeliveryError && error.permanent ? 'check the channel settings' : 'the service may be down or unreachable';
    options.err(`test message to ${options.channel} (${kindOf(config)}: ${plugin.target(config)}) failed: ${message} (${policy})`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
