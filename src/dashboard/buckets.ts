/**
 * A fixed ring of time buckets holding integer sums, for the dashboard's in-memory history.
 * Bucket number b (time / sizeMs) lives in slot b % count. The ring remembers the newest bucket
 * written: it holds the `count` buckets up to that one, slots skipped over read as zero, and a
 * write older than the oldest bucket held is dropped (results of one monitor arrive in order).
 *
 * Fields below `narrow` are stored as Uint16 (counts of checks in a bucket of at most an hour:
 * at most 3,600 at the 1 s minimum interval), the others as Int32: checks of one monitor never
 * overlap, so the milliseconds summed in a bucket never exceed its length plus one timeout.
 */
export interface BucketRing {
  readonly sizeMs: number;
  readonly count: number;
  /** Slot of bucket number `bucket`, or -1 when the ring does not hold it. */
  slot(bucket: number): number;
  /** A field's value in a slot that slot() returned. */
  read(slot: number, field: number): number;
  /** Adds `value` to a field of the bucket holding time `at`. */
  add(at: number, field: number, value: number): void;
  /** Overwrites a field of the bucket holding time `at`. */
  set(at: number, field: number, value: number): void;
  /** The field's value for bucket number `bucket`, 0 if the ring does not hold it. */
  get(bucket: number, field: number): number;
}

/** Rounds up to a multiple of 8, so that whatever follows in a shared buffer stays aligned. */
const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/** Bytes a ring of these dimensions takes in a buffer (see createBucketRing). */
export function ringBytes(count: number, fields: number, narrow = 0): number {
  return align8(count * narrow * 2) + align8(count * (fields - narrow) * 4);
}

/**
 * Views of one whole buffer that rings at different offsets share: a typed array costs about
 * 80 bytes of heap, and a monitor's three rings had six.
 */
export interface RingMemory {
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
}

export function ringMemory(buffer: ArrayBuffer): RingMemory {
  return { u16: new Uint16Array(buffer, 0, buffer.byteLength >> 1), i32: new Int32Array(buffer, 0, buffer.byteLength >> 2) };
}

/** A class rather than closures: a monitor has three rings, and per-instance closures cost more than the buckets of a small ring. */
class Ring implements BucketRing {
  private readonly wide: number;
  private readonly small: Uint16Array;
  private readonly large: Int32Array;
  /** Where the ring's narrow and wide fields start in `small` and `large`. */
  private readonly smallBase: number;
  private readonly largeBase: number;
  private newest = -1;

  constructor(
    readonly sizeMs: number,
    readonly count: number,
    fields: number,
    private readonly narrow: number,
    memory: RingMemory,
    byteOffset: number,
  ) {
    this.wide = fields - narrow;
    this.small = memory.u16;
    this.large = memory.i32;
    this.smallBase = byteOffset / 2;
    this.largeBase = (byteOffset + align8(count * narrow * 2)) / 4;
  }

  slot(bucket: number): number {
    return bucket <= this.newest && bucket > this.newest - this.count ? bucket % this.count : -1;
  }

  read(slot: number, field: number): number {
    return field < this.narrow ? this.small[this.smallBase + slot * this.narrow + field]! : this.large[this.largeBase + slot * this.wide + field - this.narrow]!;
  }

  add(at: number, field: number, value: number): void {
    const target = this.claim(at);
    if (target >= 0) this.write(target, field, this.read(target, field) + value);
  }

  set(at: number, field: number, value: number): void {
    const target = this.claim(at);
    if (target >= 0) this.write(target, field, value);
  }

  get(bucket: number, field: number): number {
    const target = this.slot(bucket);
    return target < 0 ? 0 : this.read(target, field);
  }

  private write(slot: number, field: number, value: number): void {
    if (field < this.narrow) this.small[this.smallBase + slot * this.narrow + field] = value;
    else this.large[this.largeBase + slot * this.wide + field - this.narrow] = value;
  }

  /** Slot of the bucket holding `at`, moving the ring forward to it; -1 when it is too old. */
  private claim(at: number): number {
    const bucket = Math.floor(at / this.sizeMs);
    if (bucket > this.newest) {
      for (let skipped = Math.max(this.newest + 1, bucket - this.count + 1); skipped <= bucket; skipped++) {
        const slot = skipped % this.count;
        const small = this.smallBase + slot * this.narrow;
        const large = this.largeBase + slot * this.wide;
        this.small.fill(0, small, small + this.narrow);
        this.large.fill(0, large, large + this.wide);
      }
      this.newest = bucket;
    }
    return bucket > this.newest - this.count ? bucket % this.count : -1;
  }
}

/**
 * A ring in `memory` from `byteOffset` (a multiple of 8; it takes ringBytes() bytes, zeroed),
 * or in a buffer of its own. A monitor's rings share one buffer (history.ts).
 */
export function createBucketRing(sizeMs: number, count: number, fields: number, narrow = 0, memory = ringMemory(new ArrayBuffer(ringBytes(count, fields, narrow))), byteOffset = 0): BucketRing {
  return new Ring(sizeMs, count, fields, narrow, memory, byteOffset);
}
