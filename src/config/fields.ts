/**
 * Field builders shared by the monitor schema and the alert channel schemas: durations,
 * http(s) URLs, and how an offending value is quoted in an error. Imports nothing from the
 * schemas themselves, so both can use it without an import cycle.
 */
import { NEVER, v } from './kit.js';
import { REDACTED, redactUrl } from '../util/redact.js';
import { parseDuration } from './duration.js';

/** The offending value for an error message; a URL's password and secret query values are hidden. */
export function describeValue(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const redacted = value.includes('://') ? redactUrl(value) : value;
  return JSON.stringify(redacted.includes(REDACTED) ? redacted : value);
}

/** For editors: a string that takes its value from the environment is not judged by its form. */
export const ENV_STRING = { type: 'string', pattern: '\\$\\{' } as const;
const DURATION_PATTERN = '^\\s*(\\d+(\\.\\d+)?|(\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|w)\\s*)+)$';

/** A duration: seconds as a number, or "500ms", "30s", "5m", "1h". Parsed to seconds. */
export function duration(min = 0, example = '30s') {
  return v
    .union([v.number(), v.string()], {
      error: (issue) => `expected a duration like "${example}", got ${describeValue(issue.input)}`,
    })
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (seconds === null) {
        ctx.fail(`expected a duration like "${example}", got ${describeValue(value)}`);
        return NEVER;
      }
      if (seconds < min) {
        ctx.fail(`must be at least ${min}s, got ${describeValue(value)}`);
        return NEVER;
      }
      return seconds;
    })
    .meta({
      description: 'Seconds, or a duration such as "500ms", "30s", "5m", "1h"',
      // What parseDuration accepts, for editors: seconds, or number+unit parts ("1h30m").
      json: { anyOf: [{ type: 'number', minimum: min }, { type: 'string', pattern: DURATION_PATTERN }, ENV_STRING] },
    });
}

export const httpUrl = v.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: (issue) => `expected an http:// or https:// URL, got ${describeValue(issue.input)}` },
).meta({ json: { pattern: '^(?:[hH][tT][tT][pP][sS]?://[^\\s/]|.*\\$\\{)' } });
