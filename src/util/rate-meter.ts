/**
 * The per-second rate of a cumulative counter over the last few seconds (`status`'s msgs/s).
 * A timer records the counter once a second into a small ring; a reading compares the counter now
 * with the oldest sample in the ring. Nothing is done per counted event.
 */
export class RateMeter {
  private readonly totals: number[];
  private readonly times: number[];
  /** Samples recorded so far, capped at the ring's size. */
  private filled = 0;
  /** Where the next sample goes (the oldest one once the ring is full). */
  private next = 0;

  /** @param windowSeconds how far back a reading looks, at most (one sample a second). */
  constructor(windowSeconds = 5) {
    this.totals = new Array<number>(windowSeconds).fill(0);
    this.times = new Array<number>(windowSeconds).fill(0);
  }

  record(total: number, nowMs: number): void {
    this.totals[this.next] = total;
    this.times[this.next] = nowMs;
    this.next = (this.next + 1) % this.totals.length;
    this.filled = Math.min(this.filled + 1, this.totals.length);
  }

  /** Events per second from the oldest sample to `total` now; 0 before the first sample. */
  perSecond(total: number, nowMs: number): number {
    if (this.filled === 0) return 0;
    const oldest = this.filled < this.totals.length ? 0 : this.next;
    const elapsedMs = nowMs - (this.times[oldest] ?? nowMs);
    const counted = total - (this.totals[oldest] ?? total);
    // (A counter never goes down within a process; the guard keeps a reading sane if one did.)
    if (elapsedMs <= 0 || counted <= 0) return 0;
    return (counted * 1000) / elapsedMs;
  }
}

/**
 * A RateMeter over `read()`, sampled every second by an unref'd timer (it never keeps the process
 * up). `perSecond()` reads the counter once more, so a burst shows at once, not a second later.
 */
export function sampleEverySecond(
  read: () => number,
  windowSeconds = 5,
): { perSecond(): number; stop(): void } {
  const meter = new RateMeter(windowSeconds);
  meter.record(read(), Date.now());
  const timer = setInterval(() => meter.record(read(), Date.now()), 1000);
  timer.unref();
  return {
    perSecond: () => meter.perSecond(read(), Date.now()),
    stop: () => clearInterval(timer),
  };
}
