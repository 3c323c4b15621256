import { encodeClientId } from '../client-id';
import type { Logger } from '../logger';
import type { ClientEvent } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { CloseReason } from '../rpc/generated/gatewayworker/v1/CloseReason';
import { ClientState, type GatewayCloseReason } from './client-state';
import { ClientTable } from './client-table';
import { ConnectionIndex } from './connection-index';
import type { AcceptClient, ClientSocketHandlers } from './listeners/client-socket';
import type { RoutableClient, Router } from './router';
import { DRAINED, type WorkerLink } from './worker-link';

export interface ClientHubOptions {
  /** This Gateway's inner address, "ipv4:port": the routing part of client ids. */
  address: string;
  clientPort: number;
  router: Router;
  workerWaitMs: number;
  logger: Logger;
}

/** WebSocket close codes the Gateway uses. */
const CLOSE_CODES: Record<GatewayCloseReason, number> = {
  kicked: 1000,
  'gateway-shutdown': 1001,
  'protocol-error': 1008,
  'no-worker': 1013,
};

const CLOSE_REASONS: Record<GatewayCloseReason, CloseReason> = {
  kicked: 'CLOSE_REASON_KICKED',
  'gateway-shutdown': 'CLOSE_REASON_GATEWAY_SHUTDOWN',
  'protocol-error': 'CLOSE_REASON_PROTOCOL_ERROR',
  'no-worker': 'CLOSE_REASON_NO_WORKER',
};

/**
 * The Gateway's state: its clients, the attached workers, and how each client event reaches a
 * worker. Sticky routing; while no worker can take a client's events they are held (the client's
 * socket is paused meanwhile) for up to workerWaitMs, then the client is closed with a clear reason.
 */
export class ClientHub {
  readonly clients = new ClientTable<ClientState>();
  readonly index = new ConnectionIndex();
  private readonly workers: WorkerLink[] = [];
  /** Clients with held events. */
  private readonly holding = new Set<ClientState>();
  messagesIn = 0;
  messagesOut = 0;
  messagesDropped = 0;
  private readonly emptyWaiters = new Set<() => void>();

  constructor(private readonly options: ClientHubOptions) {}

  get workerCount(): number {
    return this.workers.filter((w) => !w.apiOnly).length;
  }

  /** A listener's callback for each new client. */
  readonly accept: AcceptClient = (socket, request) => {
    const connectionId = this.clients.nextId();
    const client = new ClientState(connectionId, encodeClientId(this.options.address, connectionId), socket);
    this.clients.add(connectionId, client);
    this.deliver(client, { type: 'CLIENT_EVENT_TYPE_CONNECT', connection_id: connectionId });
    if (socket.transport === 'ws') {
      this.deliver(client, {
        type: 'CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT',
        connection_id: connectionId,
        handshake: { url: request.url, headers: request.headers },
      });
    }
    const handlers: ClientSocketHandlers = {
      onMessage: (data, binary) => {
        this.messagesIn += 1;
        this.deliver(client, {
          type: 'CLIENT_EVENT_TYPE_MESSAGE',
          connection_id: connectionId,
          data,
          binary,
        });
      },
      onClose: (protocolError) => this.onClientClosed(client, protocolError),
    };
    return handlers;
  };

  /** Sends to one client; false if it is gone or its send buffer is full. */
  sendTo(client: ClientState, data: Buffer, binary: boolean): boolean {
    if (!client.isOpen) return false;
    const sent = client.socket.send(data, binary);
    if (sent) this.messagesOut += 1;
    else this.messagesDropped += 1; // its send buffer is full (GatewayWorker's send_fail)
    return sent;
  }

  /** Closes a client on the Gateway's initiative; its worker gets a CLOSE event with that reason. */
  closeClient(client: ClientState, reason: GatewayCloseReason, detail: string, destroy = false): void {
    if (!client.isOpen || client.closeReason) return;
    client.closeReason = reason;
    if (destroy) client.socket.destroy();
    else client.socket.close(CLOSE_CODES[reason], detail);
  }

  attachWorker(link: WorkerLink): void {
    this.workers.push(link);
    if (link.apiOnly) return;
    for (const client of [...this.holding]) {
      if (!client.worker?.draining) this.releaseHeld(client);
    }
  }

  /** The worker is stopping: route nothing new to it; its clients' next events wait for its stream to end. */
  drainWorker(link: WorkerLink): void {
    if (link.draining) return;
    link.draining = true;
    link.push(DRAINED);
  }

  /** The worker's stream ended: its clients move to other workers with their next (or held) events. */
  detachWorker(link: WorkerLink): void {
    const index = this.workers.indexOf(link);
    if (index === -1) return;
    this.workers.splice(index, 1);
    for (const client of [...link.clients]) {
      this.unbind(client);
      if (client.held) this.releaseHeld(client);
    }
  }

  /** Resolves once every client is gone, or after timeoutMs. */
  whenEmpty(timeoutMs: number): Promise<void> {
    if (this.clients.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.emptyWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.emptyWaiters.add(done);
    });
  }

  /** Pauses or resumes the clients of a worker whose queue is over (or back under) its limit. */
  onWorkerCongestion(link: WorkerLink, congested: boolean): void {
    for (const client of link.clients) this.setPausedForWorker(client, congested);
    this.options.logger.debug(
      `worker ${link.key} ${congested ? 'congested: pausing' : 'drained: resuming'} its clients`,
    );
  }

  private deliver(client: ClientState, event: ClientEvent): void {
    if (client.held) {
      client.held.push(event);
      return;
    }
    let worker = client.worker;
    if (!worker) {
      worker = this.pickWorker(client, event);
      if (worker) this.bind(client, worker);
    }
    if (!worker || worker.draining) {
      this.hold(client, event);
      return;
    }
    this.sendToWorker(worker, client, event);
  }

  private pickWorker(client: ClientState, event: ClientEvent): WorkerLink | undefined {
    const candidates = this.workers.filter((w) => !w.draining && !w.apiOnly);
    if (candidates.length === 0) return undefined;
    const routable: RoutableClient = {
      clientId: client.clientId,
      remoteAddress: client.socket.remoteAddress,
      eventType: EVENT_NAMES[event.type as keyof typeof EVENT_NAMES] ?? 'message',
      data: event.data as Buffer | undefined,
    };
    const chosen = this.options.router(candidates, routable);
    return candidates.find((w) => w === chosen);
  }

  private sendToWorker(worker: WorkerLink, client: ClientState, event: ClientEvent): void {
    if (!client.introduced) {
      event.client = {
        remote_address: client.socket.remoteAddress,
        remote_port: client.socket.remotePort,
        gateway_port: this.options.clientPort,
        transport: client.socket.transport,
      };
      client.introduced = true;
    }
    Object.assign(event, client.session.stamp());
    worker.push(event);
    if (event.type === 'CLIENT_EVENT_TYPE_CLOSE') this.unbind(client);
  }

  private bind(client: ClientState, worker: WorkerLink): void {
    client.worker = worker;
    client.introduced = false;
    client.session.workerBound();
    worker.clients.add(client);
    this.setPausedForWorker(client, worker.isCongested);
  }

  private unbind(client: ClientState): void {
    client.worker?.clients.delete(client);
    client.worker = undefined;
    this.setPausedForWorker(client, false);
  }

  private setPausedForWorker(client: ClientState, paused: boolean): void {
    if (client.pausedForWorker === paused) return;
    client.pausedForWorker = paused;
    if (paused) client.socket.pause();
    else client.socket.resume();
  }

  private hold(client: ClientState, event: ClientEvent): void {
    client.held = [event];
    this.holding.add(client);
    client.socket.pause();
    client.holdTimer = setTimeout(() => this.onHoldExpired(client), this.options.workerWaitMs);
    client.holdTimer.unref();
  }

  private releaseHeld(client: ClientState): void {
    const events = client.held ?? [];
    client.held = undefined;
    clearTimeout(client.holdTimer);
    this.holding.delete(client);
    client.socket.resume();
    for (const event of events) this.deliver(client, event);
  }

  private onHoldExpired(client: ClientState): void {
    const dropped = client.held?.length ?? 0;
    client.held = undefined;
    this.holding.delete(client);
    client.socket.resume();
    this.options.logger.warn(
      `no worker took the events of client ${client.clientId} within ${this.options.workerWaitMs} ms: ` +
        `${dropped} event(s) dropped${client.isOpen ? ', closing the client' : ''}`,
    );
    this.unbind(client);
    this.closeClient(client, 'no-worker', 'no business worker available');
  }

  private onClientClosed(client: ClientState, protocolError?: string): void {
    client.isOpen = false;
    // uid and groups go before the worker hears of the close (as in GatewayWorker).
    this.clients.delete(client.connectionId);
    this.index.removeClient(client.connectionId);
    if (this.clients.size === 0) for (const wake of [...this.emptyWaiters]) wake();
    if (protocolError && !client.closeReason) {
      client.closeReason = 'protocol-error';
      this.options.logger.debug(`client ${client.clientId} closed for a protocol error: ${protocolError}`);
    }
    // A client closed for want of a worker never reached one: there is nobody to tell.
    if (client.closeReason === 'no-worker') return;
    this.deliver(client, {
      type: 'CLIENT_EVENT_TYPE_CLOSE',
      connection_id: client.connectionId,
      close_reason: client.closeReason ? CLOSE_REASONS[client.closeReason] : 'CLOSE_REASON_CLIENT',
    });
  }
}

const EVENT_NAMES = {
  CLIENT_EVENT_TYPE_CONNECT: 'connect',
  CLIENT_EVENT_TYPE_MESSAGE: 'message',
  CLIENT_EVENT_TYPE_CLOSE: 'close',
  CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT: 'websocket-connect',
} as const;
