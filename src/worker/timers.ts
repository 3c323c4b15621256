import { describeError, type Logger } from '../logger';

/**
 * Timers for business code, owned by one worker process (Workerman's Timer): numbered per process,
 * errors in a callback are logged instead of crashing the worker, and every timer is cleared when
 * the worker stops, so that a reload leaves none behind. Plain setTimeout/setInterval are fine for
 * anything you clear yourself.
 */
export class WorkerTimers {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /**
   * Runs `callback` every `intervalMs` (first run after one interval), or once with
   * `{ persistent: false }`. Returns the timer's id for del().
   */
  add(intervalMs: number, callback: () => unknown, options: { persistent?: boolean } = {}): number {
    if (this.closed) return 0;
    const id = this.nextId++;
    const persistent = options.persistent ?? true;
    const run = (): void => {
      if (!persistent) this.timers.delete(id);
      try {
        const result = callback();
        if (result instanceof Promise) result.catch((err: unknown) => this.report(id, err));
      } catch (err) {
        this.report(id, err);
      }
    };
    this.timers.set(id, persistent ? setInterval(run, intervalMs) : setTimeout(run, intervalMs));
    return id;
  }

  /** Cancels a timer; false if there is no such timer (any more). */
  del(id: number): boolean {
    const timer = this.timers.get(id);
    if (!timer) return false;
    clearTimeout(timer);
    this.timers.delete(id);
    return true;
  }

  delAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get count(): number {
    return this.timers.size;
  }

  /** Clears everything and refuses new timers (the worker is stopping). */
  close(): void {
    this.closed = true;
    this.delAll();
  }

  private report(id: number, err: unknown): void {
    this.logger.error(`timer ${id} threw: ${describeError(err)}`);
  }
}
