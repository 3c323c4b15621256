import * as net from 'node:net';
import {
  MessageReader,
  type ClientProtocol,
  type DecodedMessage,
} from '../../src/gateway/protocols/protocol';
import { within } from './wait';

/** A raw `net` client for a Gateway's TCP address, decoding replies with the same protocol. */
export class TcpTestClient {
  readonly messages: DecodedMessage[] = [];
  /** Every byte received, as sent by the Gateway. */
  raw = Buffer.alloc(0);
  private readonly reader: MessageReader;
  private waiters: Array<() => void> = [];
  private readonly closed: Promise<void>;

  private constructor(
    readonly socket: net.Socket,
    protocol: ClientProtocol,
  ) {
    this.reader = new MessageReader(protocol, 64 * 1024 * 1024);
    socket.on('data', (chunk: Buffer) => {
      this.raw = Buffer.concat([this.raw, chunk]);
      this.messages.push(...this.reader.push(chunk));
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** `url` as Gateway.addresses() gives it, e.g. "text://127.0.0.1:40123". */
  static async connect(url: string, protocol: ClientProtocol): Promise<TcpTestClient> {
    const { hostname, port } = new URL(url.replace(/^\w+:/, 'http:'));
    const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    await within(
      new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject)),
      5000,
      'connect',
    );
    return new TcpTestClient(socket, protocol);
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Waits until `count` messages have arrived in all; returns them. */
  async waitMessages(count: number, timeoutMs = 5000): Promise<DecodedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline || this.socket.destroyed)
        throw new Error(`expected ${count} messages, got ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.messages.slice(0, count);
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    return within(this.closed, timeoutMs, 'close');
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}
