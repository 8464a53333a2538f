/**
 * The numbers a response-time chart shows, and their 16-bit codes in the in-memory rings
 * (history.ts). A ring keeps each bucket's chart values as the chart will show them rather than
 * the sums behind them: seven 16-bit fields a bucket where the sums took 28 bytes, 3.6 KB less
 * per monitor. Pure.
 */

/** Rounded to a tenth: how the dashboard shows averages of ms. */
export const tenth = (value: number): number => Math.round(value * 10) / 10;

/** Chart values: whole ms from 10 ms up, tenths below (a local DNS answer takes 0.3 ms). */
export const chartMs = (value: number): number => (value >= 10 ? Math.round(value) : tenth(value));

/** The code of "nothing to show"; a ring's zeroed bucket reads as it. */
export const NO_VALUE = 0;

const WHOLE_FROM = 101;
const WHOLE_UNTIL_MS = 50_000;
const COARSE_FROM = WHOLE_FROM + WHOLE_UNTIL_MS - 10;
const MAX_CODE = 0xffff;

/**
 * `value` (ms, or NaN for nothing) as chartMs shows it, in 16 bits: exactly below 50 s (tenths
 * below 10 ms as 1-100, whole ms as 101-50,090), tens of ms beyond, up to 204 s (longer reads
 * as 204.4 s: an average phase or response that long is a timeout by any other measure).
 */
export function chartCode(value: number): number {
  if (!(value >= 0)) return NO_VALUE;
  const shown = chartMs(value);
  if (shown < 10) return 1 + Math.round(shown * 10);
  if (shown < WHOLE_UNTIL_MS) return WHOLE_FROM + shown - 10;
  return Math.min(MAX_CODE, COARSE_FROM + Math.round((shown - WHOLE_UNTIL_MS) / 10));
}

/** The value a code stands for; NaN for NO_VALUE. */
export function chartValue(code: number): number {
  if (code === NO_VALUE) return Number.NaN;
  if (code < WHOLE_FROM) return (code - 1) / 10;
  if (code < COARSE_FROM) return code - WHOLE_FROM + 10;
  return WHOLE_UNTIL_MS + (code - COARSE_FROM) * 10;
}
