import { encodeClientId, routeOfClientId, type ClientId } from '../client-id';
import { describeError, type Logger } from '../logger';
import { encodeJson, type SessionData } from '../session';
import type { ClientEvent__Output } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { ClientInfo__Output } from '../rpc/generated/gatewayworker/v1/ClientInfo';
import { closeReasonName, handlerName } from '../rpc/protocol';
import type { SessionOp } from '../rpc/generated/gatewayworker/v1/SessionOp';
import type { EventContext, Events, WorkerInfo } from './events';
import { SENT } from '../api/engine';
import {
  handlerApiFactory,
  installCurrentClientMethods,
  type CurrentClientApi,
  type GatewayApi,
} from '../api/gateway-api';
import type { GatewayLink, LostGateway } from './gateway-link';
import { HandlerTimings } from '../metrics/bucket-counts';
import { readHandshake } from './handshake';
import { SessionCopy } from './session-copy';

/** One client as this worker sees it on one stream. */
class ClientSlot {
  info?: ClientInfo__Output;
  readonly session = new SessionCopy();
  /** The context of the running handler (a query through another context saves nothing). */
  running?: Context;
  /** The event whose async handler is awaited. */
  awaited?: ClientEvent__Output;
  queue: ClientEvent__Output[] = [];
  busy = false;
  /** When its running handler started (HandlerTimings' clock, ms). */
  startedAtMs = 0;
  /** Callbacks for an async handler's promise, made once per client rather than per event. */
  onHandlerSettled?: [() => void, (err: unknown) => void];
  readonly generation: number;

  private id?: ClientId;

  constructor(
    readonly link: GatewayLink,
    readonly connectionId: number,
  ) {
    this.generation = link.generation;
  }

  /** Built when first asked for: events and commands of this worker carry the numeric id only. */
  get clientId(): ClientId {
    return (this.id ??= encodeClientId(this.link.address, this.connectionId));
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class Context implements EventContext<SessionData> {
  private api?: GatewayApi;

  constructor(
    private readonly slot: ClientSlot,
    private readonly dispatcher: EventDispatcher,
    /** onClose: its session changes are dropped (W2), so a query there sends none. */
    private readonly closing: boolean,
  ) {}

  /** The API whose queries first write back this handler's session changes (so they see them). */
  get gateway(): GatewayApi {
    return (this.api ??= this.dispatcher.handlerApi(() => {
      if (this.slot.running === this && !this.closing) this.dispatcher.writeBack(this.slot.link, this.slot);
    }));
  }
  /** The current-client commands (sendToCurrentClient, ...) need no per-handler API. */
  get commands(): GatewayApi {
    return this.dispatcher.commandApi;
  }
  get worker(): WorkerInfo {
    return this.dispatcher.worker;
  }

  get clientId(): ClientId {
    return this.slot.clientId;
  }
  get remoteAddress(): string {
    return this.slot.info?.remote_address ?? '';
  }
  get remotePort(): number {
    return this.slot.info?.remote_port ?? 0;
  }
  get gatewayAddress(): string {
    return this.slot.link.address;
  }
  get gatewayPort(): number {
    return this.slot.info?.gateway_port ?? 0;
  }
  get protocol(): string {
    return this.slot.info?.protocol || this.slot.info?.transport || '';
  }
  get session(): SessionData {
    return this.slot.session.read();
  }
  set session(value: SessionData) {
    this.slot.session.replace(value);
  }
}
// sendToCurrentClient, closeCurrentClient, destroyCurrentClient... as the operation table declares them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
interface Context extends CurrentClientApi {}
installCurrentClientMethods(Context.prototype);

/**
 * Runs the user's handlers for the events of every stream. Events of one client run one at a
 * time, in order (an async handler is awaited before the client's next event); different clients
 * run concurrently. When a handler settles, its session changes go back to the Gateway as a
 * top-level patch, numbered per client so that a later session copy can be reconciled with them;
 * also earlier, before a query or setSession/updateSession of the handler, which then sees them.
 */
export class EventDispatcher {
  private readonly slotsByLink = new Map<GatewayLink, Map<number, ClientSlot>>();
  /** Per Gateway address: connection ids whose events came here and whose close has not (onGatewayLost). */
  private readonly openClients = new Map<string, Set<number>>();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  /** ctx.gateway of one handler, from the worker's API (queries first call `beforeQuery`). */
  readonly handlerApi: (beforeQuery: () => void) => GatewayApi;
  /** Events handled (settled), for stats. */
  handled = 0;
  /** Handler durations by event type, for metrics. */
  readonly timings = new HandlerTimings();

  /** Set by the worker once its Events are loaded (before any stream is opened). */
  events: Events<SessionData> = {};

  constructor(
    readonly worker: WorkerInfo,
    private readonly logger: Logger,
    /** What the current-client commands of a handler call (the worker's API over its streams). */
    readonly commandApi: GatewayApi = worker.gateway,
  ) {
    this.handlerApi = handlerApiFactory(worker.gateway);
  }

  onEvents(link: GatewayLink, events: ClientEvent__Output[]): void {
    let slots = this.slotsByLink.get(link);
    if (!slots) {
      slots = new Map();
      this.slotsByLink.set(link, slots);
    }
    for (const event of events) {
      const connectionId = event.connection_id ?? 0;
      let slot = slots.get(connectionId);
      if (!slot) {
        slot = new ClientSlot(link, connectionId);
        slots.set(connectionId, slot);
      }
      this.trackOpen(link.address, connectionId, event.type === 'CLIENT_EVENT_TYPE_CLOSE');
      this.inFlight += 1;
      slot.queue.push(event);
      if (!slot.busy) {
        slot.busy = true;
        this.runQueue(slot);
      }
    }
  }

  /** The stream is gone: client state of that stream is void (running handlers finish on their own). */
  onLinkDown(link: GatewayLink): void {
    for (const slot of this.slotsByLink.get(link)?.values() ?? []) slot.session.detach();
    this.slotsByLink.delete(link);
  }

  /**
   * A Gateway instance is gone for good: its clients that this worker knew as open are gone too,
   * without onClose. Logs one line and runs onGatewayLost with them.
   */
  onGatewayLost(lost: LostGateway): void {
    const clientIds = [...(this.openClients.get(lost.address) ?? [])].map((id) =>
      encodeClientId(lost.address, id),
    );
    this.openClients.delete(lost.address);
    this.logger.warn(
      `gateway ${lost.address} (${lost.name || '?'}, instance ${lost.instanceId}) lost: ` +
        `${clientIds.length} client(s) of this worker gone without onClose`,
    );
    const handler = this.events.onGatewayLost;
    if (!handler) return;
    this.inFlight += 1;
    void Promise.resolve()
      .then(() => handler.call(this.events, { ...lost }, clientIds, this.worker))
      .catch((err: unknown) => this.logger.error(`onGatewayLost threw: ${describeError(err)}`))
      .finally(() => this.settled());
  }

  private trackOpen(address: string, connectionId: number, closed: boolean): void {
    let open = this.openClients.get(address);
    if (closed) {
      open?.delete(connectionId);
      return;
    }
    if (!open) this.openClients.set(address, (open = new Set()));
    open.add(connectionId);
  }

  /** Resolves when no event is being handled or waiting. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Clients with an event running or waiting (named in the log when a stop cuts them short). */
  busyClients(): ClientId[] {
    const busy: ClientId[] = [];
    for (const slots of this.slotsByLink.values())
      for (const slot of slots.values()) if (slot.busy) busy.push(slot.clientId);
    return busy;
  }

  /**
   * setSession/updateSession on a client whose events this worker handles on that stream: apply it
   * to the worker's copy too (so the running handler and the next event see it) and number it.
   */
  onSessionCommand(clientId: ClientId, link: GatewayLink, op: SessionOp, session: SessionData): number {
    const slot = this.slotsByLink.get(link)?.get(routeOfClientId(clientId).connectionId);
    if (!slot || slot.clientId !== clientId || slot.generation !== link.generation) return 0;
    // Changes the running handler already made to ctx.session go first, in their order.
    this.writeBack(link, slot);
    return slot.session.applyOwn(op === 'SESSION_OP_MERGE' ? 'merge' : 'replace', encodeJson(session));
  }

  private runQueue(slot: ClientSlot): void {
    for (let event = slot.queue.shift(); event; event = slot.queue.shift()) {
      const pending = this.start(slot, event);
      if (pending) {
        slot.awaited = event;
        const [onDone, onError] = (slot.onHandlerSettled ??= this.handlerSettled(slot));
        pending.then(onDone, onError);
        return;
      }
      this.complete(slot, event);
    }
    slot.busy = false;
  }

  private handlerSettled(slot: ClientSlot): [() => void, (err: unknown) => void] {
    const done = (): void => {
      const event = slot.awaited;
      if (!event) return; // a thenable that settles twice: the event is done once
      slot.awaited = undefined;
      this.complete(slot, event);
      this.runQueue(slot);
    };
    return [
      done,
      (err: unknown) => {
        if (slot.awaited) this.reportError(slot, slot.awaited, err);
        done();
      },
    ];
  }

  /**
   * Runs the handler; returns its promise if it is async and not settled yet (a handler that
   * returns what a plain send returns, SENT, is done: the next event needs no tick to wait).
   */
  private start(slot: ClientSlot, event: ClientEvent__Output): PromiseLike<unknown> | undefined {
    if (event.client) slot.info = event.client;
    try {
      slot.session.beginEvent(event.session, event.session_seq ?? 0);
    } catch (err) {
      this.logger.error(
        `client ${slot.clientId}: unreadable session from gateway ignored: ${(err as Error).message}`,
      );
    }
    const ctx = new Context(slot, this, event.type === 'CLIENT_EVENT_TYPE_CLOSE');
    slot.running = ctx;
    slot.startedAtMs = this.timings.start();
    try {
      const result = this.invoke(ctx, event, slot.info);
      return result !== SENT && result && typeof (result as PromiseLike<unknown>).then === 'function'
        ? (result as PromiseLike<unknown>)
        : undefined;
    } catch (err) {
      this.reportError(slot, event, err);
      return undefined;
    }
  }

  private invoke(ctx: Context, event: ClientEvent__Output, info?: ClientInfo__Output): unknown {
    const { events } = this;
    switch (event.type) {
      case 'CLIENT_EVENT_TYPE_MESSAGE': {
        const data = event.data ?? Buffer.alloc(0);
        return events.onMessage?.(ctx, event.binary ? data : data.toString());
      }
      case 'CLIENT_EVENT_TYPE_CONNECT':
        return events.onConnect?.(ctx);
      case 'CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT':
        return events.onWebSocketConnect?.(ctx, readHandshake(event.handshake, info));
      case 'CLIENT_EVENT_TYPE_CLOSE':
        return events.onClose?.(ctx, closeReasonName(event.close_reason));
      case 'CLIENT_EVENT_TYPE_UNSPECIFIED':
      case undefined:
        this.logger.warn(`event of unknown type from gateway ${ctx.gatewayAddress} ignored`);
        return undefined;
      default: {
        const never: never = event.type;
        this.logger.warn(`event of unknown type ${String(never)} ignored`);
        return undefined;
      }
    }
  }

  /** After a handler: write session changes back, account for the event, end the client on close. */
  private complete(slot: ClientSlot, event: ClientEvent__Output): void {
    const { link } = slot;
    const closed = event.type === 'CLIENT_EVENT_TYPE_CLOSE';
    if (closed) {
      const slots = this.slotsByLink.get(link);
      if (slots?.get(slot.connectionId) === slot) slots.delete(slot.connectionId);
    } else {
      this.writeBack(link, slot);
    }
    slot.session.endEvent(!closed);
    slot.running = undefined;
    if (slot.generation === link.generation) link.eventDone();
    this.handled += 1;
    this.timings.done(event.type ?? 'CLIENT_EVENT_TYPE_UNSPECIFIED', slot.startedAtMs);
    this.settled();
  }

  private settled(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Sends the running handler's session changes, numbered; a refused change is logged. */
  writeBack(link: GatewayLink, slot: ClientSlot): void {
    let changes;
    try {
      changes = slot.session.takeChanges();
    } catch (err) {
      this.logger.error(`client ${slot.clientId}: session change not saved: ${(err as Error).message}`);
      return;
    }
    if (!changes) return;
    link.send({
      session: {
        connection_id: slot.connectionId,
        op: 'SESSION_OP_PATCH',
        json: changes.json,
        unset_keys: changes.unset,
        seq: changes.seq,
      },
    });
  }

  private reportError(slot: ClientSlot, event: ClientEvent__Output, err: unknown): void {
    const handler = handlerName(event.type);
    this.logger.error(`${handler} threw for client ${slot.clientId}: ${describeError(err)}`);
  }
}
