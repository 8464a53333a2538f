/**
 * The alerting part of monitors.yaml once parsed: channels by name, maintenance windows, and the
 * check that every `alerts:` entry names a declared channel (an error with its path and line,
 * like every other config error).
 */
import type { FieldError } from '../config/issues.js';
import type { ParsedFile } from '../config/schema.js';
import { resolveWindow, type MaintenanceWindow } from './maintenance.js';
import type { ChannelConfig } from './notifiers/registry.js';

export interface AlertingConfig {
  readonly channels: Readonly<Record<string, ChannelConfig>>;
  readonly maintenance: readonly MaintenanceWindow[];
}

export function alertingConfig(file: Pick<ParsedFile, 'channels' | 'maintenance'>): AlertingConfig {
  return {
    channels: file.channels ?? {},
    maintenance: (file.maintenance ?? []).map(resolveWindow),
  };
}

/** One error per `alerts:` entry (in defaults or a monitor) that names no declared channel. */
export function channelReferenceErrors(file: Pick<ParsedFile, 'channels' | 'defaults' | 'monitors'>): FieldError[] {
  const declared = Object.keys(file.channels ?? {});
  const hint = declared.length > 0 ? `declared channels: ${declared.join(', ')}` : 'no channels are declared under channels:';
  const errors: FieldError[] = [];
  const check = (path: readonly (string | number)[], names: readonly string[] | undefined): void => {
    names?.forEach((name, index) => {
      if (!declared.includes(name)) errors.push({ path: [...path, index], message: `no channel named "${name}" (${hint})` });
    });
  };
  check(['defaults', 'alerts'], file.defaults?.alerts);
  file.monitors.forEach((monitor, index) => check(['monitors', index, 'alerts'], monitor.alerts));
  return errors;
}
