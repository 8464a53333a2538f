/**
 * Turns a partial monitor input plus the `defaults:` block into a complete MonitorSpec.
 * Pure: the file loader and the API both call it, so a monitor means the same wherever it lives.
 */
import { overlayHeaders } from './header-names.js';
import type { MonitorSpec, ParsedMonitorInput, StatusRange } from './schema.js';

export type ParsedDefaults = Omit<ParsedMonitorInput, 'id' | 'name' | 'url' | 'description'>;

export const BUILTIN_DEFAULTS = {
  method: 'GET',
  interval: 60,
  timeout: 10,
  retries: 1,
  retryInterval: 10,
  followRedirects: true,
  maxRedirects: 5,
  status: [[200, 399]] as readonly StatusRange[],
  expiryWarningDays: [30, 14, 7] as readonly number[],
  flapping: { changes: 5, window: 600 },
} as const;

export interface ResolveIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Lowercase slug from a display name: "Shop API" -> "shop-api". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** The id a monitor goes by: its own, or the slug of its name; '' when it has neither. */
export function monitorId(input: { readonly id?: unknown; readonly name?: unknown }): string {
  if (typeof input.id === 'string') return input.id;
  return input.id === undefined && typeof input.name === 'string' ? slugify(input.name) : '';
}

/**
 * What a monitor lacks to be resolved: an id (its own or from its name) and a url. Takes
 * unvalidated input too, so that the file loader reports these beside field errors; a field of
 * the wrong type is the schema's to report, not this.
 */
export function identityIssues(input: { readonly id?: unknown; readonly name?: unknown; readonly url?: unknown }): ResolveIssue[] {
  const issues: ResolveIssue[] = [];
  if (input.id === undefined && input.name === undefined) issues.push({ path: ['id'], message: 'a monitor needs an id or a name' });
  else if (input.id === undefined && typeof input.name === 'string' && monitorId(input) === '') {
    issues.push({ path: ['id'], message: `no id can be derived from the name ${JSON.stringify(input.name)} (it has no letter a-z or digit 0-9): add an id field` });
  }
  if (input.url === undefined) issues.push({ path: ['url'], message: 'required: the URL to check' });
  return issues;
}

/** Returns the complete spec, or the issues (paths relative to the monitor) that prevent it. */
export function resolveMonitor(
  input: ParsedMonitorInput,
  defaults: ParsedDefaults = {},
): { ok: true; spec: MonitorSpec } | { ok: false; issues: ResolveIssue[] } {
  const issues = identityIssues(input);
  if (issues.length > 0) return { ok: false, issues };
  const id = monitorId(input);

  const expect = { ...defaults.expect, ...input.expect };
  const tls = { ...defaults.tls, ...input.tls };
  const flapping = { ...defaults.flapping, ...input.flapping };
  const pick = <K extends keyof ParsedDefaults>(key: K): ParsedDefaults[K] => (input[key] !== undefined ? input[key] : defaults[key]);
  const interval = pick('interval') ?? BUILTIN_DEFAULTS.interval;
  const rawBody = pick('body') ?? null;
  const status = expect.status === undefined ? BUILTIN_DEFAULTS.status : Array.isArray(expect.status[0]) ? (expect.status as StatusRange[]) : [expect.status as StatusRange];

  const spec: MonitorSpec = {
    id,
    name: input.name ?? id,
    url: input.url!,
    method: pick('method') ?? BUILTIN_DEFAULTS.method,
    headers: overlayHeaders(defaults.headers, input.headers),
    body: rawBody === null ? null : typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody),
    bodyIsJson: rawBody !== null && typeof rawBody !== 'string',
    expect: {
      status,
      contains: expect.contains ?? null,
      notContains: expect.notContains ?? null,
      maxResponseTime: expect.maxResponseTime ?? null,
    },
    followRedirects: pick('followRedirects') ?? BUILTIN_DEFAULTS.followRedirects,
    maxRedirects: pick('maxRedirects') ?? BUILTIN_DEFAULTS.maxRedirects,
    interval,
    // A check may never outlive its interval: that would stack checks of one monitor.
    timeout: Math.min(pick('timeout') ?? BUILTIN_DEFAULTS.timeout, interval),
    retries: pick('retries') ?? BUILTIN_DEFAULTS.retries,
    retryInterval: Math.min(pick('retryInterval') ?? BUILTIN_DEFAULTS.retryInterval, interval),
    tls: {
      verify: tls.verify ?? true,
      expiryWarningDays: [...(tls.expiryWarningDays ?? BUILTIN_DEFAULTS.expiryWarningDays)].sort((a, b) => b - a),
    },
    tags: [...new Set([...(pick('tags') ?? [])])],
    alerts: [...new Set(pick('alerts') ?? [])],
    remindEvery: pick('remindEvery') ?? null,
    flapping: { changes: flapping.changes ?? BUILTIN_DEFAULTS.flapping.changes, window: flapping.window ?? BUILTIN_DEFAULTS.flapping.window },
    paused: pick('paused') ?? false,
    public: pick('public') ?? true,
    showQuery: pick('showQuery') ?? false,
    description: input.description ?? null,
  };
  return { ok: true, spec };
}
