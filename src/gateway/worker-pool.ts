import type { Logger } from '../logger';
import type { ClientEvent } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { ClientState } from './client-state';
import { leastConnectionsRouter, type RoutableClient, type RoutableWorker, type Router } from './router';

/** An attached worker as the routing core sees it; worker-link.ts implements it over a gRPC stream. */
export interface HubWorker extends RoutableWorker {
  /** A GatewayClient's stream: it calls the API and never gets client events. */
  readonly apiOnly: boolean;
  /** Clients bound to this worker (routing is sticky). */
  readonly clients: Set<ClientState>;
  /** Asked to drain: gets nothing new; its clients' next events wait for its stream to end. */
  draining: boolean;
  /** Its outbound queue is over its limit: its clients' sockets are paused meanwhile. */
  readonly isCongested: boolean;
  pushEvent(event: ClientEvent): void;
  /** Answers the worker's drain request, after every event queued for it so far. */
  pushDrained(): void;
}

/** Failures of a custom router are logged at most this often (first one always). */
const ROUTER_ERROR_LOG_EVERY = 1000;

/**
 * The attached workers and the choice of one for a client: pure state, no I/O. A custom router
 * that throws or answers with something else than one of the candidates is logged and replaced,
 * for that choice, by least connections: a router bug must not take the Gateway down.
 */
export class WorkerPool {
  private readonly workers: HubWorker[] = [];
  private routerFailures = 0;

  constructor(
    private readonly router: Router,
    private readonly logger: Logger,
  ) {}

  /** Workers that take client events (API-only streams do not count). */
  get count(): number {
    return this.workers.filter((w) => !w.apiOnly).length;
  }

  add(worker: HubWorker): void {
    this.workers.push(worker);
  }

  /** False if the worker was not attached. */
  remove(worker: HubWorker): boolean {
    const index = this.workers.indexOf(worker);
    if (index === -1) return false;
    this.workers.splice(index, 1);
    return true;
  }

  /** A worker for this client, or none while no worker takes new clients. */
  pick(client: RoutableClient): HubWorker | undefined {
    const candidates = this.workers.filter((w) => !w.draining && !w.apiOnly);
    if (candidates.length === 0) return undefined;
    let chosen: RoutableWorker | undefined;
    let failure: string | undefined;
    try {
      chosen = this.router(candidates, client);
      if (!candidates.includes(chosen as HubWorker))
        failure = `returned ${describeChoice(chosen)}, not one of the ${candidates.length} worker(s) it was given`;
    } catch (err) {
      failure = `threw ${(err as Error)?.message ?? String(err)}`;
    }
    if (failure === undefined) return chosen as HubWorker;
    this.routerFailures += 1;
    if (this.routerFailures % ROUTER_ERROR_LOG_EVERY === 1) {
      this.logger.error(
        `router ${failure} for client ${client.clientId}; using least connections instead ` +
          `(${this.routerFailures} failure(s) so far)`,
      );
    }
    return leastConnectionsRouter(candidates, client) as HubWorker;
  }
}

function describeChoice(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const key = (value as { key?: unknown }).key;
  return typeof key === 'string' ? `worker ${key}` : typeof value;
}
