import type { ClientEventName } from '../rpc/protocol';
/**
 * Choosing a worker for a client. The Gateway calls the router only for a client's first event,
 * or when the worker it was bound to is gone: routing is sticky, so one client's events are
 * handled by one worker, in order.
 */
export interface RoutableWorker {
  /** "<worker name>:<index>" as the worker said in its hello. */
  readonly key: string;
  /** Clients currently bound to this worker on this Gateway. */
  readonly clientCount: number;
  /** Order of attachment (lower = earlier). */
  readonly attachOrder: number;
}

export interface RoutableClient {
  readonly clientId: string;
  readonly remoteAddress: string;
  /** The event that needs a worker: 'connect', 'message' or 'close'. */
  readonly eventType: ClientEventName;
  /** The message, for 'message' events (route by content). */
  readonly data?: Buffer;
}

/**
 * Returns one of `workers` (never called with an empty list). If it throws or returns anything
 * else, the Gateway logs an error and picks by least connections (worker-pool.ts).
 */
export type Router = (
  workers: readonly RoutableWorker[],
  client: RoutableClient,
) => RoutableWorker | undefined;

/** The worker with the fewest clients; ties go to the earliest attached. */
export const leastConnectionsRouter: Router = (workers) => {
  let best: RoutableWorker | undefined;
  for (const worker of workers) {
    if (
      !best ||
      worker.clientCount < best.clientCount ||
      (worker.clientCount === best.clientCount && worker.attachOrder < best.attachOrder)
    ) {
      best = worker;
    }
  }
  return best;
};

export const randomRouter: Router = (workers) => workers[Math.floor(Math.random() * workers.length)];
