import type { Logger } from '../logger';
import type { MeshCredentials } from '../rpc/mesh-credentials';
import { GatewayWatcher } from '../rpc/register-client';
import type { ClientEvent__Output } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { GatewayInfo__Output } from '../rpc/generated/gatewayworker/v1/GatewayInfo';
import type { WorkerHello } from '../rpc/generated/gatewayworker/v1/WorkerHello';
import { GatewayLink, type CommandCounts, type LostGateway } from './gateway-link';

export interface GatewayLinksOptions {
  register: string[];
  watcherName: string;
  hello: WorkerHello;
  queryTimeoutMs: number;
  logger: Logger;
  /** Secret and TLS for every call to the Registers and Gateways. */
  credentials: MeshCredentials;
  onEvents?(link: GatewayLink, events: ClientEvent__Output[]): void;
  onUp?(link: GatewayLink): void;
  onDown?(link: GatewayLink): void;
  /** A Gateway instance is gone for good (see GatewayLinkOptions.onLost). */
  onLost?(link: GatewayLink, lost: LostGateway): void;
}

/**
 * One link per listed Gateway, following the Register(s). As in GatewayWorker, a Gateway that
 * leaves the list keeps its live stream, but is not reconnected once that stream drops.
 * Shared by BusinessWorker (which handles events) and GatewayClient (which only calls the API).
 */
export class GatewayLinks {
  private readonly links = new Map<string, GatewayLink>();
  /** Commands sent and dropped over every link, past and present. */
  readonly commandCounts: CommandCounts = { sent: 0, dropped: 0 };
  /** Listed Gateways by routing address. */
  private readonly listed = new Map<string, GatewayInfo__Output>();
  private readonly watcher: GatewayWatcher;
  private listWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: GatewayLinksOptions) {
    this.watcher = new GatewayWatcher(
      options.register,
      options.watcherName,
      options.logger,
      options.credentials,
    );
    this.watcher.on('gateways', (list) => this.onGatewayList(list));
  }

  start(): void {
    this.watcher.start();
  }

  /** Stops following the Register; links stay until finished or closed. */
  stopWatching(): void {
    this.stopped = true;
    this.watcher.stop();
  }

  get hasList(): boolean {
    return this.watcher.hasList;
  }

  /** Resolves true once some Register has sent a list, false after timeoutMs. */
  whenListed(timeoutMs: number): Promise<boolean> {
    if (this.hasList) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.hasList), timeoutMs);
      this.listWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** The live link to a Gateway; none for a Gateway given up (its clients count as offline). */
  linkFor(address: string): GatewayLink | undefined {
    const link = this.links.get(address);
    return link && link.state !== 'closed' ? link : undefined;
  }

  all(): GatewayLink[] {
    return [...this.links.values()];
  }

  liveLinks(): GatewayLink[] {
    return this.all().filter((l) => l.state !== 'closed');
  }

  readyAddresses(): string[] {
    return this.all()
      .filter((l) => l.state === 'ready')
      .map((l) => l.address);
  }

  /** Links a fan-out query must ask; listed Gateways without a live link are reported missing. */
  fanOutLinks(): { links: GatewayLink[]; missing: string[] } {
    const ask: GatewayLink[] = [];
    const missing: string[] = [];
    for (const address of new Set([...this.listed.keys(), ...this.links.keys()])) {
      const link = this.links.get(address);
      if (link && link.state !== 'closed') ask.push(link);
      else if (this.listed.has(address)) missing.push(address);
    }
    return { links: ask, missing };
  }

  closeAll(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  private onGatewayList(list: GatewayInfo__Output[]): void {
    if (this.stopped) return;
    this.listed.clear();
    for (const info of list) if (info.address) this.listed.set(info.address, info);
    for (const [address, info] of this.listed) {
      const link = this.links.get(address);
      // A link given up earlier (its Gateway had left the list) is replaced by a new one.
      if ((link?.state ?? 'closed') === 'closed') this.openLink(info);
      else link?.setListedInstance(info.instance_id);
    }
    // An unlisted Gateway we are only trying to reach is given up now; a live stream is kept.
    for (const [address, link] of this.links) {
      if (!this.listed.has(address) && link.state === 'connecting') link.giveUp();
    }
    for (const wake of this.listWaiters.splice(0)) wake();
  }

  private openLink(info: GatewayInfo__Output): void {
    const { options } = this;
    const address = info.address ?? '';
    const link = new GatewayLink({
      address,
      dialAddress: info.dial_address,
      listedInstanceId: info.instance_id,
      hello: options.hello,
      queryTimeoutMs: options.queryTimeoutMs,
      logger: options.logger,
      credentials: options.credentials,
      onEvents: (l, events) => options.onEvents?.(l, events),
      onUp: (l) => options.onUp?.(l),
      onDown: (l) => options.onDown?.(l),
      onLost: (l, lost) => options.onLost?.(l, lost),
      shouldReconnect: (l) => !this.stopped && this.listed.has(l.address),
      counts: this.commandCounts,
    });
    this.links.set(address, link);
    link.start();
  }
}
