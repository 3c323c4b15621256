import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { GatewayWorkerError } from '../errors';
import { describeError } from '../logger';
import { PROTOCOL_VERSION } from '../rpc/protocol';
import type { SessionData } from '../session';
import type { WorkerInfo } from './events';
import type { HandlerTimings } from '../metrics/bucket-counts';
import { EventDispatcher } from './event-dispatcher';
import { createGatewayApi, delegatingApi, type GatewayApi } from '../api/gateway-api';
import { GatewayClient } from '../api/gateway-client';
import { MeshCredentials } from '../rpc/mesh-credentials';
import { GatewayLinks } from './gateway-links';
import type { CommandCounts } from './gateway-link';
import { WorkerTimers } from './timers';
import {
  loadEvents,
  resolveBusinessWorkerOptions,
  type BusinessWorkerOptions,
  type ResolvedBusinessWorkerOptions,
} from './options';

export interface BusinessWorkerEvents {
  /** A stream to a Gateway was (re)established. */
  attached: [gatewayAddress: string];
  /** A stream to a Gateway was lost. */
  detached: [gatewayAddress: string];
  close: [];
}

/**
 * A BusinessWorker: follows the Register's Gateway list, keeps one stream to every Gateway, and
 * runs the user's Events for the client events the Gateways route to it.
 */
export class BusinessWorker<S extends object = SessionData> extends EventEmitter<BusinessWorkerEvents> {
  /** Which role this is (the supervisor tells roles apart by it, not by class identity). */
  readonly kind = 'worker' as const;
  readonly options: ResolvedBusinessWorkerOptions;
  readonly instanceId = randomUUID();
  /**
   * The Gateway API. Its sessions are SessionData, so that a BusinessWorker<MySession> is still a
   * BusinessWorker; handlers get it typed with S (ctx.gateway, and the worker in onWorkerStart).
   */
  readonly gateway: GatewayApi;
  private readonly links: GatewayLinks;
  private readonly dispatcher: EventDispatcher;
  private readonly info: WorkerInfo;
  /** Timers owned by this worker, cleared on stop. */
  readonly timers: WorkerTimers;
  /** worker.gateway while onWorkerStart runs (the worker has no stream yet); connects on its first call. */
  private startupApi?: GatewayClient;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private stopped = false;

  constructor(private readonly input: BusinessWorkerOptions<S>) {
    super();
    this.options = resolveBusinessWorkerOptions(input);
    const { name, index, logger } = this.options;
    this.links = new GatewayLinks({
      credentials: new MeshCredentials(this.options, logger),
      register: this.options.register,
      watcherName: `${name}:${index}`,
      hello: {
        worker_name: name,
        worker_index: index,
        instance_id: this.instanceId,
        protocol_version: PROTOCOL_VERSION,
      },
      queryTimeoutMs: this.options.queryTimeoutMs,
      logger,
      onEvents: (link, events) => this.dispatcher.onEvents(link, events),
      onUp: (link) => {
        logger.info(`${name}:${index} attached to gateway ${link.address}`);
        this.emit('attached', link.address);
      },
      onDown: (link) => {
        this.dispatcher.onLinkDown(link);
        this.emit('detached', link.address);
      },
      onLost: (_link, lost) => this.dispatcher.onGatewayLost(lost),
    });
    const attachedApi = createGatewayApi({
      linkFor: (address) => this.links.linkFor(address),
      liveLinks: () => this.links.liveLinks(),
      fanOutLinks: () => this.links.fanOutLinks(),
      ready: () => this.ready(),
      onSessionCommand: (clientId, link, op, session) =>
        this.dispatcher.onSessionCommand(clientId, link, op, session),
    });
    this.gateway = delegatingApi(() => this.startupApi ?? attachedApi);
    this.timers = new WorkerTimers(logger);
    this.info = Object.freeze({ name, index, gateway: this.gateway, timers: this.timers });
    // Handlers run only once attached (after onWorkerStart): their commands go straight to the streams.
    this.dispatcher = new EventDispatcher(this.info, logger, attachedApi);
  }

  /**
   * Runs onWorkerStart, then follows the Register and attaches to every Gateway it lists. While
   * onWorkerStart runs, worker.gateway is a GatewayClient of its own (connected on its first call,
   * closed when onWorkerStart settles), so that a query there answers for every Gateway.
   */
  start(): Promise<void> {
    this.starting ??= this.startUp();
    return this.starting;
  }

  /** Addresses of the Gateways this worker currently has a live stream to. */
  attachedGateways(): string[] {
    return this.links.readyAddresses();
  }

  /** The same worker for process `index` of its group (used by the supervisor). */
  forProcess(index: number): BusinessWorker<S> {
    return new BusinessWorker<S>({ ...this.input, index });
  }

  /** Resolves once attached to every Gateway the Register lists (false after timeoutMs). */
  async whenAttachedToAll(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (!(await this.links.whenListed(timeoutMs))) return false;
    const attachedToAll = (): boolean => {
      const { links, missing } = this.links.fanOutLinks();
      return missing.length === 0 && links.every((l) => l.state === 'ready');
    };
    while (!attachedToAll()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.off('attached', done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.on('attached', done);
      });
    }
    return true;
  }

  /** Events handled so far. */
  get handledEvents(): number {
    return this.dispatcher.handled;
  }

  /** Commands and queries sent to Gateways so far, and those dropped (a Gateway stayed unreachable). */
  get commandCounts(): Readonly<CommandCounts> {
    return this.links.commandCounts;
  }

  /** Handler durations by event type (metrics). */
  get handlerTimings(): HandlerTimings {
    return this.dispatcher.timings;
  }

  /**
   * Leaves every Gateway without losing an event: asks each to route nothing new here, lets every
   * event already received finish (up to stopGraceMs; the API works meanwhile), runs onWorkerStop
   * (the API still works there too), flushes commands, then closes.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async startUp(): Promise<void> {
    const { options } = this;
    const events = await loadEvents(options.events);
    this.dispatcher.events = events;
    if (events.onWorkerStart) {
      const startupApi = new GatewayClient({
        register: options.register,
        name: `${options.name}:${options.index} onWorkerStart`,
        connectTimeoutMs: options.queryTimeoutMs,
        queryTimeoutMs: options.queryTimeoutMs,
        logger: options.logger,
        secretKey: options.secretKey,
        meshTls: options.meshTls,
      });
      this.startupApi = startupApi;
      try {
        await events.onWorkerStart(this.info);
      } finally {
        this.startupApi = undefined;
        // Its commands reach the Gateways before this worker's stream exists (close flushes them).
        await startupApi.close();
      }
    }
    this.links.start();
    options.logger.info(
      `${options.name}:${options.index} started, following register ${options.register.join(', ')}`,
    );
  }

  /**
   * Before any call: not stopped, and some Register has listed the Gateways (or none answered: an
   * error). Nothing to wait for, the usual case, returns nothing (callers then do not await).
   */
  private ready(): void | Promise<void> {
    const { name, index } = this.options;
    if (this.stopped) throw new GatewayWorkerError('GW_ERR_STOPPED', `worker ${name}:${index} is stopped`);
    if (!this.links.hasList) return this.waitForList();
  }

  private async waitForList(): Promise<void> {
    const { name, index, queryTimeoutMs } = this.options;
    if (await this.links.whenListed(queryTimeoutMs)) return;
    throw new GatewayWorkerError(
      'GW_ERR_REGISTER_UNAVAILABLE',
      `worker ${name}:${index}: no Register listed the Gateways within ${queryTimeoutMs} ms (is the register address right and the Register up?)`,
    );
  }

  private async shutdown(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.links.stopWatching();
    const { stopGraceMs, logger, name, index } = this.options;
    const deadline = Date.now() + stopGraceMs;
    const links = this.links.all();
    // The links stay open until the handlers settle: their replies and session changes still go out.
    await Promise.all(links.map((link) => link.drain(stopGraceMs)));
    const idle = this.dispatcher.whenIdle().then(() => true);
    if (!(await Promise.race([idle, delay(Math.max(0, deadline - Date.now())).then(() => false)]))) {
      logger.error(
        `${name}:${index} stopping: handlers still running after stopGraceMs (${stopGraceMs} ms) ` +
          `for client(s) ${this.dispatcher.busyClients().join(', ')}; their later API calls fail with GW_ERR_STOPPED`,
      );
    }
    this.timers.close();
    try {
      await this.dispatcher.events.onWorkerStop?.(this.info);
    } catch (err) {
      logger.error(`onWorkerStop threw: ${describeError(err)}`);
    }
    this.stopped = true;
    await Promise.all(links.map((link) => link.finish(stopGraceMs)));
    this.links.closeAll();
    this.emit('close');
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
