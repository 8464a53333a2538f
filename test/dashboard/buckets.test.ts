import { describe, expect, it } from 'vitest';
import { createBucketRing } from '../../src/dashboard/buckets.js';

const HOUR = 3_600_000;

describe('bucket ring', () => {
  it('holds the last buckets up to the newest, reads skipped and forgotten ones as zero, and drops writes too old to hold', () => {
    const ring = createBucketRing(HOUR, 4, 3, 1);
    ring.add(10 * HOUR, 0, 5);
    ring.add(10 * HOUR + 1, 2, 70_000);
    ring.add(11 * HOUR, 0, 1);
    // Three hours later: 11 is still held, 12 and 13 were skipped, 10 fell out.
    ring.set(14 * HOUR, 1, 2);
    expect([10, 11, 12, 13, 14].map((bucket) => ring.get(bucket, 0))).toEqual([0, 1, 0, 0, 0]);
    expect(ring.get(14, 1)).toBe(2);
    ring.add(10 * HOUR, 0, 9);
    expect(ring.get(10, 0)).toBe(0);
    // A late result for a bucket still held counts; the wide field keeps sums beyond 16 bits.
    ring.add(11 * HOUR + 5, 2, 80_000);
    expect(ring.get(11, 2)).toBe(80_000);
    // A jump past the whole ring clears it.
    ring.add(40 * HOUR, 0, 1);
    expect([11, 14, 37, 40].map((bucket) => ring.get(bucket, 0))).toEqual([0, 0, 0, 1]);
  });
});
