/**
 * Maintenance windows: while one is active for a monitor, its alerts are held back (checks go on
 * and the dashboard shows "maintenance"). One-off (`start` + `end` or `duration`) or recurring
 * (`at` a local time, for `duration`, on `days`, in `timezone`), for all monitors or the ones
 * named by id or tag.
 *
 *   maintenance:
 *     - name: nightly backup
 *       tags: [db]
 *       at: "02:00"
 *       duration: 30m
 *       timezone: Europe/Berlin
 *     - name: migration
 *       monitors: [shop-api]
 *       start: 2025-07-01T22:00:00Z
 *       end: 2025-07-01T23:30:00Z
 */
import { v, type Output } from '../config/kit.js';
import { seconds } from './notifiers/fields.js';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_MS = 86_400_000;

function validTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const isoTime = v.string().refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) && Number.isFinite(Date.parse(value)), {
  error: (issue) => `expected an ISO time with a zone, like "2025-07-01T22:00:00Z", got ${JSON.stringify(issue.input)}`,
});

export const maintenanceInput = v
  .object({
    name: v.string().min(1).max(200).optional(),
    monitors: v.array(v.string().min(1)).min(1).optional().meta({ description: 'Monitor ids this window applies to' }),
    tags: v.array(v.string().min(1)).min(1).optional().meta({ description: 'Monitors with any of these tags; neither monitors nor tags: every monitor' }),
    start: isoTime.optional().meta({ description: 'One-off window: its start (ISO time with zone)' }),
    end: isoTime.optional().meta({ description: 'One-off window: its end (or give duration)' }),
    at: v.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a local time like "02:00"' }).optional()
      .meta({ description: 'Recurring window: local start time "HH:MM"' }),
    days: v.array(v.enum(DAY_NAMES, { error: `expected one of ${DAY_NAMES.join(', ')}` })).min(1).optional()
      .meta({ description: 'Recurring window: on these days (default every day)' }),
    timezone: v.string().refine(validTimezone, { error: (issue) => `unknown time zone ${JSON.stringify(issue.input)} (use an IANA name like "Europe/Berlin")` }).optional()
      .meta({ description: 'Time zone of `at`; default UTC' }),
    duration: seconds(60).optional().meta({ description: 'How long the window lasts, e.g. "30m"' }),
  })
  .superRefine((window, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ path: [path], message });
    if (window.start !== undefined && window.at !== undefined) problem('at', 'a window is either one-off (start) or recurring (at), not both');
    else if (window.start === undefined && window.at === undefined) problem('start', 'give start (one-off) or at (recurring)');
    if (window.start !== undefined) {
      if (window.end === undefined && window.duration === undefined) problem('end', 'a one-off window needs end or duration');
      if (window.end !== undefined && window.duration !== undefined) problem('duration', 'give end or duration, not both');
      if (window.end !== undefined && Date.parse(window.end) <= Date.parse(window.start)) problem('end', 'must be after start');
    }
    if (window.at !== undefined && window.duration === undefined) problem('duration', 'a recurring window needs a duration');
    if (window.at !== undefined && window.end !== undefined) problem('end', 'a recurring window has a duration, not an end');
  });
export type MaintenanceInput = Output<typeof maintenanceInput>;

interface Scope {
  readonly name: string;
  /** Null: no restriction by id. Both null: every monitor. */
  readonly monitors: readonly string[] | null;
  readonly tags: readonly string[] | null;
}

export type MaintenanceWindow =
  | (Scope & { readonly kind: 'once'; readonly start: number; readonly end: number })
  | (Scope & { readonly kind: 'recurring'; readonly minuteOfDay: number; readonly days: readonly number[]; readonly timezone: string; readonly durationMs: number });

/** Resolves the parsed input (already validated) into a window. */
export function resolveWindow(input: MaintenanceInput, index: number): MaintenanceWindow {
  const scope: Scope = { name: input.name ?? `maintenance[${index}]`, monitors: input.monitors ?? null, tags: input.tags ?? null };
  if (input.start !== undefined) {
    const start = Date.parse(input.start);
    return { ...scope, kind: 'once', start, end: input.end !== undefined ? Date.parse(input.end) : start + (input.duration ?? 0) * 1000 };
  }
  const [hours, minutes] = (input.at ?? '00:00').split(':').map(Number);
  return {
    ...scope,
    kind: 'recurring',
    minuteOfDay: hours! * 60 + minutes!,
    days: (input.days ?? DAY_NAMES).map((day) => DAY_NAMES.indexOf(day)),
    timezone: input.timezone ?? 'UTC',
    durationMs: (input.duration ?? 0) * 1000,
  };
}

/**
 * Ids and tags that windows name but no monitor has: a misspelt id would let alerts fire
 * through planned work, silently. Warnings, not errors: an id may belong to an API monitor
 * created later, and `validate` sees only the file. Pure.
 */
export function unmatchedScopes(windows: readonly MaintenanceWindow[], monitors: readonly { readonly id: string; readonly tags: readonly string[] }[]): string[] {
  const ids = new Set(monitors.map((monitor) => monitor.id));
  const tags = new Set(monitors.flatMap((monitor) => monitor.tags));
  const found: string[] = [];
  windows.forEach((window, index) => {
    for (const id of window.monitors ?? []) if (!ids.has(id)) found.push(`maintenance[${index}] ("${window.name}"): no monitor has the id "${id}"`);
    for (const tag of window.tags ?? []) if (!tags.has(tag)) found.push(`maintenance[${index}] ("${window.name}"): no monitor has the tag "${tag}"`);
  });
  return found;
}

export function appliesTo(window: MaintenanceWindow, monitor: { readonly id: string; readonly tags: readonly string[] }): boolean {
  if (window.monitors === null && window.tags === null) return true;
  return (window.monitors?.includes(monitor.id) ?? false) || (window.tags?.some((tag) => monitor.tags.includes(tag)) ?? false);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time of `at` in `zone`. */
function wallClock(at: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** The instant at which the wall clock in `zone` shows this local date and minute. */
export function zonedInstant(year: number, month: number, day: number, minuteOfDay: number, zone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  let guess = asUtc;
  // Two rounds settle the zone offset, also next to a daylight-saving change.
  for (let round = 0; round < 2; round++) {
    const shown = wallClock(guess, zone);
    const shownAsUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second);
    guess += asUtc - shownAsUtc;
  }
  return guess;
}

/** The [start, end) of the occurrence of `window` that contains `now`, or null. */
export function activeRange(window: MaintenanceWindow, now: number): { start: number; end: number } | null {
  if (window.kind === 'once') return now >= window.start && now < window.end ? { start: window.start, end: window.end } : null;
  // An occurrence that began on an earlier day may still be running (a window across midnight).
  const lookBackDays = Math.ceil(window.durationMs / DAY_MS);
  const today = wallClock(now, window.timezone);
  for (let back = 0; back <= lookBackDays; back++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    if (!window.days.includes(date.getUTCDay())) continue;
    const start = zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), window.minuteOfDay, window.timezone);
    if (now >= start && now < start + window.durationMs) return { start, end: start + window.durationMs };
  }
  return null;
}

/** The first window active for this monitor at `now`, or null. */
export function activeWindow(windows: readonly MaintenanceWindow[], monitor: { readonly id: string; readonly tags: readonly string[] }, now: number): (MaintenanceWindow & { readonly until: number }) | null {
  for (const window of windows) {
    if (!appliesTo(window, monitor)) continue;
    const range = activeRange(window, now);
    if (range) return { ...window, until: range.end };
  }
  return null;
}
