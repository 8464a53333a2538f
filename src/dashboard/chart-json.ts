/**
 * A monitor page's chart data as JSON text: {"h24": series, "d7": series}, each series its
 * start, step and six lists of numbers with NaN (a bucket with nothing to show) as null. Only
 * numbers, nulls and fixed keys: the text sits in the page's <script> element as it is.
 *
 * The whole text is written byte by byte into one scratch buffer and read out as one string:
 * a page has about 1,900 chart values, and built as strings (a value, a list, a series at a
 * time) they were a tenth of a full rendering's time and a dozen strings per page for the
 * collector.
 */
import { chart24h, chart7d, seriesLength, type Series } from './figures.js';
import { CHART_24H_BUCKETS, CHART_7D_BUCKETS, type MonitorHistory } from './history.js';

const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
/** The longest text one number can take (String(-1.2345678901234567e-300) is 23 characters). */
const MAX_NUMBER_CHARS = 24;

/** Grows when a text needs more; a typical page's charts take about 6 KB. */
let scratch = Buffer.allocUnsafe(16 * 1024);
let at = 0;

function reserve(bytes: number): void {
  if (at + bytes <= scratch.length) return;
  const larger = Buffer.allocUnsafe(Math.max(2 * scratch.length, at + bytes));
  scratch.copy(larger, 0, 0, at);
  scratch = larger;
}

/** Fixed text as bytes, made once: copied with set(), where Buffer#write checks its arguments on every call. */
const bytes = (value: string): Uint8Array => Uint8Array.from(value, (char) => char.charCodeAt(0));

function put(value: Uint8Array): void {
  reserve(value.length);
  scratch.set(value, at);
  at += value.length;
}

/** A number as String() (and JSON) writes it: ASCII only. */
function number(value: number): void {
  const digits = String(value);
  reserve(digits.length);
  for (let index = 0; index < digits.length; index++) scratch[at++] = digits.charCodeAt(index);
}

/**
 * A list as a JSON array, the same text JSON.stringify writes with NaN as null. Whole ms up
 * to 999 and the tenths below 10 ms (see chart-values.ts) are most values and are written digit by
 * digit; anything else as String() writes it.
 */
function list(values: Float64Array): void {
  reserve(values.length * (MAX_NUMBER_CHARS + 1) + 2);
  scratch[at++] = 0x5b; // [
  for (let index = 0; index < values.length; index++) {
    if (index > 0) scratch[at++] = COMMA;
    const value = values[index]!;
    const whole = value | 0;
    if (value !== value) {
      // NaN
      scratch[at++] = 0x6e;
      scratch[at++] = 0x75;
      scratch[at++] = 0x6c;
      scratch[at++] = 0x6c;
    } else if (whole === value && whole >= 0 && whole < 1000) {
      if (whole >= 100) scratch[at++] = ZERO + ((whole / 100) | 0);
      if (whole >= 10) scratch[at++] = ZERO + (((whole / 10) | 0) % 10);
      scratch[at++] = ZERO + (whole % 10);
    } else {
      const tenths = value > 0 && value < 10 ? Math.round(value * 10) : -1;
      if (tenths >= 0 && tenths / 10 === value) {
        scratch[at++] = ZERO + ((tenths / 10) | 0);
        scratch[at++] = DOT;
        scratch[at++] = ZERO + (tenths % 10);
      } else {
        number(value);
      }
    }
  }
  scratch[at++] = 0x5d; // ]
}

const KEYS = {
  start: bytes('{"start":'),
  stepMs: bytes(',"stepMs":'),
  dns: bytes(',"dns":'),
  connect: bytes(',"connect":'),
  tls: bytes(',"tls":'),
  firstByte: bytes(',"firstByte":'),
  rest: bytes(',"rest":'),
  failed: bytes(',"failed":'),
  close: bytes('}'),
  h24: bytes('{"h24":'),
  d7: bytes(',"d7":'),
};

function series(value: Series): void {
  put(KEYS.start);
  number(value.start);
  put(KEYS.stepMs);
  number(value.stepMs);
  put(KEYS.dns);
  list(value.dns);
  put(KEYS.connect);
  list(value.connect);
  put(KEYS.tls);
  list(value.tls);
  put(KEYS.firstByte);
  list(value.firstByte);
  put(KEYS.rest);
  list(value.rest);
  put(KEYS.failed);
  list(value.failed);
  put(KEYS.close);
}

export function chartsJson(charts: { readonly h24: Series; readonly d7: Series }): string {
  at = 0;
  put(KEYS.h24);
  series(charts.h24);
  put(KEYS.d7);
  series(charts.d7);
  put(KEYS.close);
  return scratch.toString('latin1', 0, at);
}

/** Each page's series are filled here and written out at once: no buffers per page. */
const scratch24h = new Float64Array(seriesLength(CHART_24H_BUCKETS));
const scratch7d = new Float64Array(seriesLength(CHART_7D_BUCKETS));

/** The charts of a monitor page, as JSON text. */
export function pageChartsJson(history: MonitorHistory, now: number): string {
  return chartsJson({ h24: chart24h(history, now, scratch24h), d7: chart7d(history, now, scratch7d) });
}
