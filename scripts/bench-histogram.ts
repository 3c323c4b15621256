// Latency percentiles in constant memory, mergeable across load processes (the counts travel over IPC).

const MIN_MS = 0.001;
/** Buckets grow by 1 %, from 1 µs to beyond 100 s. */
const LOG_GROWTH = Math.log(1.01);
const BUCKETS = 2000;

export class LatencyHistogram {
  readonly counts: number[] = new Array<number>(BUCKETS).fill(0);
  count = 0;

  record(latencyMs: number): void {
    const raw = Math.ceil(Math.log(latencyMs / MIN_MS) / LOG_GROWTH);
    const index = Number.isFinite(raw) ? Math.min(Math.max(raw, 0), BUCKETS - 1) : 0;
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.count++;
  }

  /** Adds counts from another histogram (e.g. one received from a load process). */
  merge(counts: readonly number[]): this {
    for (let index = 0; index < BUCKETS; index++) {
      const n = counts[index] ?? 0;
      this.counts[index] = (this.counts[index] ?? 0) + n;
      this.count += n;
    }
    return this;
  }

  /** Upper bound of the bucket holding the p-th percentile; null without samples. */
  percentileMs(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((this.count * p) / 100));
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.counts[index] ?? 0;
      if (seen >= rank) return MIN_MS * Math.exp(index * LOG_GROWTH);
    }
    return null;
  }
}
