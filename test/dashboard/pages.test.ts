import { describe, expect, it } from 'vitest';
import { formatCheckedAt, formatCount, formatTime } from '../../src/dashboard/format.js';
import { chartsJson } from '../../src/dashboard/chart-json.js';
import { checkRowsHtml, htmlEscape, scriptJson } from '../../src/dashboard/templates.js';
import { textBytes } from '../../src/dashboard/atomic.js';
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

  it('stays exact when a page needs more room than usual, and for the page after it', () => {
    // 2,000 long fractions: about 40 KB of text, more than the scratch buffer starts with.
    const long = series(Array.from({ length: 2000 }, (_, index) => 1 / (index + 3)));
    const short = series([1, null, 2.5]);
    expect(chartsJson({ h24: long.typed, d7: short.typed })).toBe(JSON.stringify({ h24: long.plain, d7: short.plain }));
    expect(chartsJson({ h24: short.typed, d7: short.typed })).toBe(JSON.stringify({ h24: short.plain, d7: short.plain }));
  });
});

describe('escaping', () => {
  it('escapes markup and writes every character outside ASCII as a reference, so pages stay ASCII', () => {
    expect(htmlEscape('<b class="x">Tom & Jerry\'s</b>')).toBe('&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;');
    expect(htmlEscape('Z\u00fcrich \u2014 \u6771\u4eac \u{1F680}')).toBe('Z&#252;rich &#8212; &#26481;&#20140; &#128640;');
    expect(htmlEscape(1_795_643_884_000)).toBe('1795643884000');
    const json = scriptJson({ name: '</script>\u2014\u{1F680}' });
    expect(json).not.toMatch(/[<>\u0080-\uffff]/);
    expect(JSON.parse(json)).toEqual({ name: '</script>\u2014\u{1F680}' });
  });
});

describe('times on a page', () => {
  const byDate = (ms: number): string => {
    const date = new Date(ms);
    const two = (value: number): string => String(value).padStart(2, '0');
    return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
  };

  it('reads the same as the date itself, across midnights, months, leap days and years, in any order', () => {
    const moments = [
      Date.UTC(2024, 1, 28, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29, 0, 0),
      Date.UTC(2024, 2, 1, 0, 0, 30),
      Date.UTC(2026, 10, 26, 1, 12, 4),
      Date.UTC(2025, 11, 31, 23, 59),
      Date.UTC(2026, 0, 1, 0, 1),
      Date.UTC(1969, 11, 31, 23, 58, 30),
      0,
    ];
    // Back and forth between days, so that a remembered day is never reused for another.
    for (const ms of [...moments, ...moments.reverse(), moments[0]! + 60_000, moments[0]!]) expect(formatTime(ms)).toBe(byDate(ms));
    expect(formatTime(Date.UTC(2026, 10, 26, 9, 5))).toBe('2026-11-26 09:05 UTC');
    expect(formatTime(Date.UTC(2026, 10, 26, 9, 5, 7, 999), true)).toBe('2026-11-26 09:05:07 UTC');
    expect(formatTime(Date.UTC(2026, 10, 26, 23, 59, 59), true)).toBe('2026-11-26 23:59:59 UTC');
    expect(formatTime(Number.NaN)).toBe('\u2014');
  });

  it("writes a card's last check as the time of day on the page's day, and as the date before it", () => {
    const today = Date.UTC(2026, 11, 5);
    expect(formatCheckedAt(Date.UTC(2026, 11, 5, 9, 7, 59), today)).toBe('09:07 UTC');
    expect(formatCheckedAt(today, today)).toBe('00:00 UTC');
    expect(formatCheckedAt(today - 1, today)).toBe('2026-12-04');
    expect(formatCheckedAt(null, today)).toBe('\u2014');
  });
});

describe('counts on a page', () => {
  it('group thousands as English does', () => {
    for (const count of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, 90 * 86_400]) expect(formatCount(count)).toBe(count.toLocaleString('en'));
  });
});

describe('the latest checks table', () => {
  it('escapes the reason, writes "<1 ms" and empty cells as text, and shows a total only for a failed check that was answered', () => {
    const html = checkRowsHtml([
      { at: Date.UTC(2026, 10, 26, 9, 5, 42), status: 'down', httpStatus: null, totalMs: 10_000, dns: null, connect: null, tls: null, firstByte: null, reason: 'keyword "<script>alert(1)</script>" not found' },
      { at: Date.UTC(2026, 10, 26, 9, 4), status: 'degraded', httpStatus: 200, totalMs: 2_500, dns: 0.4, connect: 3, tls: null, firstByte: 2_480, reason: null },
      { at: Date.UTC(2026, 10, 26, 9, 3), status: 'down', httpStatus: 503, totalMs: 5, dns: null, connect: 2, tls: null, firstByte: 3, reason: 'status 503, expected 200-399' },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<td class="why">keyword &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; not found</td>');
    const rows = html.split('</tr>').filter(Boolean);
    expect(rows).toHaveLength(3);
    const cells = (row: string): string[] => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ''));
    expect(cells(rows[0]!)).toEqual(['2026-11-26 09:05:42 UTC', 'Down', '&#8212;', '&#8212;', '&#8212;', '&#8212;', '&#8212;', '&#8212;', 'keyword &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; not found']);
    expect(cells(rows[1]!)).toEqual(['2026-11-26 09:04:00 UTC', 'Degraded', '200', '2.50 s', '&lt;1 ms', '3 ms', '&#8212;', '2.48 s', '']);
    // A 503 in 5 ms was an answer, and how fast it came is worth seeing; a timeout's 10 s is not a response time.
    expect(cells(rows[2]!).slice(1, 4)).toEqual(['Down', '503', '5 ms']);
    expect(rows[0]).toMatch(/^<tr class="s-down"><td><time data-time="\d+" data-seconds>/);
  });
});

describe('a page as bytes', () => {
  it('is the UTF-8 of the text, copied for ASCII and encoded for anything else', () => {
    for (const text of ['<p>plain ASCII, 100%</p>', 'Z\u00fcrich', '\u6771\u4eac \u{1F680}', '\u0141\u00f3d\u017a', '']) {
      expect(textBytes(text).equals(Buffer.from(text, 'utf8')), text).toBe(true);
    }
  });
});
