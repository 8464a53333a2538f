/** Scheduler lag (actual start minus planned start) over the most recent checks. */
export interface LagSummary {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export class LagRecorder {
  private readonly samples: Float64Array;
  private count = 0;

  constructor(capacity = 10_000) {
    this.samples = new Float64Array(capacity);
  }

  record(lagMs: number): void {
    this.samples[this.count % this.samples.length] = lagMs;
    this.count++;
  }

  summary(): LagSummary {
    const size = Math.min(this.count, this.samples.length);
    if (size === 0) return { samples: 0, p50: 0, p99: 0, max: 0 };
    const sorted = this.samples.slice(0, size).sort();
    const at = (q: number): number => sorted[Math.min(size - 1, Math.floor(q * size))]!;
    return { samples: size, p50: at(0.5), p99: at(0.99), max: sorted[size - 1]! };
  }
}
