import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { describeError, type Logger } from '../logger';
import { Backoff } from '../util/backoff';
import type { GatewayInfo, GatewayInfo__Output } from './generated/gatewayworker/v1/GatewayInfo';
import type { RegisterClient } from './generated/gatewayworker/v1/Register';
import type { WatchGatewaysResponse__Output } from './generated/gatewayworker/v1/WatchGatewaysResponse';
import { loadProtos } from './load';
import type { MeshCredentials } from './mesh-credentials';
import { RegisterLists, STALE_LIST_GRACE_MS } from './register-lists';

const RECONNECT_INITIAL_MS = 100;
const RECONNECT_MAX_MS = 1000;
/** Statuses by which a Register turns a stream down (as opposed to being unreachable). */
const REFUSALS = new Set([
  grpc.status.ALREADY_EXISTS,
  grpc.status.INVALID_ARGUMENT,
  grpc.status.UNAUTHENTICATED,
  grpc.status.PERMISSION_DENIED,
]);

function registerClient(address: string, credentials: MeshCredentials): RegisterClient {
  const { proto } = loadProtos();
  return new proto.gatewayworker.v1.Register(
    address,
    credentials.channelCredentials(),
    credentials.clientOptions(`register ${address}`),
  );
}

/** A loop that keeps one stream open to one Register, reopening it with backoff until stopped. */
abstract class RegisterStreamLoop {
  protected readonly client: RegisterClient;
  private readonly backoff = new Backoff(RECONNECT_INITIAL_MS, RECONNECT_MAX_MS);
  private call?: grpc.ClientReadableStream<unknown> | grpc.ClientDuplexStream<unknown, unknown>;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private failures = 0;
  /** The last reason the Register gave for turning this stream down (logged once per reason). */
  private lastRefusal?: string;

  constructor(
    protected readonly address: string,
    protected readonly logger: Logger,
    credentials: MeshCredentials,
  ) {
    this.client = registerClient(address, credentials);
  }

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.call?.cancel();
    this.client.close();
  }

  protected abstract openCall():
    grpc.ClientReadableStream<unknown> | grpc.ClientDuplexStream<unknown, unknown>;

  /** The stream broke (called once per broken stream, before the retry is scheduled). */
  protected lost(): void {}

  /** The Register answered: the stream works. */
  protected succeeded(): void {
    if (this.failures > 0) this.logger.info(`register ${this.address} reached again`);
    this.failures = 0;
    this.lastRefusal = undefined;
    this.backoff.reset();
  }

  /** A Register that answers but turns the stream down says why: an error, once per reason. */
  private reportRefusal(status: grpc.StatusObject): void {
    if (!REFUSALS.has(status.code) || status.details === this.lastRefusal) return;
    this.lastRefusal = status.details;
    this.logger.error(`register ${this.address} refused: ${status.details}; retrying with backoff`);
  }

  private open(): void {
    if (this.stopped) return;
    const call = this.openCall();
    this.call = call;
    let ended = false;
    const retry = (why: string, refused = false): void => {
      if (ended) return;
      ended = true;
      if (this.stopped) return;
      this.lost();
      this.failures += 1;
      // Log the first failure and then every 30th, not every retry.
      if (!refused && (this.failures === 1 || this.failures % 30 === 0))
        this.logger.warn(`register ${this.address}: ${why}; retrying`);
      this.retryTimer = setTimeout(() => this.open(), this.backoff.nextDelayMs());
      this.retryTimer.unref();
    };
    call.on('error', (err: grpc.ServiceError) =>
      retry(describeError(err).split('\n')[0] ?? 'stream failed', REFUSALS.has(err.code)),
    );
    call.on('end', () => retry('stream ended'));
    call.on('status', (status: grpc.StatusObject) => {
      if (status.code === grpc.status.OK) retry('stream ended');
      else this.reportRefusal(status);
    });
  }
}

/** Keeps a Gateway announced to one Register for as long as it runs. */
export class RegisterAnnouncer extends RegisterStreamLoop {
  constructor(
    address: string,
    private readonly info: GatewayInfo,
    logger: Logger,
    credentials: MeshCredentials,
  ) {
    super(address, logger, credentials);
  }

  protected openCall(): grpc.ClientDuplexStream<unknown, unknown> {
    const call = this.client.Announce();
    call.on('data', () => this.succeeded());
    call.write({ gateway: this.info });
    return call as grpc.ClientDuplexStream<unknown, unknown>;
  }
}

/** Follows WatchGateways on one Register; `onList` gets every snapshot. */
class RegisterWatch extends RegisterStreamLoop {
  constructor(
    address: string,
    private readonly watcherName: string,
    private readonly onList: (gateways: GatewayInfo__Output[]) => void,
    private readonly onLost: () => void,
    logger: Logger,
    credentials: MeshCredentials,
  ) {
    super(address, logger, credentials);
  }

  protected lost(): void {
    this.onLost();
  }

  protected openCall(): grpc.ClientReadableStream<unknown> {
    const call = this.client.WatchGateways({ watcher_name: this.watcherName });
    call.on('data', (snapshot: WatchGatewaysResponse__Output) => {
      this.succeeded();
      this.onList(snapshot.gateways ?? []);
    });
    return call as grpc.ClientReadableStream<unknown>;
  }
}

/**
 * The live Gateway list as seen through one or more Registers: the union of what they report,
 * merged by RegisterLists (a Register that is gone keeps its list until it answers again, or
 * only for STALE_LIST_GRACE_MS while another Register is live). Emits 'gateways' with the whole
 * list on every change.
 */
export class GatewayWatcher extends EventEmitter<{ gateways: [gateways: GatewayInfo__Output[]] }> {
  private readonly lists = new RegisterLists(STALE_LIST_GRACE_MS);
  private readonly watches: RegisterWatch[];
  private lastKey?: string;
  private expiryTimer?: NodeJS.Timeout;

  constructor(
    registers: readonly string[],
    watcherName: string,
    logger: Logger,
    credentials: MeshCredentials,
  ) {
    super();
    this.watches = registers.map(
      (address) =>
        new RegisterWatch(
          address,
          watcherName,
          (gateways) => {
            this.lists.update(address, gateways);
            this.recompute();
          },
          () => {
            this.lists.down(address, Date.now());
            this.recompute();
          },
          logger,
          credentials,
        ),
    );
  }

  /** True once any Register has sent a snapshot. */
  get hasList(): boolean {
    return this.lists.hasAnyList;
  }

  start(): void {
    for (const watch of this.watches) watch.start();
  }

  stop(): void {
    clearTimeout(this.expiryTimer);
    for (const watch of this.watches) watch.stop();
  }

  current(): GatewayInfo__Output[] {
    return this.lists.current(Date.now());
  }

  private recompute(): void {
    const now = Date.now();
    clearTimeout(this.expiryTimer);
    const expiry = this.lists.nextExpiryMs(now);
    if (expiry !== undefined) {
      this.expiryTimer = setTimeout(() => this.recompute(), expiry - now);
      this.expiryTimer.unref();
    }
    if (!this.lists.hasAnyList) return;
    const list = this.lists.current(now);
    const key = list
      .map((g) => `${g.address}/${g.instance_id}`)
      .sort()
      .join(',');
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit('gateways', list);
  }
}
