/**
 * Exponential backoff with full jitter, for every reconnect loop.
 * The delay doubles from initialMs up to maxMs; each wait is a random fraction (50-100 %) of it.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 2000,
  ) {}

  nextDelayMs(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(ceiling * (0.5 + Math.random() * 0.5));
  }

  reset(): void {
    this.attempt = 0;
  }
}
