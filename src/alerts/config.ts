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

/** An `alerts:` list and where it is; `names` may be unvalidated (only its text entries are checked). */
export interface ChannelReferences {
  readonly path: readonly (string | number)[];
  readonly names: unknown;
}

/** One error per `alerts:` entry (in defaults, a monitor or an API body) that names no declared channel. */
export function channelReferenceErrors(declared: readonly string[], lists: readonly ChannelReferences[]): FieldError[] {
  const hint = declared.length > 0 ? `declared channels: ${declared.join(', ')}` : 'no channels are declared under channels:';
  const errors: FieldError[] = [];
  for (const { path, names } of lists) {
    if (!Array.isArray(names)) continue;
    names.forEach((name: unknown, index) => {
      if (typeof name === 'string' && !declared.includes(name)) errors.push({ path: [...path, index], message: `no channel named "${name}" (${hint})` });
    });
  }
  return errors;
}
