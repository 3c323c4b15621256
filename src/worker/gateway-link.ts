import * as grpc from '@grpc/grpc-js';
import { GatewayWorkerError } from '../errors';
import { describeError, type Logger } from '../logger';
import { streamCounters } from '../metrics/role-counters';
import { BatchedWriter } from '../rpc/batched-writer';
import { loadProtos } from '../rpc/load';
import type { MeshCredentials } from '../rpc/mesh-credentials';
import { Backoff } from '../util/backoff';
import type { ClientEvent__Output } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { Command } from '../rpc/generated/gatewayworker/v1/Command';
import type { ConnectRequest } from '../rpc/generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse__Output } from '../rpc/generated/gatewayworker/v1/ConnectResponse';
import type { GatewayClient } from '../rpc/generated/gatewayworker/v1/Gateway';
import type { GatewayWelcome__Output } from '../rpc/generated/gatewayworker/v1/GatewayWelcome';
import type { Reply__Output } from '../rpc/generated/gatewayworker/v1/Reply';
import type { WorkerHello } from '../rpc/generated/gatewayworker/v1/WorkerHello';
import type { LostGatewayInfo } from './events';

export interface GatewayLinkOptions {
  /** The Gateway's routing address (as in its client ids): the link's key. */
  address: string;
  /** "host:port" to dial when it differs from `address` (GatewayInfo.dial_address). */
  dialAddress?: string;
  /** The instance the Register lists at this address, if known (stamps queued commands). */
  listedInstanceId?: string;
  hello: WorkerHello;
  queryTimeoutMs: number;
  logger: Logger;
  /** Secret and TLS for the stream. */
  credentials: MeshCredentials;
  /** Events arrived on stream `generation`. */
  onEvents(link: GatewayLink, events: ClientEvent__Output[]): void;
  /** A stream was welcomed (connected or reconnected). */
  onUp(link: GatewayLink): void;
  /** The stream is gone; every client state of that stream is void. */
  onDown(link: GatewayLink): void;
  /** Asked after a stream ends: reconnect, or give the link up. */
  shouldReconnect(link: GatewayLink): boolean;
  /** A Gateway instance this link had been welcomed by is gone for good: the link was given up
   * (its Gateway left the list and the stream is dead), or a new instance welcomed it. */
  onLost?(link: GatewayLink, lost: LostGateway): void;
  /** Counted here, for `status` (shared by every link of a worker). */
  counts?: CommandCounts;
}

/** Commands a worker's links took to send, and those dropped because a Gateway stayed unreachable. */
export interface CommandCounts {
  sent: number;
  dropped: number;
}

/** A Gateway process run a link lost for good (BusinessWorker's onGatewayLost). */
export type LostGateway = LostGatewayInfo;

/** A command waiting for a stream, stamped with the Gateway instance it was meant for. */
interface Queued {
  command: Command;
  instanceId?: string;
}

type Outbound = Command | typeof DRAIN;
const DRAIN = Object.freeze({ drain: true as const });
/** Statuses by which a Gateway turns a stream down (as opposed to being unreachable). */
const REFUSALS = new Set([
  grpc.status.FAILED_PRECONDITION,
  grpc.status.INVALID_ARGUMENT,
  grpc.status.UNAUTHENTICATED,
  grpc.status.PERMISSION_DENIED,
]);
const MAX_PENDING_COMMANDS = 100_000;
/** Events received but not finished by the handlers before the stream stops being read. */
const MAX_OUTSTANDING_EVENTS = 10_000;

interface PendingQuery {
  resolve(reply: Reply__Output): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A worker's stream to one Gateway: hello/welcome, batched commands with backpressure, queries
 * matched to replies by request_id with a deadline, receive-side flow control, and reconnect with
 * backoff for as long as the Gateway is listed.
 */
export class GatewayLink {
  readonly address: string;
  state: 'connecting' | 'ready' | 'closed' = 'connecting';
  /** Increases with every stream; client state is per stream. */
  generation = 0;
  private readonly client: GatewayClient;
  private readonly backoff = new Backoff(100, 2000);
  private call?: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output>;
  private writer?: BatchedWriter<Outbound, ConnectRequest>;
  private pending: Queued[] = [];
  private readonly queries = new Map<number, PendingQuery>();
  private readyWaiters: Array<() => void> = [];
  private drainedWaiter?: () => void;
  private nextRequestId = 1;
  private outstanding = 0;
  private paused = false;
  private retryTimer?: NodeJS.Timeout;
  private lastInstanceId?: string;
  private lastName = '';
  private listedInstanceId?: string;
  private lastRefusal?: string;
  /** A stream was opened and is not welcomed or ended yet. */
  private attempting = false;
  /** The worker stops: a stream opened now says hello as API-only, so the Gateway routes it no event. */
  private leaving = false;

  constructor(private readonly options: GatewayLinkOptions) {
    this.address = options.address;
    this.listedInstanceId = options.listedInstanceId;
    const { proto } = loadProtos();
    this.client = new proto.gatewayworker.v1.Gateway(
      options.dialAddress || options.address,
      options.credentials.channelCredentials(),
      options.credentials.clientOptions(`gateway ${options.address}`),
    );
  }

  start(): void {
    this.open();
  }

  /** Queues a command; commands given while (re)connecting go out once connected. */
  send(command: Command): void {
    if (this.state === 'closed') return;
    const counts = this.options.counts;
    if (this.state === 'ready' && this.writer) {
      this.writer.push(command);
      if (counts) counts.sent += 1;
    } else if (this.pending.length < MAX_PENDING_COMMANDS) {
      this.pending.push({ command, instanceId: this.lastInstanceId ?? this.listedInstanceId });
      if (counts) counts.sent += 1;
    } else {
      if (counts) counts.dropped += 1;
      this.options.logger.warn(
        `gateway ${this.address} unreachable and ${MAX_PENDING_COMMANDS} commands queued: dropping`,
      );
    }
  }

  /** Sends a query and resolves with its reply; rejects after queryTimeoutMs or when the stream drops. */
  query(command: Command): Promise<Reply__Output> {
    if (this.state === 'closed') {
      return Promise.reject(
        new GatewayWorkerError('GW_ERR_GATEWAY_UNAVAILABLE', `gateway ${this.address} is not connected`),
      );
    }
    const requestId = this.nextRequestId++;
    if (this.nextRequestId > 0x7fffffff) this.nextRequestId = 1;
    return new Promise<Reply__Output>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.queries.delete(requestId);
        const why = this.state === 'ready' ? 'did not answer' : 'is not connected and did not connect';
        reject(
          new GatewayWorkerError(
            this.state === 'ready' ? 'GW_ERR_GATEWAY_TIMEOUT' : 'GW_ERR_GATEWAY_UNAVAILABLE',
            `gateway ${this.address} ${why} within ${this.options.queryTimeoutMs} ms`,
          ),
        );
      }, this.options.queryTimeoutMs);
      this.queries.set(requestId, { resolve, reject, timer });
      this.send({ ...command, request_id: requestId });
    });
  }

  /** Resolves when the outbound queue is below its limit (callers await it to slow down); nothing if it is. */
  whenWritable(): void | Promise<void> {
    if (this.writer?.isCongested) return this.writer.whenFlushed();
  }

  /** An event handed to onEvents has finished (flow control). */
  eventDone(): void {
    this.outstanding -= 1;
    if (this.paused && this.outstanding < MAX_OUTSTANDING_EVENTS / 2) {
      this.paused = false;
      this.call?.resume();
    }
  }

  /**
   * Asks the Gateway to route nothing more here and waits for its `drained` answer (or the
   * timeout, or the stream's end). Events received before it are still delivered.
   */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.leaving = true;
    // A stream being re-established: commands queued for it would be dropped by finish(), and an
    // attempt already under way said a hello that takes events. Its next attempt (no more after a
    // failed one: the worker stops) gets the grace; then it drains like any stream.
    if (this.state === 'connecting' && (this.pending.length > 0 || this.attempting))
      await this.whenReady(timeoutMs);
    if (this.state !== 'ready' || !this.writer) return;
    const drained = new Promise<void>((resolve) => {
      this.drainedWaiter = resolve;
      setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
    });
    this.writer.push(DRAIN);
    await drained;
  }

  /** Writes every queued command, then ends the stream; the link is given up. */
  async finish(timeoutMs: number): Promise<void> {
    const call = this.call;
    const writer = this.writer;
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    if (call && writer) {
      const confirmed = new Promise<boolean>((resolve) => {
        call.on('status', () => resolve(true));
        setTimeout(() => resolve(false), timeoutMs).unref();
      });
      writer.end();
      if (!(await confirmed))
        this.options.logger.warn(
          `gateway ${this.address} did not confirm the end of the stream within ${timeoutMs} ms: ` +
            'cancelling it (its last commands may be lost)',
        );
    }
    this.close();
  }

  /** The Register lists this instance at the link's address now. */
  setListedInstance(instanceId: string | undefined): void {
    if (instanceId) this.listedInstanceId = instanceId;
  }

  /** Gives the link up for good because its Gateway is gone: reports the lost instance, then closes. */
  giveUp(): void {
    if (this.state === 'closed') return;
    this.close();
    this.reportLost();
  }

  /** Gives the link up at once. */
  close(): void {
    if (this.pending.length > 0) {
      this.options.logger.warn(
        `gateway ${this.address} given up before its stream came back: ${this.pending.length} queued command(s) dropped`,
      );
      this.pending = [];
    }
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    this.writer?.close();
    this.call?.cancel();
    this.failQueries(`gateway ${this.address} link closed`);
    this.client.close();
  }

  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.state === 'ready') return Promise.resolve(true);
    if (this.state === 'closed') return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.state === 'ready');
      });
    });
  }

  private open(): void {
    if (this.state === 'closed') return;
    const call = this.client.Connect();
    this.call = call;
    this.generation += 1;
    const generation = this.generation;
    let welcomed = false;
    this.attempting = true;
    call.write({ hello: this.leaving ? { ...this.options.hello, api_only: true } : this.options.hello });

    call.on('data', (frame: ConnectResponse__Output) => {
      if (!welcomed) {
        if (!frame.welcome) {
          this.options.logger.warn(
            `gateway ${this.address} broke the protocol: first message without welcome`,
          );
          call.cancel();
          return;
        }
        welcomed = true;
        this.attempting = false;
        this.onWelcome(call, frame.welcome);
      }
      if (frame.events && frame.events.length > 0) {
        this.outstanding += frame.events.length;
        if (!this.paused && this.outstanding >= MAX_OUTSTANDING_EVENTS) {
          this.paused = true;
          streamCounters.workerReadPauses += 1;
          call.pause();
        }
        this.options.onEvents(this, frame.events);
      }
      for (const reply of frame.replies ?? []) this.onReply(reply);
      if (frame.drained) this.drainedWaiter?.();
    });

    let ended = false;
    const onEnd = (why: string): void => {
      if (ended) return;
      ended = true;
      this.onStreamEnd(generation, welcomed, why);
    };
    call.on('error', (err) => onEnd(describeError(err).split('\n')[0] ?? 'stream error'));
    call.on('status', (status: grpc.StatusObject) => {
      if (!welcomed) this.reportRefusal(status);
      onEnd(`status ${status.code} ${status.details}`);
    });
    call.on('end', () => onEnd('stream ended'));
  }

  private onWelcome(
    call: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output>,
    welcome: GatewayWelcome__Output,
  ): void {
    this.backoff.reset();
    this.outstanding = 0;
    this.paused = false;
    this.writer = new BatchedWriter<Outbound, ConnectRequest>(call, {
      buildFrame: (items) => {
        const frame: ConnectRequest = {};
        for (const item of items) {
          if (item === DRAIN) frame.drain = true;
          else (frame.commands ??= []).push(item as Command);
        }
        return frame;
      },
      sizeOf: (item) => (item === DRAIN ? 2 : commandSize(item as Command)),
      batchSizes: streamCounters.workerToGatewayBatches,
    });
    // Commands queued for a previous run of this Gateway must not reach the clients that reuse its ids.
    const { keep, dropped, failedQueries } = sortQueued(this.pending, welcome.instance_id ?? '');
    if (dropped > 0 || failedQueries.length > 0) {
      this.options.logger.warn(
        `gateway ${this.address} restarted: ${dropped} queued command(s) dropped, ` +
          `${failedQueries.length} queued query(ies) failed`,
      );
    }
    for (const requestId of failedQueries) {
      this.failQuery(requestId, `gateway ${this.address} restarted before the query was sent (new instance)`);
    }
    if (this.lastInstanceId !== undefined && this.lastInstanceId !== welcome.instance_id) this.reportLost();
    this.lastInstanceId = welcome.instance_id;
    this.lastName = welcome.name ?? '';
    this.lastRefusal = undefined;
    this.state = 'ready';
    this.pending = [];
    for (const command of keep) this.writer.push(unnumbered(command));
    this.options.onUp(this);
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake();
  }

  /** A Gateway that refuses the stream (not one that is merely down) says why, once per reason. */
  private reportRefusal(status: grpc.StatusObject): void {
    if (!REFUSALS.has(status.code) || status.details === this.lastRefusal) return;
    this.lastRefusal = status.details;
    this.options.logger.warn(`gateway ${this.address} refused this worker's stream: ${status.details}`);
  }

  private onReply(reply: Reply__Output): void {
    const query = this.queries.get(reply.request_id ?? 0);
    if (!query) return;
    this.queries.delete(reply.request_id ?? 0);
    clearTimeout(query.timer);
    if (reply.error_code) {
      const code =
        reply.error_code === 'GW_ERR_INVALID_ARGUMENT' ? 'GW_ERR_INVALID_ARGUMENT' : 'GW_ERR_QUERY_FAILED';
      query.reject(
        new GatewayWorkerError(code, `gateway ${this.address}: ${reply.error_message ?? reply.error_code}`),
      );
    } else {
      query.resolve(reply);
    }
  }

  private onStreamEnd(generation: number, welcomed: boolean, why: string): void {
    if (generation !== this.generation) return;
    this.attempting = false;
    this.writer?.close();
    this.writer = undefined;
    this.drainedWaiter?.();
    if (welcomed) {
      this.failQueries(`gateway ${this.address} stream ended (${why})`);
      this.options.onDown(this);
    } else {
      // A failed attempt sent nothing: queued queries wait for a later stream (or their deadline).
      for (const wake of this.readyWaiters.splice(0)) wake();
    }
    if (this.state === 'closed') return;
    this.state = 'connecting';
    if (!this.options.shouldReconnect(this)) {
      this.giveUp();
      return;
    }
    if (welcomed) this.options.logger.warn(`gateway ${this.address} stream lost (${why}); reconnecting`);
    this.retryTimer = setTimeout(() => this.open(), this.backoff.nextDelayMs());
    this.retryTimer.unref();
  }

  /** Tells onLost about the instance this link was last welcomed by (once per instance). */
  private reportLost(): void {
    const instanceId = this.lastInstanceId;
    if (instanceId === undefined) return;
    this.lastInstanceId = undefined;
    this.options.onLost?.(this, { address: this.address, name: this.lastName, instanceId });
  }

  private failQuery(requestId: number, message: string): void {
    const query = this.queries.get(requestId);
    if (!query) return;
    this.queries.delete(requestId);
    clearTimeout(query.timer);
    query.reject(new GatewayWorkerError('GW_ERR_GATEWAY_UNAVAILABLE', message));
  }

  private failQueries(message: string): void {
    for (const [id, query] of this.queries) {
      clearTimeout(query.timer);
      query.reject(new GatewayWorkerError('GW_ERR_GATEWAY_UNAVAILABLE', message));
      this.queries.delete(id);
    }
    for (const wake of this.readyWaiters.splice(0)) wake();
  }
}

/**
 * What of the commands queued while no stream was up may go to the instance that welcomed the new
 * stream: everything stamped for it (or unstamped). Of those meant for another instance, queries
 * fail and commands that name connection ids are dropped (the ids may belong to new clients now);
 * uid, group and broadcast commands still go.
 */
export function sortQueued(
  queued: ReadonlyArray<{ command: Command; instanceId?: string }>,
  welcomedInstanceId: string,
): { keep: Command[]; dropped: number; failedQueries: number[] } {
  const keep: Command[] = [];
  const failedQueries: number[] = [];
  let dropped = 0;
  for (const { command, instanceId } of queued) {
    if (instanceId === undefined || instanceId === welcomedInstanceId) keep.push(command);
    else if ((command.request_id ?? 0) > 0) failedQueries.push(command.request_id ?? 0);
    else if (namesConnection(command)) dropped += 1;
    else keep.push(command);
  }
  return { keep, dropped, failedQueries };
}

/** True if a command targets or excludes particular connection ids. */
function namesConnection(command: Command): boolean {
  for (const part of Object.values(command)) {
    if (typeof part !== 'object' || part === null) continue;
    const fields = part as Record<string, unknown>;
    if (fields.connection_id !== undefined) return true;
    for (const key of ['connection_ids', 'exclude_connection_ids']) {
      const ids = fields[key];
      if (Array.isArray(ids) && ids.length > 0) return true;
    }
  }
  return false;
}

/**
 * A command queued while no stream was up goes out on a new one. A session change numbered on the
 * old stream is sent with seq 0: numbers count per stream, and the same Gateway instance takes it
 * as anyone's change (proto/README.md, "Session replication").
 */
export function unnumbered(command: Command): Command {
  return command.session?.seq ? { ...command, session: { ...command.session, seq: 0 } } : command;
}

/**
 * Bytes a command adds to a stream message, closely enough for the per-batch byte cap and for
 * backpressure: every payload, name and id it carries, whatever its kind.
 */
export function commandSize(command: Command): number {
  // for..in, not Object.values: this runs once per command and should allocate nothing.
  let size = 16;
  for (const kind in command) {
    const part = (command as Record<string, unknown>)[kind];
    if (typeof part !== 'object' || part === null) continue;
    for (const name in part) size += fieldSize((part as Record<string, unknown>)[name]);
  }
  return size;
}

function fieldSize(field: unknown): number {
  if (field instanceof Uint8Array) return field.length + 4;
  if (typeof field === 'string') return Buffer.byteLength(field) + 2;
  if (!Array.isArray(field)) return 6;
  let size = 0;
  for (const item of field as unknown[]) size += fieldSize(item);
  return size;
}
