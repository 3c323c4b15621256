import { once } from 'node:events';

/** Rejects with `what` if `promise` has not settled within timeoutMs. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for an event, bounded. */
export function onceWithin(
  emitter: NodeJS.EventEmitter,
  event: string,
  timeoutMs: number,
): Promise<unknown[]> {
  return within(once(emitter, event), timeoutMs, `event '${event}'`);
}

/**
 * Retries an async check until it passes or the time is up (for state that changes through other
 * processes' events we cannot subscribe to). Every retry is 20 ms apart and the total is bounded.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
