import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { within } from './wait';

/** A plain TCP client for sending what a WebSocket library would refuse to send. */
export class RawClient {
  readonly socket: net.Socket;
  /** How many bytes the server sent in all. */
  receivedBytes = 0;
  readonly closed: Promise<void>;
  // Joined only when read: megabytes arriving in 64 KiB reads are not copied once per read.
  private chunks: Buffer[] = [];

  constructor(port: number, host = '127.0.0.1') {
    this.socket = net.connect(port, host);
    this.socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.receivedBytes += chunk.length;
    });
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** Everything the server sent, raw (less what was taken off the front). */
  get received(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] as Buffer;
  }

  set received(rest: Buffer) {
    this.chunks = [rest];
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Sends a valid upgrade request and waits for the 101. */
  async upgrade(path = '/'): Promise<void> {
    await within(
      new Promise<void>((resolve) => this.socket.once('connect', () => resolve())),
      5000,
      'connect',
    ).catch(() => undefined);
    this.socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await within(
      this.waitFor(() => this.received.includes('\r\n\r\n')),
      5000,
      'the 101 response',
    );
    const end = this.received.indexOf('\r\n\r\n') + 4;
    const head = this.received.subarray(0, end).toString();
    if (!head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${head}`);
    this.received = this.received.subarray(end);
  }

  /** The status line of the server's answer to a raw request. */
  async statusLine(timeoutMs = 5000): Promise<string> {
    await within(
      this.waitFor(() => this.received.includes('\r\n')),
      timeoutMs,
      'a status line',
    );
    return this.received.subarray(0, this.received.indexOf('\r\n')).toString();
  }

  /** The close code of the server's close frame, once the connection is closed. */
  async closeCode(timeoutMs = 5000): Promise<number | undefined> {
    await within(this.closed, timeoutMs, 'the server to close');
    const frame = this.received;
    if (frame.length >= 4 && ((frame[0] as number) & 0x0f) === 0x8) return frame.readUInt16BE(2);
    return undefined;
  }

  private waitFor(condition: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (condition()) {
          this.socket.off('data', check);
          resolve();
        } else if (this.socket.destroyed) reject(new Error('closed'));
      };
      this.socket.on('data', check);
      this.socket.once('close', check);
      check();
    });
  }
}

/** One client-to-server WebSocket frame: fin set, masked unless `masked` is false. */
export function clientFrame(opcode: number, payload: Buffer, masked = true): Buffer {
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  let header: Buffer;
  if (payload.length < 126) header = Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | payload.length]);
  else {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(payload.length, 2);
  }
  const body = Buffer.from(payload);
  if (masked)
    for (let i = 0; i < body.length; i += 1) body[i] = (body[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([header, mask, body]);
}
