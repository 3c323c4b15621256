/**
 * Histogram counts kept by hand: the hot paths (one per event or per stream batch) add a number to
 * a plain array, and prom-client reads the array only when scraped (scrape-metric.ts). Cumulative
 * buckets are computed at read time, so observe() touches one slot.
 */
export class BucketCounts {
  /** counts[i]: observations <= bounds[i] and > bounds[i - 1]; the last slot is above every bound. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  /** `bounds`: upper bounds in increasing order, in the unit the observations use. */
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (this.counts[i] as number) += 1;
    this.sum += value;
    this.count += 1;
  }

  /** [upper bound, cumulative count] pairs, the +Inf bucket last (Prometheus's `le` buckets). */
  cumulative(): Array<[number, number]> {
    let running = 0;
    const buckets: Array<[number, number]> = this.bounds.map((bound, i) => {
      running += this.counts[i] as number;
      return [bound, running];
    });
    buckets.push([Infinity, this.count]);
    return buckets;
  }
}

/** Handler durations, in milliseconds (performance.now()'s unit); exported in seconds. */
export const HANDLER_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/** Items per stream message (BatchedWriter batches at most 256 by default). */
export const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** One handler in this many is timed (a power of 2). */
export const TIME_ONE_HANDLER_IN = 4;

/**
 * Handler durations by event type: one BucketCounts per type, made on its first use.
 *
 * Off (no clock reading at all) until `enabled` is set, which the first scrape does: without the
 * metrics option nothing is timed. On, one handler in TIME_ONE_HANDLER_IN is timed, with two clock
 * readings: a reading costs about as much as 5 % of a small handler's whole dispatch, so timing
 * each one would cost a worker 4 % of its CPU (measured in the echo benchmark). The durations are
 * a sample; the exact number of handled events is a counter of its own.
 */
export class HandlerTimings {
  readonly byEvent = new Map<string, BucketCounts>();
  enabled = false;
  private seq = 0;

  /** `clock`: tests inject one; without it, performance.now() is called directly (no indirection). */
  constructor(private readonly clock?: () => number) {}

  /** A handler starts: the reading to hand to done(), or 0 when it is not timed. */
  start(): number {
    if (!this.enabled || (++this.seq & (TIME_ONE_HANDLER_IN - 1)) !== 0) return 0;
    return this.clock ? this.clock() : performance.now();
  }

  /** The handler that start() returned `startedAtMs` for has settled: counts its duration. */
  done(event: string, startedAtMs: number): void {
    // (0: not timed.)
    if (startedAtMs === 0) return;
    this.observe(event, (this.clock ? this.clock() : performance.now()) - startedAtMs);
  }

  observe(event: string, ms: number): void {
    let counts = this.byEvent.get(event);
    if (!counts) this.byEvent.set(event, (counts = new BucketCounts(HANDLER_BUCKETS_MS)));
    counts.observe(ms);
  }
}
