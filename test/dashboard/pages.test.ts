import { describe, expect, it } from 'vitest';
import { chartsJson } from '../../src/dashboard/pages.js';
import { htmlEscape, scriptJson } from '../../src/dashboard/templates.js';
import type { Series } from '../../src/dashboard/figures.js';

type Plain = Record<keyof Series, number | (number | null)[]>;

/** A series and the plain object JSON.stringify would write for it: NaN is null. */
function series(values: (number | null)[]): { typed: Series; plain: Plain } {
  const plain = { start: 1_700_000_000_000, stepMs: 600_000, dns: values, connect: [...values].reverse(), tls: values.slice(1), firstByte: [], rest: [null], failed: [0, 3, 12] };
  const typed = Object.fromEntries(Object.entries(plain).map(([key, value]) => [key, Array.isArray(value) ? Float64Array.from(value, (each) => each ?? NaN) : value])) as unknown as Series;
  return { typed, plain };
}

describe('chart data in a page', () => {
  it('is exactly the JSON that JSON.stringify writes, NaN as null, for every kind of value a chart holds', () => {
    // Tenths below 10 ms, whole ms, values past the tables, odd fractions, nulls and -0.
    const values = [0, 0.3, 9.9, 10, 42, 999, 1000, 12_345, 2.25, 0.1 + 0.2, 17.5, null, -0, 5];
    const h24 = series(values);
    const d7 = series([null, ...values.map((value) => (value === null ? null : value * 3))]);
    const plain = { h24: h24.plain, d7: d7.plain };
    expect(chartsJson({ h24: h24.typed, d7: d7.typed })).toBe(JSON.stringify(plain));
    expect(JSON.parse(chartsJson({ h24: h24.typed, d7: d7.typed }))).toEqual(JSON.parse(JSON.stringify(plain)));
  });
});

describe('escaping', () => {
  it('escapes markup and writes every character above U+00FF as a reference, so pages stay Latin-1', () => {
    expect(htmlEscape('<b class="x">Tom & Jerry\'s</b>')).toBe('&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;');
    expect(htmlEscape('Z\u00fcrich \u2014 \u6771\u4eac \u{1F680}')).toBe('Z\u00fcrich &#8212; &#26481;&#20140; &#128640;');
    expect(htmlEscape(1_795_643_884_000)).toBe('1795643884000');
    const json = scriptJson({ name: '</script>\u2014\u{1F680}' });
    expect(json).not.toMatch(/[<>\u0100-\uffff]/);
    expect(JSON.parse(json)).toEqual({ name: '</script>\u2014\u{1F680}' });
  });
});
