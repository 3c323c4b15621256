import type { Logger } from '../logger';
import type { ClientEvent } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import { clientEventName, wireCloseReason } from '../rpc/protocol';
import { ClientState, type GatewayCloseReason } from './client-state';
import { HubCounters } from '../metrics/role-counters';
import { ClientTable } from './client-table';
import { ConnectionIndex } from './connection-index';
import { HEARTBEAT_ACTIVE, startHeartbeat, type HeartbeatSettings } from './heartbeat';
import type { AcceptClient, ClientSocket, ClientSocketHandlers } from './listeners/client-socket';
import type { RoutableClient, Router } from './router';
import { WorkerPool, type HubWorker } from './worker-pool';

/** Timer scheduling, injected: real timers in the Gateway, a fake clock in tests. */
export interface Timers {
  /** Calls `fn` after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export interface ClientHubOptions {
  /** This Gateway's inner address, "ipv4:port": the routing part of client ids. */
  address: string;
  clientPort: number;
  router: Router;
  workerWaitMs: number;
  logger: Logger;
  timers: Timers;
  /** The application heartbeat (pingInterval...); off when absent or its interval is 0. */
  heartbeat?: HeartbeatSettings;
  /** A message to a client whose send buffer is full: dropped (counted), or the client is closed. @default 'drop' */
  sendBufferPolicy?: 'drop' | 'close';
  /** Runs `fn` at the end of the current I/O turn (tests inject their own). @default setImmediate */
  endOfTurn?: (fn: () => void) => void;
  /** Connection ids count up from after this one (the Gateway picks it at random per run). @default 0 */
  firstConnectionIdAfter?: number;
}

/** Closed clients whose CLOSE event waits for a worker to attach, at most (the oldest go first). */
export const MAX_WAITING_CLOSES = 10_000;

/** WebSocket close codes the Gateway uses. */
const CLOSE_CODES: Record<GatewayCloseReason, number> = {
  kicked: 1000,
  'gateway-shutdown': 1001,
  'protocol-error': 1008,
  'no-worker': 1013,
  'heartbeat-timeout': 1001, // not sent: a silent client is destroyed, as in GatewayWorker
};

/**
 * The Gateway's routing core: its clients, the attached workers, and how each client event reaches
 * exactly one worker, in order. No sockets, streams or timers of its own: sockets (ClientSocket),
 * workers (HubWorker) and timers (Timers) are injected, so it runs in memory in tests.
 *
 * Routing is sticky. A client's events are held (its socket paused) while no worker can take them:
 * - its worker drains: until that worker's stream ends (the worker's stopGraceMs bounds it), then
 *   they go to another worker;
 * - no worker is attached: for up to workerWaitMs. Then the held events are dropped (a log line says
 *   how many), an open client is closed with 1013, and its CLOSE (reason no-worker) waits for the
 *   next worker to attach, as does every CLOSE that finds no worker: each close of a client that a
 *   worker has heard of reaches an onClose. A client whose very first event (CONNECT) was dropped
 *   is unknown to every worker: nothing more of it is sent, its close neither.
 */
export class ClientHub {
  readonly clients: ClientTable<ClientState>;
  readonly index = new ConnectionIndex();
  private readonly pool: WorkerPool;
  /** Clients with held events. */
  private readonly holding = new Set<ClientState>();
  /** Clients the Gateway closed whose sockets have not finished closing (stop destroys them past its grace). */
  private readonly closing = new Set<ClientState>();
  /** Clients whose held events may wait for a worker without a deadline (closed ones), oldest first. */
  private readonly waitingCloses = new Set<ClientState>();
  /** Closes dropped past MAX_WAITING_CLOSES since the last worker attached (logged once, then counted). */
  private closesDropped = 0;
  messagesIn = 0;
  messagesOut = 0;
  messagesDropped = 0;
  /** Closes, timeouts, drops and pauses, for metrics. */
  readonly counters = new HubCounters();
  private emptyWaiters: Array<() => void> = [];
  /** The clients written to in this I/O turn's batches, while there are any. */
  private corked?: ClientState[];
  /** Stops the application heartbeat. */
  readonly stopHeartbeat: () => void;

  constructor(private readonly options: ClientHubOptions) {
    this.clients = new ClientTable<ClientState>(options.firstConnectionIdAfter);
    this.pool = new WorkerPool(options.router, options.logger);
    this.stopHeartbeat = options.heartbeat
      ? startHeartbeat(options.heartbeat, options.timers, () => this.clients.values(), {
          ping: (client, data) => this.sendTo(client, data, false),
          close: (client) => this.closeForSilence(client),
        })
      : () => undefined;
  }

  get workerCount(): number {
    return this.pool.count;
  }

  /** Client events held now, waiting for a worker (metrics). */
  get heldEventCount(): number {
    let count = 0;
    for (const client of this.holding) count += client.held?.length ?? 0;
    return count;
  }

  /** A listener's callback for each new client. */
  readonly accept: AcceptClient = (socket, request) => {
    const connectionId = this.clients.nextId();
    const client = new ClientState(connectionId, this.options.address, socket);
    this.clients.add(connectionId, client);
    this.deliver(client, { type: 'CLIENT_EVENT_TYPE_CONNECT', connection_id: connectionId });
    if (socket.transport === 'ws') {
      this.deliver(client, {
        type: 'CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT',
        connection_id: connectionId,
        handshake: { url: request.url, headers: request.headers },
      });
    }
    return new HubClientHandlers(this, client);
  };

  /** A message from a client (its socket's onMessage). */
  onClientMessage(client: ClientState, data: Buffer, binary: boolean): void {
    this.messagesIn += 1;
    // Closed by the Gateway, its socket still closing: the client is gone already.
    if (!client.isOpen) return;
    client.heartbeatCount = HEARTBEAT_ACTIVE;
    // Closing for want of a worker: its held events were dropped, so are the ones in flight.
    if (client.closeReason === 'no-worker') return;
    this.deliver(client, {
      type: 'CLIENT_EVENT_TYPE_MESSAGE',
      connection_id: client.connectionId,
      data,
      binary,
    });
  }

  /**
   * Applies a batch of commands (`apply`) with the clients it writes to corked: the messages of all
   * the batches applied in this I/O turn leave at its end (endOfTurn), one write per client, in
   * order. A socket uncorks earlier when it is destroyed or past CORK_FLUSH_BYTES (client-socket.ts).
   */
  applyBatch(apply: () => void): void {
    if (!this.corked) {
      this.corked = [];
      (this.options.endOfTurn ?? setImmediate)(() => this.uncorkAll());
    }
    apply();
  }

  private uncorkAll(): void {
    const corked = this.corked ?? [];
    this.corked = undefined;
    for (const client of corked) {
      client.isCorked = false;
      client.socket.uncork();
    }
  }

  /** Sends to one client; false if it is gone or its send buffer is full. */
  sendTo(client: ClientState, data: Buffer, binary: boolean): boolean {
    if (!client.isOpen) return false;
    if (this.corked && !client.isCorked) {
      client.isCorked = true;
      client.socket.cork();
      this.corked.push(client);
    }
    const sent = client.socket.send(data, binary);
    if (sent) this.messagesOut += 1;
    else this.messagesDropped += 1; // its send buffer is full (GatewayWorker's send_fail)
    if (!sent && this.options.sendBufferPolicy === 'close') {
      this.options.logger.debug(`client ${client.clientId} closed: its send buffer is full`);
      this.closeClient(client, 'protocol-error', 'send buffer full', true);
    }
    return sent;
  }

  /**
   * Closes a client on the Gateway's initiative. The client is gone at once, as PHP GatewayWorker
   * destroys it at once: later commands and queries no longer see it, its uid and groups are
   * dropped, and its worker gets a CLOSE event with that reason now, while its socket finishes
   * closing (a WebSocket close handshake takes a round trip). `code` overrides the reason's
   * WebSocket close code (a worker's closeClient may choose it).
   */
  closeClient(
    client: ClientState,
    reason: GatewayCloseReason,
    detail: string,
    destroy = false,
    code = CLOSE_CODES[reason],
  ): void {
    if (!client.isOpen || client.closeReason) return;
    client.closeReason = reason;
    this.closing.add(client);
    if (destroy) client.socket.destroy();
    else client.socket.close(code, detail);
    if (client.isOpen) this.forget(client); // (unless the socket reported its close meanwhile)
  }

  /** Sockets of clients the Gateway closed that are still closing. */
  closingSockets(): ClientSocket[] {
    return [...this.closing].map((client) => client.socket);
  }

  /** A client silent too long (application heartbeat or WebSocket pings) is destroyed. */
  closeForSilence(client: ClientState): void {
    if (!client.isOpen) return;
    this.counters.heartbeatTimeouts += 1;
    this.options.logger.debug(`client ${client.clientId} closed: heartbeat timeout`);
    this.closeClient(client, 'heartbeat-timeout', 'heartbeat timeout', true);
  }

  attachWorker(worker: HubWorker): void {
    this.pool.add(worker);
    if (worker.apiOnly) return;
    if (this.closesDropped > 0) {
      this.options.logger.warn(
        `${this.closesDropped} close event(s) were dropped while more than ${MAX_WAITING_CLOSES} ` +
          'closed clients waited for a worker',
      );
      this.closesDropped = 0;
    }
    // Clients bound to a draining worker keep waiting for its end, so that their events stay in order.
    for (const client of [...this.holding]) if (!client.worker) this.releaseHeld(client);
  }

  /** The worker is stopping: route nothing new to it; its clients' next events wait for its stream to end. */
  drainWorker(worker: HubWorker): void {
    if (worker.draining) return;
    worker.draining = true;
    worker.pushDrained();
    this.options.logger.debug(
      `worker ${worker.key} drains: its clients' next events wait for its stream to end`,
    );
  }

  /** The worker's stream ended: its clients move to other workers with their next (or held) events. */
  detachWorker(worker: HubWorker): void {
    if (!this.pool.remove(worker)) return;
    for (const client of [...worker.clients]) {
      this.unbind(client);
      if (client.held) this.releaseHeld(client);
    }
  }

  /** Resolves once every client is gone, and the sockets the Gateway closed have finished closing. */
  whenEmpty(): Promise<void> {
    if (this.isEmpty) return Promise.resolve();
    return new Promise((resolve) => this.emptyWaiters.push(resolve));
  }

  /** Pauses or resumes the clients of a worker whose queue is over (or back under) its limit. */
  onWorkerCongestion(worker: HubWorker, congested: boolean): void {
    if (congested) this.counters.congestionPauses += 1;
    for (const client of worker.clients) this.setPaused(client, 'pausedForWorker', congested);
    this.options.logger.debug(
      `worker ${worker.key} ${congested ? 'congested: pausing' : 'drained: resuming'} its clients`,
    );
  }

  private deliver(client: ClientState, event: ClientEvent): void {
    if (client.held) {
      client.held.push(event);
      this.counters.heldEvents += 1;
      return;
    }
    // A close with nothing of the client sent or held: its CONNECT was dropped, no worker knows it.
    if (event.type === 'CLIENT_EVENT_TYPE_CLOSE' && !client.delivered) return;
    let worker = client.worker;
    if (!worker) {
      worker = this.pool.pick(routable(client, event));
      if (worker) this.bind(client, worker);
    }
    if (!worker || worker.draining) {
      this.hold(client, event);
      return;
    }
    this.sendToWorker(worker, client, event);
  }

  private sendToWorker(worker: HubWorker, client: ClientState, event: ClientEvent): void {
    if (!client.introduced) {
      event.client = {
        remote_address: client.socket.remoteAddress,
        remote_port: client.socket.remotePort,
        gateway_port: client.socket.localPort ?? this.options.clientPort,
        transport: client.socket.transport,
        protocol: client.socket.protocol ?? client.socket.transport,
      };
      client.introduced = true;
    }
    Object.assign(event, client.session.stamp());
    client.delivered = true;
    worker.pushEvent(event);
    if (event.type === 'CLIENT_EVENT_TYPE_CLOSE') this.unbind(client);
  }

  private bind(client: ClientState, worker: HubWorker): void {
    client.worker = worker;
    client.introduced = false;
    client.session.workerBound();
    worker.clients.add(client);
    this.setPaused(client, 'pausedForWorker', worker.isCongested);
  }

  private unbind(client: ClientState): void {
    client.worker?.clients.delete(client);
    client.worker = undefined;
    this.setPaused(client, 'pausedForWorker', false);
  }

  /**
   * Pauses or resumes a client's reads for one reason: its worker's queue is congested, or its events
   * are held. Each reason holds one (nested) pause of the socket. A closed client's socket keeps
   * reading: its close handshake must complete.
   */
  private setPaused(client: ClientState, reason: 'pausedForWorker' | 'pausedForHold', paused: boolean): void {
    if (client[reason] === paused || (paused && !client.isOpen)) return;
    client[reason] = paused;
    if (paused) client.socket.pause();
    else client.socket.resume();
  }

  private hold(client: ClientState, event: ClientEvent): void {
    client.held = [event];
    this.counters.heldEvents += 1;
    this.holding.add(client);
    this.setPaused(client, 'pausedForHold', true);
    // A draining worker is alive and finishing this client's earlier events: no deadline here.
    if (!client.worker) this.startWait(client);
  }

  /** workerWaitMs for the held events of a client without a worker; a lone CLOSE has no deadline. */
  private startWait(client: ClientState): void {
    if (client.held?.length === 1 && client.held[0]?.type === 'CLIENT_EVENT_TYPE_CLOSE') {
      this.waitForAnyWorker(client);
      return;
    }
    client.cancelWait = this.options.timers.after(this.options.workerWaitMs, () =>
      this.onWaitExpired(client),
    );
  }

  private releaseHeld(client: ClientState): void {
    const events = client.held ?? [];
    this.stopHolding(client);
    for (const event of events) this.deliver(client, event);
  }

  private stopHolding(client: ClientState): void {
    client.held = undefined;
    client.cancelWait?.();
    client.cancelWait = undefined;
    this.holding.delete(client);
    this.waitingCloses.delete(client);
    this.setPaused(client, 'pausedForHold', false);
  }

  private onWaitExpired(client: ClientState): void {
    client.cancelWait = undefined;
    const held = client.held ?? [];
    const close = held.find((e) => e.type === 'CLIENT_EVENT_TYPE_CLOSE');
    const dropped = held.length - (close ? 1 : 0);
    // Its CONNECT is among the dropped events: no worker will ever hear of it, its close neither.
    const unknown = !client.delivered;
    const droppedEvents = unknown && close ? held.length : dropped;
    this.counters.droppedNoWorker += droppedEvents;
    this.options.logger.warn(
      `no worker took the events of client ${client.clientId} within ${this.options.workerWaitMs} ms: ` +
        `${droppedEvents} event(s) dropped${client.isOpen ? ', closing the client' : ''}` +
        (unknown ? ' (no worker had heard of it: its close is not sent either)' : ''),
    );
    if (close && unknown) {
      this.stopHolding(client);
      return;
    }
    if (close) {
      // Already closed: the worker that gets its CLOSE learns that events were lost.
      if (dropped > 0) close.close_reason = wireCloseReason('no-worker');
      client.held = [close];
      this.waitForAnyWorker(client);
      return;
    }
    this.stopHolding(client);
    // Its CLOSE (reason no-worker) comes from onClientClosed and waits for a worker. A client
    // already being closed keeps its close code, but its CLOSE too must say that events were lost.
    if (client.closeReason) client.closeReason = 'no-worker';
    else this.closeClient(client, 'no-worker', 'no business worker available');
  }

  /** A closed client's last events wait for the next worker, however long (bounded in number). */
  private waitForAnyWorker(client: ClientState): void {
    this.waitingCloses.add(client);
    if (this.waitingCloses.size <= MAX_WAITING_CLOSES) return;
    const oldest = this.waitingCloses.values().next().value as ClientState;
    this.counters.droppedCloses += 1;
    // One line per episode (a mass disconnect would log thousands), the count when a worker attaches.
    if (this.closesDropped++ === 0)
      this.options.logger.warn(
        `more than ${MAX_WAITING_CLOSES} closed clients wait for a worker: the oldest closes are ` +
          `dropped, from client ${oldest.clientId} on (their number is logged when a worker attaches)`,
      );
    this.stopHolding(oldest);
  }

  /** The client's socket closed (its onClose), for whatever reason. */
  onClientClosed(client: ClientState, protocolError?: string): void {
    this.closing.delete(client);
    if (client.isOpen) {
      if (protocolError && !client.closeReason) {
        client.closeReason = 'protocol-error';
        this.options.logger.debug(`client ${client.clientId} closed for a protocol error: ${protocolError}`);
      }
      this.forget(client);
    }
    this.wakeIfEmpty();
  }

  /** The client is gone: uid and groups go before the worker hears of the close (as in GatewayWorker). */
  private forget(client: ClientState): void {
    client.isOpen = false;
    this.setPaused(client, 'pausedForHold', false);
    this.setPaused(client, 'pausedForWorker', false);
    this.clients.delete(client.connectionId);
    this.index.removeClient(client.connectionId);
    this.counters.countClose(client.closeReason ?? 'client');
    this.deliver(client, {
      type: 'CLIENT_EVENT_TYPE_CLOSE',
      connection_id: client.connectionId,
      close_reason: wireCloseReason(client.closeReason ?? 'client'),
    });
    this.wakeIfEmpty();
  }

  private get isEmpty(): boolean {
    return this.clients.size === 0 && this.closing.size === 0;
  }

  private wakeIfEmpty(): void {
    if (this.isEmpty) for (const wake of this.emptyWaiters.splice(0)) wake();
  }
}

/** A client's socket handlers: one small object per client rather than a closure each (memory per idle client). */
class HubClientHandlers implements ClientSocketHandlers {
  constructor(
    private readonly hub: ClientHub,
    private readonly client: ClientState,
  ) {}

  onMessage(data: Buffer, binary: boolean): void {
    this.hub.onClientMessage(this.client, data, binary);
  }

  onClose(protocolError?: string): void {
    this.hub.onClientClosed(this.client, protocolError);
  }

  onHeartbeatTimeout(): void {
    this.hub.closeForSilence(this.client);
  }
}

function routable(client: ClientState, event: ClientEvent): RoutableClient {
  return {
    clientId: client.clientId,
    remoteAddress: client.socket.remoteAddress,
    eventType: clientEventName(event.type),
    data: event.data as Buffer | undefined,
  };
}
