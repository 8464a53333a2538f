/**
 * Zod field builders shared by the monitor schema and the alert channel schemas: durations,
 * http(s) URLs, and how an offending value is quoted in an error. Imports nothing from the
 * schemas themselves, so both can use it without an import cycle.
 */
import { z } from 'zod';
import { REDACTED, redactUrl } from '../util/redact.js';
import { parseDuration } from './duration.js';

/** The offending value for an error message; a URL's password and secret query values are hidden. */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const redacted = value.includes('://') ? redactUrl(value) : value;
  return JSON.stringify(redacted.includes(REDACTED) ? redacted : value);
}

/** A duration: seconds as a number, or "500ms", "30s", "5m", "1h". Parsed to seconds. */
export function duration(min = 0, example = '30s') {
  return z
    .union([z.number(), z.string()], {
      error: (issue) => `expected a duration like "${example}", got ${describeValue(issue.input)}`,
    })
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (seconds === null) {
        ctx.issues.push({ code: 'custom', input: value, message: `expected a duration like "${example}", got ${describeValue(value)}` });
        return z.NEVER;
      }
      if (seconds < min) {
        ctx.issues.push({ code: 'custom', input: value, message: `must be at least ${min}s, got ${describeValue(value)}` });
        return z.NEVER;
      }
      return seconds;
    })
    .meta({ description: 'Seconds, or a duration such as "500ms", "30s", "5m", "1h"' });
}

export const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: (issue) => `expected an http:// or https:// URL, got ${describeValue(issue.input)}` },
);
