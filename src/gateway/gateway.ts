import cluster from 'node:cluster';
import { randomInt, randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { EventEmitter } from 'node:events';
import type * as http from 'node:http';
import type * as net from 'node:net';
import { isIPv4 } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { GatewayWorkerError } from '../errors';
import { RegisterAnnouncer } from '../rpc/register-client';
import { findFreePort } from '../util/free-port';
import { addIntrospection, type Introspection } from '../rpc/introspection';
import { loadProtos } from '../rpc/load';
import { MeshCredentials } from '../rpc/mesh-credentials';
import { bindServer, shutdownServer } from '../rpc/status';
import type { GatewayHandlers } from '../rpc/generated/gatewayworker/v1/Gateway';
import { connectionCap, openFileLimit, RESERVED_FILES } from './open-file-limit';
import { Admission } from './admission';
import { ClientHub, type Timers } from './client-hub';
import type { ConnectionIndex } from './connection-index';
import type { ClientListener } from './listeners/client-socket';
import { createClientServer, type ClientServer } from './listeners/tls-server';
import { listenTcp } from './listeners/tcp';
import { listenWebSocket } from './listeners/websocket';
import {
  resolveGatewayOptions,
  type GatewayOptions,
  type ResolvedGatewayOptions,
  type ResolvedListen,
} from './options';
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
  /** One per `listen` address, in the same order. */
  private clientListeners: ClientListener[] = [];
  private reloadClientCertificates?: () => Promise<void>;
  /** With TLS, SIGHUP reloads the certificates (removed again by stop()). */
  private readonly onSighup = (): void => {
    this.reloadCertificates().catch(() => undefined); // (logged by reloadCertificates)
  };
  private announcers: RegisterAnnouncer[] = [];
  private lanAddress?: string;
  /** What workers dial when lanHost is a hostname; '' when they dial lanAddress. */
  private dialAddress = '';
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private introspection?: Introspection;
  /** Secret check and TLS of the inner port and of the link to the Register. */
  private readonly credentials: MeshCredentials;

  constructor(private readonly input: GatewayOptions = {}) {
    super();
    this.options = resolveGatewayOptions(input);
    this.credentials = new MeshCredentials(this.options, this.options.logger);
  }

  /**
   * Connection counts and limits, shared by every listener of this process: maxConnections as the
   * open-file limit of the process that starts (not of one that only constructs) allows it.
   */
  private admissionLimits(): Admission {
    const cap = connectionCap(this.options.maxConnections, openFileLimit());
    this.reportConnectionCap(cap);
    return new Admission({ maxConnections: cap.cap, maxConnectionsPerIp: this.options.maxConnectionsPerIp });
  }

  /**
   * Says that maxConnections was lowered to what the open-file limit allows: a warning when the
   * user asked for more, an info line when only the default was above it.
   */
  private reportConnectionCap({ cap, lowered }: { cap: number; lowered: boolean }): void {
    if (!lowered) return;
    const { maxConnections, logger } = this.options;
    const line =
      `maxConnections ${maxConnections} is above what this process's open-file limit allows: ` +
      `capped at ${cap} (the limit minus ${RESERVED_FILES} for the mesh and logs), so that a full ` +
      `Gateway refuses new clients instead of failing with EMFILE; raise the limit (ulimit -n, ` +
      `systemd LimitNOFILE) to hold more`;
    if (this.input.maxConnections === undefined) logger.info(line);
    else logger.warn(line);
  }

  start(): Promise<void> {
    this.starting ??= this.startUp();
    return this.starting;
  }

  /** The announced inner address, "ipv4:port", encoded in client ids (after start()). Workers dial
   * it, or lanHost:port when lanHost is a hostname. */
  lanAddressOf(): string {
    if (!this.lanAddress) throw new Error('Gateway is not started');
    return this.lanAddress;
  }

  /** The first client-facing URL with the bound port, e.g. "ws://127.0.0.1:7272" (after start()). */
  address(): string {
    return this.addresses()[0] as string;
  }

  /** Every client-facing URL with its bound port, in `listen` order (after start()). */
  addresses(): string[] {
    if (this.clientListeners.length < this.options.listeners.length)
      throw new Error('Gateway is not started');
    return this.options.listeners.map((listen, i) => {
      const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
      const scheme = listen.url.slice(0, listen.url.indexOf('://'));
      return `${scheme}://${host}:${(this.clientListeners[i] as ClientListener).port}`;
    });
  }

  /** The routing core (after start()), whose counters the metrics read. */
  get clientHub(): ClientHub | undefined {
    return this.hub;
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

  /**
   * Reads the `tls` certificate and key files again: new clients get the new certificate, connected
   * clients keep their connection. On bad files the old certificate stays and this rejects (and
   * logs) with GW_ERR_INVALID_OPTION naming the file. Nothing to do without `tls`.
   */
  async reloadCertificates(): Promise<void> {
    if (!this.options.tls || !this.reloadClientCertificates) return;
    try {
      await this.reloadClientCertificates();
      this.options.logger.info(`${this.options.name}: certificates reloaded from ${this.options.tls.cert}`);
    } catch (err) {
      this.options.logger.error(
        `${this.options.name}: certificate reload failed, the old certificate stays: ${(err as Error).message}`,
      );
      throw err;
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async startUp(): Promise<void> {
    const { options } = this;
    const admission = this.admissionLimits();
    // Certificate files first: a bad path fails start() before anything is bound.
    const clientServers = await Promise.all(
      options.listeners.map((listen) =>
        createClientServer(listen.protocol ? 'tcp' : 'http', listen.tls ? options.tls : undefined),
      ),
    );
    const routingIp = await resolveLanHost(options.lanHost);
    const { proto } = loadProtos();
    const server = new grpc.Server(this.credentials.serverOptions(options.introspection));
    this.server = server;
    const bindHost = options.innerBind?.host ?? options.lanHost;
    const boundPort = await bindServer(
      server,
      `${bracketed(bindHost)}:${await this.innerPort()}`,
      this.credentials.serverCredentials(),
    );
    // Announced: lanHost and lanPort (or the port bound); client ids encode lanHost's IPv4.
    const lanPort = options.lanPort > 0 ? options.lanPort + options.index : boundPort;
    this.lanAddress = `${routingIp}:${lanPort}`;
    this.dialAddress = isIPv4(options.lanHost) ? '' : `${options.lanHost}:${lanPort}`;

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
      firstConnectionIdAfter: randomInt(0, 2 ** 32 - 1),
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

    const clientListeners = options.listeners.map((listen, i) =>
      this.listenFor(listen, i, hub, admission, clientServers[i] as ClientServer<net.Server>),
    );
    for (const listener of clientListeners) this.clientListeners.push(await listener);
    clientPort = (this.clientListeners[0] as ClientListener).port;
    this.reloadClientCertificates = async () => {
      await Promise.all(clientServers.map((clientServer) => clientServer.reloadCertificates()));
    };
    if (options.tls) process.on('SIGHUP', this.onSighup);

    const info = {
      address: this.lanAddress,
      name: options.name,
      instance_id: this.instanceId,
      client_listen: this.address(),
      started_at_unix_ms: String(this.startedAtMs),
      dial_address: this.dialAddress,
    };
    this.announcers = options.register.map(
      (register) => new RegisterAnnouncer(register, info, options.logger, this.credentials),
    );
    for (const announcer of this.announcers) announcer.start();
    options.logger.info(
      `${options.name} listening on ${this.addresses().join(', ')}, workers connect to ${this.dialAddress || this.lanAddress}`,
    );
    this.emit('listening', this.address());
  }

  /** Serves one `listen` address on its server: WebSocket, or TCP with its protocol (TLS or not). */
  private listenFor(
    listen: ResolvedListen,
    listenerIndex: number,
    hub: ClientHub,
    admission: Admission,
    clientServer: ClientServer<net.Server>,
  ): Promise<ClientListener> {
    const { options } = this;
    const common = {
      host: listen.host,
      port: listen.port,
      listenerIndex,
      maxMessageBytes: options.maxMessageBytes,
      sendBufferBytes: options.sendBufferBytes,
      accept: hub.accept,
      admission,
      logger: options.logger,
    };
    if (!listen.protocol) {
      return listenWebSocket({
        ...common,
        server: clientServer.server as http.Server,
        pingIntervalMs: options.wsPingIntervalMs,
        pingMaxMissed: options.wsPingMaxMissed,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        path: options.wsPath,
        allowedOrigins: options.wsAllowedOrigins,
      });
    }
    return listenTcp({
      ...common,
      protocol: listen.protocol,
      createServer: (onSocket) => {
        clientServer.server.on(clientServer.connectionEvent, (socket: net.Socket) => {
          socket.setNoDelay(true);
          onSocket(socket);
        });
        return clientServer.server;
      },
    });
  }

  /** The inner port to bind: lanPort + index when pinned; a port of its own under the cluster module. */
  private async innerPort(): Promise<number> {
    const { lanPort, index, lanHost, innerBind } = this.options;
    const pinned = innerBind ? innerBind.port : lanPort;
    if (pinned > 0) return pinned + index;
    return cluster.isWorker ? findFreePort(innerBind?.host ?? lanHost) : 0;
  }

  /** The same Gateway for process `index` of its group (used by the supervisor). */
  forProcess(index: number): Gateway {
    return new Gateway({ ...this.input, index });
  }

  /**
   * The clients, with their id, address, uid and groups (for `connections`); only those bound to
   * `uid` and in `group` when given, found through the indexes (no walk over every client).
   */
  connections(filter: { uid?: string; group?: string } = {}): Array<{
    clientId: string;
    remoteAddress: string;
    remotePort: number;
    uid: string | null;
    groups: string[];
  }> {
    const hub = this.hub;
    if (!hub) return [];
    const ids = matchingClients(hub.index, filter);
    const clients = ids ? [...ids].flatMap((id) => hub.clients.get(id) ?? []) : [...hub.clients.values()];
    return clients.map((client) => ({
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
    process.off('SIGHUP', this.onSighup);
    for (const announcer of this.announcers) announcer.stop();
    // Stop accepting now; the listener finishes closing once its client sockets are gone.
    const listenerClosed = Promise.all(this.clientListeners.map((listener) => listener.close()));
    if (hub) {
      hub.stopHeartbeat();
      // Workers still get onClose for every client.
      for (const client of [...hub.clients.values()])
        hub.closeClient(client, 'gateway-shutdown', 'gateway shutting down');
      await Promise.race([hub.whenEmpty(), delay(this.options.stopGraceMs)]);
      for (const client of [...hub.clients.values()]) client.socket.destroy();
      for (const socket of hub.closingSockets()) socket.destroy();
    }
    await listenerClosed;
    if (service) {
      for (const link of service.links) link.end();
    }
    if (server) await shutdownServer(server, this.options.stopGraceMs);
    this.emit('close');
  }
}

/** An IPv6 host goes in brackets in "host:port". */
function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** lanHost as the IPv4 address encoded in client ids: itself, or what its name resolves to now. */
async function resolveLanHost(lanHost: string): Promise<string> {
  if (isIPv4(lanHost)) return lanHost;
  try {
    return (await lookup(lanHost, { family: 4 })).address;
  } catch (err) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`lanHost\` ${JSON.stringify(lanHost)} does not resolve to an IPv4 address (client ids encode one)`,
      { cause: err },
    );
  }
}

/** The connection ids bound to `uid` and in `group` (whichever are given); undefined: every client. */
function matchingClients(
  index: ConnectionIndex,
  filter: { uid?: string; group?: string },
): Set<number> | undefined {
  const byUid = filter.uid === undefined ? undefined : index.clientsOfUids([filter.uid]);
  const byGroup = filter.group === undefined ? undefined : index.clientsOfGroups([filter.group]);
  if (byUid && byGroup) return new Set([...byUid].filter((id) => byGroup.has(id)));
  return byUid ?? byGroup;
}
