import { describe, expect, it } from 'vitest';
import { createBucketRing, ringBytes, ringMemory } from '../../src/dashboard/buckets.js';

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

  it('keeps rings that share one buffer apart, odd sizes included', () => {
    // Odd counts and field splits: each part must start where the one before ends, 8-aligned.
    const shapes = [
      [5, 3, 0],
      [7, 8, 3],
      [3, 4, 1],
    ] as const;
    const offsets = shapes.map((_, index) => shapes.slice(0, index).reduce((sum, [count, fields, narrow]) => sum + ringBytes(count, fields, narrow), 0));
    const memory = ringMemory(new ArrayBuffer(shapes.reduce((sum, [count, fields, narrow]) => sum + ringBytes(count, fields, narrow), 0)));
    const rings = shapes.map(([count, fields, narrow], index) => createBucketRing(HOUR, count, fields, narrow, memory, offsets[index]));
    // Every field of every bucket of every ring gets a value that names it.
    rings.forEach((ring, which) => {
      const [count, fields] = shapes[which]!;
      for (let bucket = 0; bucket < count; bucket++) for (let field = 0; field < fields; field++) ring.set(bucket * HOUR, field, 1000 * (which + 1) + 10 * bucket + field);
    });
    rings.forEach((ring, which) => {
      const [count, fields] = shapes[which]!;
      for (let bucket = 0; bucket < count; bucket++) for (let field = 0; field < fields; field++) expect(ring.get(bucket, field)).toBe(1000 * (which + 1) + 10 * bucket + field);
    });
  });
});
