import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { ClusterService, CLUSTER_SERVICE } from '../api/cluster-service';
import { HttpApi } from '../api/http-api';
import { splitGatewayAddress } from '../client-id';
import { describeError } from '../logger';
import { addIntrospection, type Introspection } from '../rpc/introspection';
import { loadProtos } from '../rpc/load';
import { SeenOnce } from '../util/seen-once';
import { MeshCredentials } from '../rpc/mesh-credentials';
import { bindServer, endCallWithError, shutdownServer } from '../rpc/status';
import type { AnnounceRequest__Output } from '../rpc/generated/gatewayworker/v1/AnnounceRequest';
import type { AnnounceResponse } from '../rpc/generated/gatewayworker/v1/AnnounceResponse';
import type { GatewayInfo__Output } from '../rpc/generated/gatewayworker/v1/GatewayInfo';
import type { RegisterHandlers } from '../rpc/generated/gatewayworker/v1/Register';
import type { WatchGatewaysRequest__Output } from '../rpc/generated/gatewayworker/v1/WatchGatewaysRequest';
import type { WatchGatewaysResponse } from '../rpc/generated/gatewayworker/v1/WatchGatewaysResponse';
import { GatewayTable } from './gateway-table';
import { resolveRegisterOptions, type RegisterOptions, type ResolvedRegisterOptions } from './options';

type AnnounceCall = grpc.ServerDuplexStream<AnnounceRequest__Output, AnnounceResponse>;
type WatchCall = grpc.ServerWritableStream<WatchGatewaysRequest__Output, WatchGatewaysResponse>;

export interface RoleEvents {
  listening: [address: string];
  close: [];
}

/**
 * The Register: a gRPC directory of live Gateways. Gateways announce themselves over a stream that
 * lasts as long as they serve; workers and API clients watch the list. Nothing is kept on disk.
 */
export class Register extends EventEmitter<RoleEvents> {
  /** Which role this is (the supervisor tells roles apart by it, not by class identity). */
  readonly kind = 'register' as const;
  readonly options: ResolvedRegisterOptions;
  readonly instanceId = randomUUID();
  private readonly table = new GatewayTable();
  private readonly announceCalls = new Map<number, AnnounceCall>();
  private readonly watchers = new Map<WatchCall, { waitingForDrain: boolean; stale: boolean }>();
  private nextStreamId = 1;
  private server?: grpc.Server;
  private boundAddress?: string;
  private stopping?: Promise<void>;
  private introspection?: Introspection;
  /** The API for the whole cluster (gatewayworker.v1.Cluster). */
  private readonly cluster: ClusterService;
  /** Refused announcements already logged. */
  private readonly refusalsLogged = new SeenOnce(1000);
  /** Secret check and TLS of the gRPC port. */
  private readonly credentials: MeshCredentials;
  /** The HTTP/JSON push API over the Cluster service's client (when `httpApi` is set). */
  private httpApi?: HttpApi;

  constructor(private readonly input: RegisterOptions = {}) {
    super();
    this.options = resolveRegisterOptions(input);
    this.credentials = new MeshCredentials(this.options, this.options.logger);
    this.cluster = new ClusterService(() => this.address(), this.options.logger, this.options);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const { proto } = loadProtos();
    const server = new grpc.Server(this.credentials.serverOptions(this.options.introspection));
    const handlers: RegisterHandlers = {
      Announce: (call) => this.handleAnnounce(call),
      WatchGateways: (call) => this.handleWatch(call),
      ListGateways: (_call, callback) => callback(null, this.snapshotMessage()),
    };
    server.addService(proto.gatewayworker.v1.Register.service, handlers);
    this.cluster.addTo(server);
    this.introspection = addIntrospection(server, ['gatewayworker.v1.Register', CLUSTER_SERVICE]);
    this.server = server;
    const port = await bindServer(server, this.options.listen, this.credentials.serverCredentials());
    const host = this.options.listen.slice(0, this.options.listen.lastIndexOf(':'));
    this.boundAddress = `${host}:${port}`;
    this.options.logger.info(`${this.options.name} listening on ${this.boundAddress}`);
    if (this.options.httpApi) await this.startHttpApi(this.options.httpApi);
    this.emit('listening', this.boundAddress);
  }

  /** The bound "host:port" (after start()). */
  address(): string {
    if (!this.boundAddress) throw new Error('Register is not started');
    return this.boundAddress;
  }

  /** The HTTP API's bound "host:port" (after start(), when `httpApi` is set). */
  httpApiAddress(): string | undefined {
    return this.httpApi?.address();
  }

  /** HTTP API requests answered, by operation and HTTP status (empty without `httpApi`). */
  httpApiRequests(): ReadonlyMap<string, ReadonlyMap<number, number>> {
    return this.httpApi?.answered ?? new Map();
  }

  private async startHttpApi(options: NonNullable<ResolvedRegisterOptions['httpApi']>): Promise<void> {
    const { secretKey, logger, name } = this.options;
    try {
      this.httpApi = new HttpApi({ options, secretKey, logger, name, api: () => this.cluster.api() });
      await this.httpApi.start();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** The Register runs as one process (its list lives in memory): the supervisor gets this same one. */
  forProcess(): Register {
    return new Register(this.input);
  }

  /** The Gateways listed now: name and address (status page, metrics). */
  listedGateways(): Array<{ name: string; address: string }> {
    return this.table.snapshot().gateways.map((g) => ({ name: g.name ?? '', address: g.address ?? '' }));
  }

  /** Number of Gateways currently listed. */
  get gatewayCount(): number {
    return this.table.snapshot().gateways.length;
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.introspection?.setServing(false);
    await this.httpApi?.stop(this.options.stopGraceMs);
    await this.cluster.close();
    for (const call of this.watchers.keys()) call.end();
    for (const call of this.announceCalls.values()) call.end();
    await shutdownServer(server, this.options.stopGraceMs);
    this.watchers.clear();
    this.announceCalls.clear();
    this.emit('close');
  }

  private handleAnnounce(call: AnnounceCall): void {
    const streamId = this.nextStreamId++;
    this.announceCalls.set(streamId, call);
    const peer = call.getPeer();
    let listedAddress: string | undefined;
    const unlist = (): void => {
      if (!this.announceCalls.delete(streamId)) return;
      if (this.table.removeStream(streamId)) {
        this.options.logger.info(`gateway ${listedAddress} unlisted (stream from ${peer} ended)`);
        this.broadcast();
      }
    };
    call.on('data', (request: AnnounceRequest__Output) => {
      const info = request.gateway;
      const problem = announceProblem(info);
      if (problem !== undefined || !info) {
        this.options.logger.warn(`announce from ${peer} rejected: ${problem}`);
        endCallWithError(call, grpc.status.INVALID_ARGUMENT, problem ?? 'no gateway');
        return;
      }
      const outcome = this.table.announce(streamId, info);
      if (!outcome.listed) {
        const message = refusalMessage(info, outcome.holder);
        // The refused Gateway retries every second or so: one line per Gateway run, not per retry.
        if (this.refusalsLogged.note(`${info.address}/${info.instance_id}`))
          this.options.logger.warn(`announce from ${peer} refused: ${message}`);
        endCallWithError(call, grpc.status.ALREADY_EXISTS, message);
        return;
      }
      listedAddress = info.address;
      if (outcome.displacedStreamId !== undefined) {
        // The same Gateway instance reconnected while its old stream still looked alive here.
        const displaced = this.announceCalls.get(outcome.displacedStreamId);
        this.announceCalls.delete(outcome.displacedStreamId);
        if (displaced) {
          endCallWithError(
            displaced,
            grpc.status.ALREADY_EXISTS,
            `replaced by a newer stream of the same gateway instance at ${listedAddress}`,
          );
        }
      }
      if (outcome.changed) {
        this.options.logger.info(`gateway ${listedAddress} (${info.name}) listed`);
        this.broadcast();
      }
      const answer = {
        register_instance_id: this.instanceId,
        version: String(this.table.snapshot().version),
      };
      // A peer that does not read its answers gets no more announcements read (memory stays bounded).
      if (!call.write(answer)) {
        call.pause();
        call.once('drain', () => call.resume());
      }
    });
    call.on('end', () => {
      unlist();
      call.end();
    });
    call.on('cancelled', unlist);
    call.on('error', (err) => {
      this.options.logger.debug(`announce stream from ${peer} failed: ${describeError(err)}`);
      unlist();
    });
    call.on('close', unlist);
  }

  private handleWatch(call: WatchCall): void {
    const state = { waitingForDrain: false, stale: false };
    this.watchers.set(call, state);
    const forget = (): void => {
      this.watchers.delete(call);
    };
    call.on('cancelled', forget);
    call.on('error', forget);
    call.on('close', forget);
    this.sendSnapshot(call);
  }

  private broadcast(): void {
    for (const call of this.watchers.keys()) this.sendSnapshot(call);
  }

  /** Writes the latest snapshot; a slow watcher gets only the newest one once it drains. */
  private sendSnapshot(call: WatchCall): void {
    const state = this.watchers.get(call);
    if (!state) return;
    if (state.waitingForDrain) {
      state.stale = true;
      return;
    }
    if (!call.write(this.snapshotMessage())) {
      state.waitingForDrain = true;
      call.once('drain', () => {
        state.waitingForDrain = false;
        if (state.stale) {
          state.stale = false;
          this.sendSnapshot(call);
        }
      });
    }
  }

  private snapshotMessage(): WatchGatewaysResponse {
    const { version, gateways } = this.table.snapshot();
    return { register_instance_id: this.instanceId, version: String(version), gateways };
  }
}

/**
 * Longest text field of an announcement: every watcher gets each listed Gateway's info in every
 * snapshot, so one huge field would be copied to all of them.
 */
const MAX_INFO_FIELD_CHARS = 4096;

/** Why an announcement cannot be listed, if it cannot (bad address, oversized field). */
function announceProblem(info: GatewayInfo__Output | null | undefined): string | undefined {
  if (!info) return 'the announcement has no gateway';
  for (const [field, value] of Object.entries(info)) {
    if (typeof value === 'string' && value.length > MAX_INFO_FIELD_CHARS)
      return `gateway ${field} has ${value.length} characters, over the limit of ${MAX_INFO_FIELD_CHARS}`;
  }
  try {
    splitGatewayAddress(info.address ?? '');
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

/** Why a second Gateway may not take an address that another one holds (both sides log it). */
function refusalMessage(info: GatewayInfo__Output, holder: GatewayInfo__Output): string {
  return (
    `address ${info.address} is already announced by gateway ${holder.name || '?'} ` +
    `(instance ${holder.instance_id || '?'}); gateway ${info.name || '?'} (instance ` +
    `${info.instance_id || '?'}) must announce another address (lanHost/lanPort)`
  );
}
