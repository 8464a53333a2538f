import { describe, expect, it } from 'vitest';
import { chartsJson } from '../../src/dashboard/pages.js';
import type { Series } from '../../src/dashboard/figures.js';

function series(values: (number | null)[]): Series {
  return { start: 1_700_000_000_000, stepMs: 600_000, dns: values, connect: [...values].reverse(), tls: values.slice(1), firstByte: [], rest: [null], failed: [0, 3, 12] };
}

describe('chart data in a page', () => {
  it('is exactly the JSON that JSON.stringify writes, for every kind of value a chart holds', () => {
    // Tenths below 10 ms, whole ms, values past the tables, odd fractions, nulls and -0.
    const values = [0, 0.3, 9.9, 10, 42, 999, 1000, 12_345, 2.25, 0.1 + 0.2, 17.5, null, -0, 5];
    const charts = { h24: series(values), d7: series([null, ...values.map((value) => (value === null ? null : value * 3))]) };
    expect(chartsJson(charts)).toBe(JSON.stringify(charts));
    expect(JSON.parse(chartsJson(charts))).toEqual(JSON.parse(JSON.stringify(charts)));
  });
});
