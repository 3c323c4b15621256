import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { describeError, type Logger } from '../logger';
import { Backoff } from '../util/backoff';
import type { GatewayInfo, GatewayInfo__Output } from './generated/gatewayworker/v1/GatewayInfo';
import type { RegisterClient } from './generated/gatewayworker/v1/Register';
import type { WatchGatewaysResponse__Output } from './generated/gatewayworker/v1/WatchGatewaysResponse';
import { loadProtos } from './load';
import type { MeshCredentials } from './mesh-credentials';

const RECONNECT_INITIAL_MS = 100;
const RECONNECT_MAX_MS = 1000;

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

  /** The Register answered: the stream works. */
  protected succeeded(): void {
    if (this.failures > 0) this.logger.info(`register ${this.address} reached again`);
    this.failures = 0;
    this.backoff.reset();
  }

  private open(): void {
    if (this.stopped) return;
    const call = this.openCall();
    this.call = call;
    let ended = false;
    const retry = (why: string): void => {
      if (ended) return;
      ended = true;
      if (this.stopped) return;
      this.failures += 1;
      // Log the first failure and then every 30th, not every retry.
      if (this.failures === 1 || this.failures % 30 === 0)
        this.logger.warn(`register ${this.address}: ${why}; retrying`);
      this.retryTimer = setTimeout(() => this.open(), this.backoff.nextDelayMs());
      this.retryTimer.unref();
    };
    call.on('error', (err) => retry(describeError(err).split('\n')[0] ?? 'stream failed'));
    call.on('end', () => retry('stream ended'));
    call.on('status', (status: grpc.StatusObject) => {
      if (status.code === grpc.status.OK) retry('stream ended');
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
    logger: Logger,
    credentials: MeshCredentials,
  ) {
    super(address, logger, credentials);
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
 * The live Gateway list as seen through one or more Registers: the union of their latest
 * snapshots. A Register that goes away keeps its last list until it answers again, so that a
 * Register restart never hides a Gateway. Emits 'gateways' with the whole list on every change.
 */
export class GatewayWatcher extends EventEmitter<{ gateways: [gateways: GatewayInfo__Output[]] }> {
  private readonly lists = new Map<string, GatewayInfo__Output[]>();
  private readonly watches: RegisterWatch[];
  private lastKey = '';
  /** True once any Register has sent a snapshot. */
  hasList = false;

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
          (gateways) => this.onSnapshot(address, gateways),
          logger,
          credentials,
        ),
    );
  }

  start(): void {
    for (const watch of this.watches) watch.start();
  }

  stop(): void {
    for (const watch of this.watches) watch.stop();
  }

  current(): GatewayInfo__Output[] {
    const byAddress = new Map<string, GatewayInfo__Output>();
    for (const list of this.lists.values()) for (const info of list) byAddress.set(info.address ?? '', info);
    return [...byAddress.values()];
  }

  private onSnapshot(register: string, gateways: GatewayInfo__Output[]): void {
    this.lists.set(register, gateways);
    this.hasList = true;
    const list = this.current();
    const key = list
      .map((g) => `${g.address}/${g.instance_id}`)
      .sort()
      .join(',');
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit('gateways', list);
  }
}
