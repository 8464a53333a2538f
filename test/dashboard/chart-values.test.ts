import { describe, expect, it } from 'vitest';
import { chartCode, chartMs, chartValue, NO_VALUE } from '../../src/dashboard/chart-values.js';

describe('chart values in 16 bits', () => {
  it('keeps every value the chart shows below 50 s exactly: tenths below 10 ms, whole ms above', () => {
    const values = [0, 0.04, 0.05, 0.3, 9.94, 9.95, 9.96, 10, 10.5, 12.46, 999.5, 49_999.4];
    for (let tenth = 0; tenth < 100; tenth++) values.push(tenth / 10 + 0.02);
    for (let ms = 10; ms < 50_000; ms++) values.push(ms + 0.3);
    const wrong = values.filter((value) => {
      const code = chartCode(value);
      return !(code > NO_VALUE && code <= 0xffff && Number.isInteger(code) && chartValue(code) === chartMs(value));
    });
    expect(wrong).toEqual([]);
    expect(values.length).toBeGreaterThan(50_000);
  });

  it('keeps longer values to 10 ms up to 204 s, shows longer ones as 204.4 s, and nothing as nothing', () => {
    expect(chartValue(chartCode(49_999.6))).toBe(50_000);
    expect(chartValue(chartCode(123_456))).toBe(123_460);
    expect(chartValue(chartCode(204_440))).toBe(204_440);
    expect(chartValue(chartCode(600_000))).toBe(204_440);
    expect(chartValue(chartCode(Number.NaN))).toBeNaN();
    expect(chartValue(NO_VALUE)).toBeNaN();
  });
});
