/**
 * Durations in monitors.yaml and API bodies: a number of seconds, or a string such as
 * "500ms", "30s", "5m", "1h30m", "2d". Everything past config/ works in seconds.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/y;

/** Returns seconds, or null when the text is not a duration. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === '') return null;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (!match || match.index !== start) return null;
    total += Number(match[1]) * (UNIT_SECONDS[match[2]!] ?? 0);
    while (text[PART.lastIndex] === ' ') PART.lastIndex++;
  }
  return total;
}

/** Short human form used in reasons and logs: 10s, 1.5s, 250ms, 5m, 2h. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 60 || seconds % 60 !== 0) return `${+seconds.toFixed(3)}s`;
  if (seconds < 3600 || seconds % 3600 !== 0) return `${seconds / 60}m`;
  if (seconds < 86400 || seconds % 86400 !== 0) return `${seconds / 3600}h`;
  return `${seconds / 86400}d`;
}
