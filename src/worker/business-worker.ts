import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { GatewayWorkerError } from '../errors';
import { describeError } from '../logger';
import { GatewayWatcher } from '../rpc/register-client';
import type { GatewayInfo__Output } from '../rpc/generated/gatewayworker/v1/GatewayInfo';
import type { SessionData } from '../session';
import type { WorkerInfo } from './events';
import { EventDispatcher } from './event-dispatcher';
import { createGatewayApi, type GatewayApi, type LinkDirectory } from './gateway-api';
import { GatewayLink } from './gateway-link';
import {
  resolveBusinessWorkerOptions,
  type BusinessWorkerOptions,
  type ResolvedBusinessWorkerOptions,
} from './options';

export interface BusinessWorkerEvents {
  /** A stream to a Gateway was (re)established. */
  attached: [gatewayAddress: string];
  /** A stream to a Gateway was lost. */
  detached: [gatewayAddress: string];
  error: [err: Error];
  close: [];
}

const PROTOCOL_VERSION = 1;

/**
 * A BusinessWorker: follows the Register's Gateway list, keeps one stream to every Gateway, and
 * runs the user's Events for the client events the Gateways route to it.
 */
export class BusinessWorker<S extends object = SessionData> extends EventEmitter<BusinessWorkerEvents> {
  readonly options: ResolvedBusinessWorkerOptions;
  readonly instanceId = randomUUID();
  readonly gateway: GatewayApi;
  private readonly links = new Map<string, GatewayLink>();
  private readonly listed = new Set<string>();
  private readonly dispatcher: EventDispatcher;
  private readonly info: WorkerInfo;
  private watcher?: GatewayWatcher;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private stopped = false;

  constructor(options: BusinessWorkerOptions<S>) {
    super();
    this.options = resolveBusinessWorkerOptions(options);
    const directory: LinkDirectory = {
      linkFor: (address) => this.links.get(address),
      readyLinks: () => [...this.links.values()].filter((l) => l.state === 'ready'),
      fanOutLinks: () => fanOut(this.links, this.listed),
      ensureRunning: () => {
        if (this.stopped)
          throw new GatewayWorkerError(
            'GW_ERR_STOPPED',
            `worker ${this.options.name}:${this.options.index} is stopped`,
          );
      },
      onSessionCommand: (clientId, link, op, session) =>
        this.dispatcher.onSessionCommand(clientId, link, op, session),
    };
    this.gateway = createGatewayApi(directory);
    this.info = Object.freeze({ name: this.options.name, index: this.options.index, gateway: this.gateway });
    this.dispatcher = new EventDispatcher(this.options.events, this.info, this.options.logger);
  }

  /** Runs onWorkerStart, then follows the Register and attaches to every Gateway it lists. */
  start(): Promise<void> {
    this.starting ??= this.startUp();
    return this.starting;
  }

  /** Addresses of the Gateways this worker currently has a live stream to. */
  attachedGateways(): string[] {
    return [...this.links.values()].filter((l) => l.state === 'ready').map((l) => l.address);
  }

  /** Events handled so far. */
  get handledEvents(): number {
    return this.dispatcher.handled;
  }

  /**
   * Leaves every Gateway without losing an event: asks each to route nothing new here, finishes
   * every event already received, flushes commands, then closes; finally runs onWorkerStop.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async startUp(): Promise<void> {
    const { options } = this;
    await options.events.onWorkerStart?.(this.info);
    const watcher = new GatewayWatcher(options.register, `${options.name}:${options.index}`, options.logger);
    watcher.on('gateways', (list) => this.onGatewayList(list));
    this.watcher = watcher;
    watcher.start();
    options.logger.info(
      `${options.name}:${options.index} started, following register ${options.register.join(', ')}`,
    );
  }

  private async shutdown(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.watcher?.stop();
    const graceMs = this.options.stopGraceMs;
    const links = [...this.links.values()];
    await Promise.all(links.map((link) => link.drain(graceMs)));
    await Promise.race([this.dispatcher.whenIdle(), delay(graceMs)]);
    await Promise.all(links.map((link) => link.finish(graceMs)));
    this.links.clear();
    this.stopped = true;
    try {
      await this.options.events.onWorkerStop?.(this.info);
    } catch (err) {
      this.options.logger.error(`onWorkerStop threw: ${describeError(err)}`);
    }
    this.emit('close');
  }

  private onGatewayList(list: GatewayInfo__Output[]): void {
    if (this.stopping) return;
    this.listed.clear();
    for (const info of list) if (info.address) this.listed.add(info.address);
    for (const address of this.listed) {
      // A link given up earlier (its Gateway had left the list) is replaced by a new one.
      if (this.links.get(address)?.state !== 'ready' && this.links.get(address)?.state !== 'connecting') {
        this.openLink(address);
      }
    }
  }

  private openLink(address: string): void {
    const { options } = this;
    const link = new GatewayLink({
      address,
      hello: {
        worker_name: options.name,
        worker_index: options.index,
        instance_id: this.instanceId,
        protocol_version: PROTOCOL_VERSION,
      },
      queryTimeoutMs: options.queryTimeoutMs,
      logger: options.logger,
      onEvents: (l, events) => this.dispatcher.onEvents(l, events),
      onUp: (l) => {
        options.logger.info(`attached to gateway ${l.address}`);
        this.emit('attached', l.address);
      },
      onDown: (l) => {
        this.dispatcher.onLinkDown(l);
        this.emit('detached', l.address);
      },
      // As in GatewayWorker: a Gateway that left the list is not retried once its stream drops.
      shouldReconnect: (l) => !this.stopping && this.listed.has(l.address),
    });
    this.links.set(address, link);
    link.start();
  }
}

/** Links a fan-out query must ask; listed Gateways without a link are reported missing. */
function fanOut(
  links: Map<string, GatewayLink>,
  listed: Set<string>,
): { links: GatewayLink[]; missing: string[] } {
  const ask: GatewayLink[] = [];
  const missing: string[] = [];
  for (const address of new Set([...listed, ...links.keys()])) {
    const link = links.get(address);
    if (link && link.state !== 'closed') ask.push(link);
    else if (listed.has(address)) missing.push(address);
  }
  return { links: ask, missing };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
