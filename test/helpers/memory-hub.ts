import type { Timers } from '../../src/gateway/client-hub';
import type { ClientSocket, ClientSocketHandlers } from '../../src/gateway/listeners/client-socket';
import type { HubWorker } from '../../src/gateway/worker-pool';
import type { ClientState } from '../../src/gateway/client-state';
import type { ClientEvent } from '../../src/rpc/generated/gatewayworker/v1/ClientEvent';

/** A clock the test moves by hand: timers fire in order of their due time, only inside advance(). */
export class FakeTimers implements Timers {
  now = 0;
  /** Sorted by due time; equal times keep their order. */
  private timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.now + ms, fn, cancelled: false };
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as { at: number }).at > timer.at) i -= 1;
    this.timers.splice(i, 0, timer);
    return () => {
      timer.cancelled = true;
    };
  }

  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    while (this.timers.length > 0 && (this.timers[0] as { at: number }).at <= until) {
      const due = this.timers.shift() as { at: number; fn: () => void; cancelled: boolean };
      if (due.cancelled) continue;
      this.now = due.at;
      due.fn();
    }
    this.now = until;
  }
}

type Inbound = { data: Buffer } | 'close';

/**
 * An in-memory client connection. What the client sends waits in an inbox that the Gateway reads
 * (flush) only while the socket is not paused, as a real socket's reads stop. A close by the
 * Gateway completes when the test says so (completeClose), as a real close handshake does later.
 */
export class MemorySocket implements ClientSocket {
  readonly transport = 'ws' as const;
  readonly remoteAddress = '10.0.0.7';
  readonly droppedMessages = 0;
  handlers?: ClientSocketHandlers;
  readonly sent: string[] = [];
  pauses = 0;
  /** cork() calls not yet undone by uncork(). */
  corks = 0;
  /** resume() calls without a pause: a bug in the caller. */
  extraResumes = 0;
  closedBy?: { code: number; reason: string };
  isClosed = false;
  private inbox: Inbound[] = [];

  constructor(readonly remotePort = 50_000) {}

  // The client's side.
  clientSend(text: string): void {
    this.inbox.push({ data: Buffer.from(text) });
  }
  clientClose(): void {
    this.inbox.push('close');
  }
  /** The Gateway reads what the client sent, while not paused; true if it read anything. */
  flush(): boolean {
    let read = false;
    while (this.pauses === 0 && !this.isClosed && this.closedBy === undefined && this.inbox.length > 0) {
      const item = this.inbox.shift() as Inbound;
      read = true;
      if (item === 'close') this.finish();
      else this.handlers?.onMessage(item.data, false);
    }
    return read;
  }
  /** A close the Gateway asked for completes (what the client sent after it is never read). */
  completeClose(): boolean {
    if (this.closedBy === undefined || this.isClosed) return false;
    this.finish();
    return true;
  }

  // The Gateway's side.
  send(data: Buffer): boolean {
    if (this.isClosed || this.closedBy) return false;
    this.sent.push(data.toString());
    return true;
  }
  close(code: number, reason: string): void {
    this.closedBy ??= { code, reason };
  }
  destroy(): void {
    this.closedBy ??= { code: 1006, reason: '' };
  }
  pause(): void {
    this.pauses += 1;
  }
  resume(): void {
    if (this.pauses === 0) this.extraResumes += 1;
    else this.pauses -= 1;
  }
  cork(): void {
    this.corks += 1;
  }
  uncork(): void {
    this.corks -= 1;
  }

  private finish(): void {
    this.isClosed = true;
    this.inbox = [];
    this.handlers?.onClose();
  }
}

/** An attached worker in memory: records what the Gateway sends it, and when it was drained. */
export class MemoryWorker implements HubWorker {
  readonly clients = new Set<ClientState>();
  draining = false;
  congested = false;
  readonly events: ClientEvent[] = [];
  drained = false;
  detached = false;
  /** Events pushed after `drained` or after detach: the Gateway must never do that. */
  readonly violations: string[] = [];

  constructor(
    readonly key: string,
    readonly attachOrder: number,
    readonly apiOnly = false,
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }
  get isCongested(): boolean {
    return this.congested;
  }
  pushEvent(event: ClientEvent): void {
    if (this.drained) this.violations.push(`${event.type} after drained`);
    if (this.detached) this.violations.push(`${event.type} after detach`);
    this.events.push(event);
  }
  pushDrained(): void {
    this.drained = true;
  }

  /** What this worker got, as short strings: "connect", "ws", "msg:<text>", "close:<reason>". */
  summary(connectionId?: number): string[] {
    return this.events
      .filter((e) => connectionId === undefined || e.connection_id === connectionId)
      .map(describeEvent);
  }
}

const EVENT_SUMMARIES: Record<string, string> = {
  CLIENT_EVENT_TYPE_CONNECT: 'connect',
  CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT: 'ws',
};

export function describeEvent(event: ClientEvent): string {
  if (event.type === 'CLIENT_EVENT_TYPE_MESSAGE') return `msg:${(event.data as Buffer).toString()}`;
  if (event.type === 'CLIENT_EVENT_TYPE_CLOSE')
    return `close:${String(event.close_reason).replace('CLOSE_REASON_', '').toLowerCase()}`;
  return EVENT_SUMMARIES[String(event.type)] ?? String(event.type);
}
