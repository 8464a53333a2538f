/**
 * How numbers and times read on the dashboard. The browser script (templates/dashboard/assets/
 * lookout.js) formats live updates the same way; keep the two in step.
 */
const DASH = '\u2014';

export function formatMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms > 0 && ms < 1) return '<1 ms';
  return `${Math.round(ms)} ms`;
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

const pad = (value: number): string => String(value).padStart(2, '0');

/** "2024-03-05 14:03 UTC": the page script rewrites these into the reader's time zone. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
