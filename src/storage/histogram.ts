/**
 * Response-time histograms for rollups: log-scale buckets (each 25% wider than the last, so a
 * percentile read from them is within about 12%), stored sparse as (bucket, count) varint pairs:
 * a typical hour takes 6-20 bytes instead of a row per check.
 */
const GROWTH = 1.25;
const LOG_GROWTH = Math.log(GROWTH);
export const BUCKETS = 64; // 1.25^63 ms is about 1,270 s: beyond any timeout

export type Histogram = Map<number, number>;

export function bucketOf(ms: number): number {
  if (ms < 1) return 0;
  return Math.min(BUCKETS - 1, Math.floor(Math.log(ms) / LOG_GROWTH) + 1);
}

/** A representative value of a bucket: the geometric middle of its bounds. */
export function bucketValue(bucket: number): number {
  if (bucket === 0) return 0.5;
  return Math.pow(GROWTH, bucket - 0.5);
}

export function add(histogram: Histogram, ms: number, count = 1): void {
  const bucket = bucketOf(ms);
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
}

export function merge(into: Histogram, from: Histogram): void {
  for (const [bucket, count] of from) into.set(bucket, (into.get(bucket) ?? 0) + count);
}

/** The value at quantile q (0..1), or null for an empty histogram. */
export function quantile(histogram: Histogram, q: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket)!;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}

export function encode(histogram: Histogram): Buffer {
  const bytes: number[] = [];
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    bytes.push(bucket);
    let count = histogram.get(bucket)!;
    while (count >= 0x80) {
      bytes.push((count & 0x7f) | 0x80);
      count = Math.floor(count / 0x80);
    }
    bytes.push(count);
  }
  return Buffer.from(bytes);
}

export function decode(buffer: Uint8Array | null | undefined, into: Histogram = new Map()): Histogram {
  if (!buffer) return into;
  let index = 0;
  while (index < buffer.length) {
    const bucket = buffer[index++]!;
    let count = 0;
    let shift = 1;
    for (;;) {
      const byte = buffer[index++]!;
      count += (byte & 0x7f) * shift;
      if (byte < 0x80) break;
      shift *= 0x80;
    }
    into.set(bucket, (into.get(bucket) ?? 0) + count);
  }
  return into;
}
