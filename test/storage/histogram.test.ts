import { describe, expect, it } from 'vitest';
import { add, decode, encode, quantile, type Histogram } from '../../src/storage/histogram.js';

describe('response-time histograms', () => {
  it('reads percentiles within the bucket precision', () => {
    const histogram: Histogram = new Map();
    for (let ms = 1; ms <= 1000; ms++) add(histogram, ms);
    expect(quantile(histogram, 0.5)).toBeGreaterThan(500 * 0.88);
    expect(quantile(histogram, 0.5)).toBeLessThan(500 * 1.13);
    expect(quantile(histogram, 0.95)).toBeGreaterThan(950 * 0.88);
    expect(quantile(histogram, 0.95)).toBeLessThan(950 * 1.13);
    expect(quantile(new Map(), 0.95)).toBeNull();
  });

  it('survives encoding, including large counts, in a few bytes', () => {
    const histogram: Histogram = new Map([[3, 1], [10, 300], [40, 70_000]]);
    const bytes = encode(histogram);
    expect(bytes.length).toBeLessThanOrEqual(9);
    expect(decode(bytes)).toEqual(histogram);
  });
});
