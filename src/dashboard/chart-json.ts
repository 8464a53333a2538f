/**
 * A monitor page's chart data as JSON text: {"h24": series, "d7": series}, each series its
 * start, step and six lists of numbers with NaN (a bucket with nothing to show) as null. Only
 * numbers, nulls and fixed keys: the text sits in the page's <script> element as it is.
 */
import { chart24h, chart7d, seriesLength, type Series } from './figures.js';
import { CHART_24H_BUCKETS, CHART_7D_BUCKETS, type MonitorHistory } from './history.js';

/** Characters of JSON text as bytes: a series' text is written into a scratch buffer and read out once. */
const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
/** A series has at most 169 values of at most 24 characters each, plus their commas. */
const scratch = Buffer.allocUnsafe(8192);

/**
 * A series as a JSON array, the same text JSON.stringify writes for it with NaN (a bucket with
 * nothing to show) as null. Written byte by byte into a scratch buffer: whole ms up to 999 and
 * the tenths below 10 ms (see figures.ts) are most values, and a page has about 1,900 of them.
 * Built as a string one value at a time, they were a tenth of a full rendering's time.
 */
function arrayJson(values: Float64Array): string {
  if (values.length * 25 + 2 > scratch.length) return JSON.stringify(Array.from(values, (value) => (Number.isNaN(value) ? null : value)));
  let at = 0;
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
        at += scratch.write(String(value), at, 'latin1');
      }
    }
  }
  scratch[at++] = 0x5d; // ]
  return scratch.toString('latin1', 0, at);
}

/** The JSON text of a series, its NaNs as nulls: numbers, nulls and fixed keys only. */
function seriesJson(series: Series): string {
  return `{"start":${series.start},"stepMs":${series.stepMs},"dns":${arrayJson(series.dns)},"connect":${arrayJson(series.connect)},"tls":${arrayJson(series.tls)},"firstByte":${arrayJson(series.firstByte)},"rest":${arrayJson(series.rest)},"failed":${arrayJson(series.failed)}}`;
}

export function chartsJson(charts: { readonly h24: Series; readonly d7: Series }): string {
  return `{"h24":${seriesJson(charts.h24)},"d7":${seriesJson(charts.d7)}}`;
}

/** Each page's series are filled here and written out at once: no buffers per page. */
const scratch24h = new Float64Array(seriesLength(CHART_24H_BUCKETS));
const scratch7d = new Float64Array(seriesLength(CHART_7D_BUCKETS));

/** The charts of a monitor page, as JSON text. */
export function pageChartsJson(history: MonitorHistory, now: number): string {
  return chartsJson({ h24: chart24h(history, now, scratch24h), d7: chart7d(history, now, scratch7d) });
}
