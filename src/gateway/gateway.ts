import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { RegisterAnnouncer } from '../rpc/register-client';
import { findFreePort } from '../util/free-port';
import { addIntrospection, type Introspection } from '../rpc/introspection';
import { loadProtos, SERVER_OPTIONS } from '../rpc/load';
import { bindServer, shutdownServer } from '../rpc/status';
import type { GatewayHandlers } from '../rpc/generated/gatewayworker/v1/Gateway';
import { Admission } from './admission';
import { ClientHub, type Timers } from './client-hub';
import type { ClientListener } from './listeners/client-socket';
import { listenWebSocket } from './listeners/websocket';
import { resolveGatewayOptions, type GatewayOptions, type ResolvedGatewayOptions } from './options';
import { createUnaryHandlers } from './unary-service';
import { PROTOCOL_VERSION } from '../rpc/protocol';
import { WorkerService } from './worker-service';

/** The routing core's timers: real ones that do not keep the process alive. */
const REAL_TIMERS: Timers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface GatewayEvents {
  listening: [address: string];
  close: [];
}

export interface GatewayStats {
  clients: number;
  workers: number;
  messagesIn: number;
  messagesOut: number;
  /** Messages not sent because the client's send buffer was over sendBufferBytes. */
  droppedMessages: number;
}

/**
 * A Gateway: holds end-client connections and forwards their events to BusinessWorkers over
 * gRPC streams; carries out the workers' commands. Clients stay connected while workers come and go.
 */
export class Gateway extends EventEmitter<GatewayEvents> {
  /** Which role this is (the supervisor tells roles apart by it, not by class identity). */
  readonly kind = 'gateway' as const;
  readonly options: ResolvedGatewayOptions;
  readonly instanceId = randomUUID();
  private readonly startedAtMs = Date.now();
  private hub?: ClientHub;
  private service?: WorkerService;
  private server?: grpc.Server;
  private listener?: ClientListener;
  private announcers: RegisterAnnouncer[] = [];
  private lanAddress?: string;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private introspection?: Introspection;
  /** Connection counts and limits, shared by every listener of this process. */
  private readonly admission: Admission;

  constructor(private readonly input: GatewayOptions = {}) {
    super();
    this.options = resolveGatewayOptions(input);
    this.admission = new Admission(this.options);
  }

  start(): Promise<void> {
    this.starting ??= this.startUp();
    return this.starting;
  }

  /** The inner gRPC address workers dial, "ipv4:port" (after start()). */
  lanAddressOf(): string {
    if (!this.lanAddress) throw new Error('Gateway is not started');
    return this.lanAddress;
  }

  /** The client-facing URL with the bound port, e.g. "ws://127.0.0.1:7272" (after start()). */
  address(): string {
    if (!this.listener) throw new Error('Gateway is not started');
    const host = this.options.listenHost.includes(':')
      ? `[${this.options.listenHost}]`
      : this.options.listenHost;
    return `ws://${host}:${this.listener.port}`;
  }

  stats(): GatewayStats {
    const hub = this.hub;
    return {
      clients: hub?.clients.size ?? 0,
      workers: hub?.workerCount ?? 0,
      messagesIn: hub?.messagesIn ?? 0,
      messagesOut: hub?.messagesOut ?? 0,
      droppedMessages: hub?.messagesDropped ?? 0,
    };
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async startUp(): Promise<void> {
    const { options } = this;
    const { proto } = loadProtos();
    const server = new grpc.Server(SERVER_OPTIONS);
    this.server = server;
    const lanPort = await bindServer(server, `${options.lanHost}:${await this.innerPort()}`);
    this.lanAddress = `${options.lanHost}:${lanPort}`;

    // The client port is known only after binding; the hub needs it for ClientInfo.
    let clientPort = options.listenPort;
    const hub = new ClientHub({
      address: this.lanAddress,
      get clientPort() {
        return clientPort;
      },
      router: options.router,
      workerWaitMs: options.workerWaitMs,
      logger: options.logger,
      timers: REAL_TIMERS,
      sendBufferPolicy: options.sendBufferPolicy,
      heartbeat: {
        intervalMs: options.pingIntervalMs,
        notResponseLimit: options.pingNotResponseLimit,
        pingData: options.pingData,
      },
    });
    this.hub = hub;
    const service = new WorkerService(
      hub,
      () => ({
        address: this.lanAddress,
        name: options.name,
        instance_id: this.instanceId,
        protocol_version: PROTOCOL_VERSION,
        client_port: clientPort,
      }),
      options.logger,
    );
    this.service = service;
    const handlers: GatewayHandlers = {
      Connect: service.handleConnect,
      ...createUnaryHandlers(hub, this.lanAddress),
    };
    server.addService(proto.gatewayworker.v1.Gateway.service, handlers);
    this.introspection = addIntrospection(server, ['gatewayworker.v1.Gateway']);

    this.listener = await listenWebSocket({
      host: options.listenHost,
      port: options.listenPort,
      maxMessageBytes: options.maxMessageBytes,
      sendBufferBytes: options.sendBufferBytes,
      pingIntervalMs: options.wsPingIntervalMs,
      pingMaxMissed: options.wsPingMaxMissed,
      admission: this.admission,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      path: options.wsPath,
      allowedOrigins: options.wsAllowedOrigins,
      accept: hub.accept,
      logger: options.logger,
    });
    clientPort = this.listener.port;

    const info = {
      address: this.lanAddress,
      name: options.name,
      instance_id: this.instanceId,
      client_listen: this.address(),
      started_at_unix_ms: String(this.startedAtMs),
    };
    this.announcers = options.register.map(
      (register) => new RegisterAnnouncer(register, info, options.logger),
    );
    for (const announcer of this.announcers) announcer.start();
    options.logger.info(
      `${options.name} listening on ${this.address()}, workers connect to ${this.lanAddress}`,
    );
    this.emit('listening', this.address());
  }

  /** The inner port to bind: lanPort + index when pinned; a port of its own under the cluster module. */
  private async innerPort(): Promise<number> {
    const { lanPort, index, lanHost } = this.options;
    if (lanPort > 0) return lanPort + index;
    return cluster.isWorker ? findFreePort(lanHost) : 0;
  }

  /** The same Gateway for process `index` of its group (used by the supervisor). */
  forProcess(index: number): Gateway {
    return new Gateway({ ...this.input, index });
  }

  /** Every client: id, address, uid and groups (for `connections`). */
  connections(): Array<{
    clientId: string;
    remoteAddress: string;
    remotePort: number;
    uid: string | null;
    groups: string[];
  }> {
    const hub = this.hub;
    if (!hub) return [];
    return [...hub.clients.values()].map((client) => ({
      clientId: client.clientId,
      remoteAddress: client.socket.remoteAddress,
      remotePort: client.socket.remotePort,
      uid: hub.index.uidOf(client.connectionId) ?? null,
      groups: hub.index.groupsOf(client.connectionId),
    }));
  }

  private async shutdown(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const { hub, service, server } = this;
    this.introspection?.setServing(false);
    for (const announcer of this.announcers) announcer.stop();
    // Stop accepting now; the listener finishes closing once its client sockets are gone.
    const listenerClosed = this.listener?.close();
    if (hub) {
      hub.stopHeartbeat();
      // Workers still get onClose for every client.
      for (const client of [...hub.clients.values()])
        hub.closeClient(client, 'gateway-shutdown', 'gateway shutting down');
      await Promise.race([hub.whenEmpty(), delay(this.options.stopGraceMs)]);
      for (const client of [...hub.clients.values()]) client.socket.destroy();
    }
    await listenerClosed;
    if (service) {
      for (const link of service.links) link.end();
    }
    if (server) await shutdownServer(server, this.options.stopGraceMs);
    this.emit('close');
  }
}
