/**
 * A fixed ring of time buckets holding integer sums, for the dashboard's in-memory history.
 * Bucket number b (time / sizeMs) lives in slot b % count; a slot still holding another bucket
 * reads as absent and is cleared when written; a write older than the slot's bucket is dropped.
 * Int32 is enough: checks of one monitor never overlap, so the response times summed in a
 * bucket never exceed its length plus one timeout.
 */
export interface BucketRing {
  readonly sizeMs: number;
  readonly count: number;
  readonly fields: number;
  /** The sums, `fields` per slot; read them at the offset `offset()` returns. */
  readonly values: Int32Array;
  /** Offset of bucket number `bucket` in `values`, or -1 when the ring does not hold it. */
  offset(bucket: number): number;
  /** Adds `value` to a field of the bucket holding time `at`. */
  add(at: number, field: number, value: number): void;
  /** Overwrites a field of the bucket holding time `at`. */
  set(at: number, field: number, value: number): void;
  /** The field's value for bucket number `bucket`, 0 if the ring does not hold it. */
  get(bucket: number, field: number): number;
}

export function createBucketRing(sizeMs: number, count: number, fields: number): BucketRing {
  const values = new Int32Array(count * fields);
  const owners = new Int32Array(count).fill(-1);

  /** Offset of the bucket holding `at`, claiming its slot; -1 when a newer bucket has the slot. */
  function claim(at: number): number {
    const bucket = Math.floor(at / sizeMs);
    const slot = bucket % count;
    if (owners[slot]! > bucket) return -1;
    if (owners[slot] !== bucket) {
      owners[slot] = bucket;
      values.fill(0, slot * fields, slot * fields + fields);
    }
    return slot * fields;
  }

  function offset(bucket: number): number {
    const slot = bucket % count;
    return owners[slot] === bucket ? slot * fields : -1;
  }

  return {
    sizeMs,
    count,
    fields,
    values,
    offset,
    add(at, field, value) {
      const base = claim(at);
      if (base >= 0) values[base + field] = values[base + field]! + value;
    },
    set(at, field, value) {
      const base = claim(at);
      if (base >= 0) values[base + field] = value;
    },
    get(bucket, field) {
      const base = offset(bucket);
      return base < 0 ? 0 : values[base + field]!;
    },
  };
}
