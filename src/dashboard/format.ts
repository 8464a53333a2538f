/**
 * How numbers and times read on the dashboard. The browser script (templates/dashboard/assets/
 * lookout.js) formats live updates the same way; keep the two in step.
 */
/** What an empty figure shows. */
export const DASH = '\u2014';

export function formatMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms > 0 && ms < 1) return '<1 ms';
  return `${Math.round(ms)} ms`;
}

/**
 * A count with thousands separators, "12,345" (as toLocaleString('en') writes it, without
 * loading ICU's number formats: several MB of RSS for a serve that renders 50 monitors).
 */
export function formatCount(count: number): string {
  const digits = String(Math.round(count));
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Uptime percent, already floored to 2 decimals by the model. */
export function formatPercent(value: number | null): string {
  if (value === null) return DASH;
  return value === 100 ? '100%' : `${value.toFixed(2)}%`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; a dash for null. */
export function formatAgo(at: number | null, now: number): string {
  if (at === null) return DASH;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** A length of time: "35 s", "4 min", "1 h 12 min", "2 d 3 h". */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

export function formatDaysLeft(days: number | null): string {
  if (days === null) return DASH;
  if (days < 0) return 'expired';
  return days === 1 ? '1 day' : `${days} days`;
}

const DAY_MS = 86_400_000;
/** "00" to "59": hours and minutes without a string built per call. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));

/** The date part of the last day formatted: a page's times mostly fall on a few days. */
let cachedDay = Number.NaN;
let cachedDate = '';

/**
 * "2024-03-05 14:03 UTC" ("14:03:27" with seconds, for the latest checks, which a short
 * interval puts several to a minute): the page script rewrites these into the reader's time zone. A page
 * has dozens (its checks, incidents, certificate) and a full rendering a thousand pages, so the
 * date part is kept per day and the time read off the milliseconds, without a Date per call.
 */
export function formatTime(ms: number, withSeconds = false): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    if (!Number.isFinite(day)) return DASH;
    const date = new Date(day * DAY_MS);
    cachedDate = `${date.getUTCFullYear()}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]} `;
    cachedDay = day;
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const minutes = Math.floor(seconds / 60);
  const time = `${cachedDate}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}`;
  return withSeconds ? `${time}:${TWO_DIGITS[seconds % 60]} UTC` : `${time} UTC`;
}

/**
 * When a card's last check ran, for a reader without JavaScript (the page script writes "42 s
 * ago" over it): "14:03 UTC" on the day the page was made (`today`, the start of that UTC day),
 * the date for an earlier day. Unlike "42 s ago" it stays true as a copied page ages, and a card
 * keeps the same markup until its monitor is checked again (card-cache.ts reuses it).
 */
export function formatCheckedAt(at: number | null, today: number): string {
  if (at === null) return DASH;
  const text = formatTime(at);
  return at >= today ? text.slice(11) : text.slice(0, 10);
}
