/**
 * The one schema of a monitor. It validates monitors.yaml, API bodies, and generates the JSON
 * Schema (for editors) and the OpenAPI document. Inputs are partial (defaults fill them in
 * `resolve.ts`); everything after config/ sees complete, readonly `MonitorSpec`s.
 */
import { NEVER, v, type Input, type Output } from './kit.js';
import { describeValue, duration, httpUrl } from './fields.js';
import { caseDuplicates } from './header-names.js';
import { maintenanceInput } from '../alerts/maintenance.js';
import { channelInput, channelName } from '../alerts/notifiers/registry.js';

export const MIN_INTERVAL_SECONDS = 1;

export { duration };

export type StatusRange = readonly [number, number];

const STATUS_TEXT = /^([1-5]\d\d)(?:\s*-\s*([1-5]\d\d))?$|^([1-5])xx$/i;

/** One accepted status: 200, "200-299" or "2xx". */
const statusItem = v
  .union([v.number().int(), v.string()], {
    error: (issue) => `expected a status like 200, "200-299" or "2xx", got ${describeValue(issue.input)}`,
  })
  .transform((value, ctx): StatusRange => {
    if (typeof value === 'number') {
      if (value >= 100 && value <= 599) return [value, value];
    } else {
      const match = STATUS_TEXT.exec(value.trim());
      if (match?.[3]) return [Number(match[3]) * 100, Number(match[3]) * 100 + 99];
      if (match?.[1]) {
        const low = Number(match[1]);
        const high = match[2] ? Number(match[2]) : low;
        if (high >= low) return [low, high];
      }
    }
    ctx.fail(`expected a status like 200, "200-299" or "2xx", got ${describeValue(value)}`);
    return NEVER;
  })
  .meta({ json: { anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: STATUS_TEXT.source.replace(/\(\?:/g, '(').replace('xx', '[xX][xX]') }] } });

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * A header name is an HTTP token and a value holds no line break or NUL: anything else can never
 * be sent (undici refuses it at every check), so it is refused here, naming the header, rather
 * than leaving a monitor down for good with "invalid header key".
 */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;
const headerName = v.string().regex(HEADER_NAME, { error: 'expected a header name: letters, digits and !#$%&\'*+-.^_`|~, no spaces' });
const headerValue = v.string().regex(HEADER_VALUE, { error: 'a header value cannot hold a line break or NUL' });
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export const expectInput = v.object({
  status: v.union([statusItem, v.array(statusItem).min(1)]).optional().meta({ description: 'Accepted HTTP statuses; default 200-399' }),
  contains: v.string().min(1).optional().meta({ description: 'Text that must appear in the first MiB of the body' }),
  notContains: v.string().min(1).optional().meta({ description: 'Text that must not appear in the first MiB of the body' }),
  maxResponseTime: duration().optional().meta({ description: 'Slower answers make the monitor "degraded"' }),
});

export const tlsInput = v.object({
  verify: v.boolean().optional().meta({ description: 'Fail on expired, self-signed or wrong-host certificates; default true' }),
  expiryWarningDays: v.array(v.number().int().positive()).optional().meta({ description: 'Days before expiry to warn at; default [30, 14, 7]' }),
});

/** Every field a monitor (or the `defaults:` block) may set; all optional here. */
export const monitorFields = {
  id: v.string().regex(SLUG, { error: 'expected a slug of lowercase letters, digits, "-" or "_" (at most 64)' }).optional()
    .meta({ description: 'Stable slug that keys the history; derived from name when omitted' }),
  name: v.string().min(1).max(200).optional().meta({ description: 'Display name; defaults to the id' }),
  url: httpUrl.optional().meta({ description: 'http:// or https:// URL to check (required)' }),
  method: v.enum(METHODS, { error: (issue) => `expected one of ${METHODS.join(', ')}, got ${describeValue(issue.input)}` }).optional().meta({ description: 'HTTP method; default GET' }),
  headers: v.record(headerName, headerValue).superRefine((headers, ctx) => {
    for (const pair of caseDuplicates(headers)) ctx.addIssue({ message: `"${pair}" name the same header (names are case-insensitive): keep one` });
  }).optional().meta({ description: 'Request headers; values are redacted in API answers and logs' }),
  body: v.union([v.string(), v.null(), v.record(v.string(), v.unknown()), v.array(v.unknown())]).optional()
    .meta({ description: 'Request body: text, or an object/array sent as JSON' }),
  expect: expectInput.optional().meta({ description: 'What a healthy answer looks like' }),
  followRedirects: v.boolean().optional().meta({ description: 'Follow 301/302/303/307/308 up to maxRedirects; default true' }),
  maxRedirects: v.number().int().min(0).max(20).optional().meta({ description: 'Redirects followed before the check fails; default 5' }),
  interval: duration(MIN_INTERVAL_SECONDS).optional().meta({ description: 'How often to check; "30s", "5m", or seconds; at least 1s' }),
  timeout: duration(0.1).optional().meta({ description: 'Bounds the whole check: DNS, connect, TLS, headers and body; at most the interval (a longer one is cut to it)' }),
  retries: v.number().int().min(0).max(10).optional().meta({ description: 'Failed checks re-tried before the monitor is declared down' }),
  retryInterval: duration(MIN_INTERVAL_SECONDS).optional().meta({ description: 'Wait between those re-tries; default 10s (never longer than the interval)' }),
  tls: tlsInput.optional().meta({ description: 'Certificate verification and expiry warnings' }),
  alerts: v.array(v.string().min(1)).optional().meta({ description: 'Channels (names under `channels:`) that get this monitor\'s alerts; [] for none' }),
  remindEvery: duration(1).nullable().optional().meta({ description: 'Repeat the down alert this often while it lasts, e.g. "1h"; default off' }),
  flapping: v.object({
    changes: v.number().int().min(0).max(100).optional().meta({ description: 'Status changes within `window` that count as flapping; 0 turns detection off; default 5' }),
    window: duration(1).optional().meta({ description: 'Default 10m; also how long it must be stable to stop flapping' }),
  }).optional().meta({ description: 'Flapping monitors send one "flapping" notice instead of an alert per change' }),
  tags: v.array(v.string().min(1).max(64)).optional().meta({ description: 'Labels for filtering (API ?tag=) and grouping (dashboard)' }),
  paused: v.boolean().optional().meta({ description: 'Not checked while true; history is kept' }),
  public: v.boolean().optional().meta({ description: 'Shown on the static dashboard; default true' }),
  showQuery: v.boolean().optional().meta({ description: "Show the URL's query string on the static dashboard; default false (user:password is never shown)" }),
  description: v.string().max(2000).optional().meta({ description: 'Free text shown with the monitor' }),
};

export const monitorInput = v.object(monitorFields);
export type MonitorInput = Input<typeof monitorInput>;
export type ParsedMonitorInput = Output<typeof monitorInput>;

/** `defaults:` may set any field but the monitor's identity. */
export const defaultsInput = monitorInput.omit({ id: true, name: true, url: true, description: true });

/**
 * A monitor of the file, for editors: the url is required (defaults cannot give one) and an id
 * or a name. Checked in code by cross-checks.ts, which says which; here only for the JSON Schema.
 */
const fileMonitor = monitorInput.meta({ json: { required: ['url'], anyOf: [{ required: ['id'] }, { required: ['name'] }] } });

export const fileInput = v.object({
  defaults: defaultsInput.optional(),
  monitors: v.array(fileMonitor).default([]),
  channels: v.record(channelName, channelInput).optional().meta({ description: 'Where alerts go: email or webhook channels, by name' }),
  maintenance: v.array(maintenanceInput).optional().meta({ description: 'Maintenance windows: alerts are held back, checks go on' }),
});
export type ParsedFile = Output<typeof fileInput>;

/** The complete monitor the rest of the program works with. Durations are in seconds. */
export interface MonitorSpec {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly method: (typeof METHODS)[number];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly bodyIsJson: boolean;
  readonly expect: {
    readonly status: readonly StatusRange[];
    readonly contains: string | null;
    readonly notContains: string | null;
    readonly maxResponseTime: number | null;
  };
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly interval: number;
  readonly timeout: number;
  readonly retries: number;
  readonly retryInterval: number;
  readonly tls: { readonly verify: boolean; readonly expiryWarningDays: readonly number[] };
  /** Channel names that get this monitor's alerts. */
  readonly alerts: readonly string[];
  /** Seconds between reminders while down, or null (off). */
  readonly remindEvery: number | null;
  /** `changes` status changes within `window` seconds make the monitor flapping (0: never). */
  readonly flapping: { readonly changes: number; readonly window: number };
  readonly tags: readonly string[];
  readonly paused: boolean;
  readonly public: boolean;
  /** The dashboard shows the URL's query string (never its user:password). */
  readonly showQuery: boolean;
  readonly description: string | null;
}

export type MonitorSource = 'file' | 'api';
