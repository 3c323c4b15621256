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
 * Waits for conditions on state that changes as events arrive (messages, output lines): each
 * waiter is re-checked on wake(). Used by helpers that wrap a client or a process.
 */
export class ConditionWaiters {
  private readonly waiters = new Set<() => void>();

  /**
   * Resolves once `condition` holds; rejects with the reason `gaveUp` returns (say, the peer is
   * gone), or after timeoutMs naming `what`.
   */
  until(
    condition: () => boolean,
    timeoutMs: number,
    what: string,
    gaveUp: () => string | undefined,
  ): Promise<void> {
    if (condition()) return Promise.resolve();
    let check: (() => void) | undefined;
    const met = new Promise<void>((resolve, reject) => {
      check = (): void => {
        if (condition()) return resolve();
        const reason = gaveUp();
        if (reason !== undefined) reject(new Error(reason));
      };
      this.waiters.add(check);
    });
    return within(met, timeoutMs, what).finally(() => check && this.waiters.delete(check));
  }

  /** Re-checks every waiter (after the state changed). */
  wake(): void {
    for (const check of [...this.waiters]) check();
  }
}

const CUT_OFF = Symbol('attempt cut off at the deadline');

/**
 * Retries an async check until it passes or the time is up (for state that changes through other
 * processes' events we cannot subscribe to). Retries are 20 ms apart; an attempt that hangs is cut
 * off at the deadline. On timeout it throws the last error the check threw (the assertion that
 * still fails, with its actual and expected values), never a bare "timed out".
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      if (lastError instanceof Error) {
        lastError.message = `still failing after ${timeoutMs} ms: ${lastError.message}`;
        throw lastError;
      }
      throw new Error(`eventually: no attempt finished within ${timeoutMs} ms`, { cause: lastError });
    }
    let timer: NodeJS.Timeout | undefined;
    const cutOff = new Promise<typeof CUT_OFF>((resolve) => {
      timer = setTimeout(() => resolve(CUT_OFF), remainingMs);
    });
    try {
      const attempt = Promise.resolve().then(check);
      attempt.catch(() => undefined); // an attempt cut off may still fail later: not unhandled
      const result = await Promise.race([attempt, cutOff]);
      if (result !== CUT_OFF) return result as T;
    } catch (err) {
      lastError = err;
    } finally {
      clearTimeout(timer);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, Math.max(0, deadline - Date.now()))));
  }
}
