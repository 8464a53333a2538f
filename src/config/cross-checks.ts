/**
 * The checks of monitors.yaml that no field's schema can make: each monitor has an id and a url,
 * ids are unique, `alerts:` names declared channels. They read the unvalidated document, so that
 * `lookout validate` lists them with every field error at once rather than after those are fixed.
 */
import { channelReferenceErrors, type ChannelReferences } from '../alerts/config.js';
import type { FieldError } from './issues.js';
import { identityIssues, monitorId } from './resolve.js';
import { isRecord } from './kit.js';
import { monitorFields } from './schema.js';

/** Every such error, with paths from the document's root; parts of the wrong type are left to the schema. */
export function crossFieldErrors(document: unknown): FieldError[] {
  const file = isRecord(document) ? document : {};
  const monitors = Array.isArray(file.monitors) ? (file.monitors as unknown[]) : [];
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  monitors.forEach((monitor, index) => {
    if (!isRecord(monitor)) return;
    for (const issue of identityIssues(monitor)) errors.push({ path: ['monitors', index, ...issue.path], message: issue.message });
    const id = monitorId(monitor);
    // An invalid id has its own error; a duplicate of it would only repeat that.
    if (!monitorFields.id.safeParse(id).success) return;
    const earlier = seen.get(id);
    if (earlier === undefined) {
      seen.set(id, index);
      return;
    }
    errors.push({
      path: ['monitors', index, monitor.id === undefined ? 'name' : 'id'],
      message: `duplicate id "${id}" (also monitors[${earlier}]); ids must be unique`,
    });
  });
  // A `channels:` that is not a map has its own error: what it declares cannot be known.
  if (file.channels === undefined || isRecord(file.channels)) {
    const lists: ChannelReferences[] = [
      { path: ['defaults', 'alerts'], names: isRecord(file.defaults) ? file.defaults.alerts : undefined },
      ...monitors.map((monitor, index) => ({ path: ['monitors', index, 'alerts'], names: isRecord(monitor) ? monitor.alerts : undefined })),
    ];
    errors.push(...channelReferenceErrors(Object.keys(file.channels ?? {}), lists));
  }
  return errors;
}
