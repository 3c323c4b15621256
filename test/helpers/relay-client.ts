import { WebSocket } from 'ws';
import type { RelayCommand } from '../fixtures/relay-events';
import { ConditionWaiters, within } from './wait';

/** A numbered message as a sender writes it into a body; the worker passes it on untouched. */
export interface Numbered {
  t: 'msg';
  from: string;
  to: string;
  seq: number;
  via: 'uid' | 'client' | 'group';
}

/**
 * A WebSocket client of the relay events (test/fixtures/relay-events.ts): logs in with a uid and
 * groups, sends numbered messages through the worker, and records what arrives, as data.
 */
export class RelayClient {
  clientId = '';
  /** Numbered messages received, in arrival order, with the arrival time. */
  readonly inbox: Array<Numbered & { at: number }> = [];
  /** ack number -> worker that sent the message and when the ack arrived. */
  readonly acks = new Map<number, { worker: string; at: number }>();
  closeCode?: number;
  readonly closed: Promise<void>;
  private loginWorker = '';
  private readonly waiters = new ConditionWaiters();

  private constructor(
    readonly name: string,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.closeCode = code;
        this.waiters.wake();
        resolve();
      }),
    );
  }

  static async connect(url: string, name: string, timeoutMs = 5000): Promise<RelayClient> {
    const ws = new WebSocket(url);
    const client = new RelayClient(name, ws);
    await within(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
      timeoutMs,
      `${name} to connect to ${url}`,
    ).catch((err: unknown) => {
      ws.terminate();
      throw err;
    });
    return client;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Binds uid `this.name` and joins the groups; resolves with the worker that did it. */
  async login(groups: string[] = [], timeoutMs = 5000): Promise<string> {
    this.command({ op: 'login', uid: this.name, groups });
    await this.until(() => this.clientId !== '', timeoutMs, 'its login reply');
    return this.loginWorker;
  }

  /** Sends a numbered message to `to` (a uid, client id or group) through the worker. */
  sendNumbered(message: Numbered, ack?: number): void {
    this.command({ op: message.via, to: message.to, body: JSON.stringify(message), ack });
  }

  command(command: RelayCommand): void {
    if (this.isOpen) this.ws.send(JSON.stringify(command));
  }

  /** Numbered messages received from `from` (and to `to`, for group messages: the group name). */
  receivedFrom(from: string, to?: string): number[] {
    return this.inbox.filter((m) => m.from === from && (to === undefined || m.to === to)).map((m) => m.seq);
  }

  /** Resolves once `condition` holds; rejects on timeout (or when the socket closes first). */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.waiters.until(condition, timeoutMs, `${this.name}: ${what}`, () =>
      this.closeCode === undefined ? undefined : `${this.name} closed (${this.closeCode})`,
    );
  }

  async close(): Promise<void> {
    if (this.closeCode !== undefined) return;
    this.ws.close();
    await within(this.closed, 2000, `${this.name} to close`).catch(() => this.ws.terminate());
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as { t: string } & Record<string, unknown>;
    if (message.t === 'msg') this.inbox.push({ ...(message as unknown as Numbered), at: Date.now() });
    else if (message.t === 'ack')
      this.acks.set(message.ack as number, { worker: String(message.worker), at: Date.now() });
    else if (message.t === 'login') {
      this.clientId = String(message.clientId);
      this.loginWorker = String(message.worker);
    }
    this.waiters.wake();
  }
}
