import * as net from 'node:net';
import { describeError, type Logger } from '../../logger';
import { plainAddress, type Admission } from '../admission';
import { MessageReader, type ClientProtocol } from '../protocols/protocol';
import { listenOn } from './inherited';
import {
  FlowControlledSocket,
  type AcceptClient,
  type ClientListener,
  type ClientSocket,
} from './client-socket';

export interface TcpListenerOptions {
  host: string;
  port: number;
  /** Its index among the Gateway's `listen` addresses (for a socket handed over under the CLI). */
  listenerIndex?: number;
  protocol: ClientProtocol;
  maxMessageBytes: number;
  sendBufferBytes: number;
  accept: AcceptClient;
  /** Counts connections and refuses those over its limits (closed at accept). @default no limits */
  admission?: Admission;
  /** Where an error of the server after start goes. */
  logger: Logger;
  /** How long a graceful close waits for the client to take the queued bytes. @default TCP_CLOSE_GRACE_MS */
  closeGraceMs?: number;
  /** Makes the server; TLS can be swapped in here (tls.createServer has the same shape). */
  createServer?: (onSocket: (socket: net.Socket) => void) => net.Server;
}

/** How long a graceful close waits for the client to take the queued bytes, then the socket is destroyed. */
export const TCP_CLOSE_GRACE_MS = 10_000;

/** A plain TCP server. */
export function createTcpServer(onSocket: (socket: net.Socket) => void): net.Server {
  return net.createServer({ noDelay: true }, onSocket);
}

/** Serves TCP clients speaking `protocol` and adapts each connection to ClientSocket. */
export async function listenTcp(options: TcpListenerOptions): Promise<ClientListener> {
  const server = (options.createServer ?? createTcpServer)((socket) => serveSocket(socket, options));
  await listenOn(server, options.listenerIndex, options.port, options.host);
  // As for WebSocket: an error after start (e.g. a failed accept) is logged, never a crash.
  server.on('error', (err) => options.logger.error(`client listener: ${describeError(err)}`));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function serveSocket(socket: net.Socket, options: TcpListenerOptions): void {
  // Over a connection limit: closed at once, before any worker hears of it (TCP has no status to say why).
  const address = plainAddress(socket.remoteAddress);
  const { admission } = options;
  if (admission && !admission.tryAdmit(address)) {
    socket.destroy();
    return;
  }
  socket.once('close', () => admission?.release(address));
  const client = new TcpClientSocket(socket, options);
  const handlers = options.accept(client, { url: '', headers: [] });
  const reader = new MessageReader(options.protocol, options.maxMessageBytes);
  let protocolError: string | undefined;
  socket.on('data', (chunk: Buffer) => {
    for (const message of reader.push(chunk)) handlers.onMessage(message.data, message.binary);
    if (reader.error !== undefined && protocolError === undefined) {
      protocolError = reader.error;
      client.destroy(); // as Workerman: a broken stream is cut, whatever was queued
    }
  });
  // A reset or a write to a gone peer is the client leaving, not a protocol error.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    client.onClosed();
    handlers.onClose(protocolError);
  });
}

class TcpClientSocket extends FlowControlledSocket implements ClientSocket {
  readonly transport = 'tcp' as const;
  readonly protocol: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localPort: number;
  private closeTimer?: NodeJS.Timeout;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: TcpListenerOptions,
  ) {
    super(socket, socket);
    this.protocol = options.protocol.name;
    this.remoteAddress = plainAddress(socket.remoteAddress);
    this.remotePort = socket.remotePort ?? 0;
    this.localPort = socket.localPort ?? 0;
  }

  send(data: Buffer, binary: boolean): boolean {
    const { socket } = this;
    if (socket.destroyed || socket.writableEnded) return false;
    // The Gateway counts the drop.
    if (socket.writableLength - this.batch.heldBytes > this.options.sendBufferBytes) return false;
    let bytes: Buffer;
    try {
      bytes = this.options.protocol.encode(data, binary);
    } catch (err) {
      this.options.logger.warn(`${this.protocol} encode failed, message dropped: ${describeError(err)}`);
      return false;
    }
    socket.write(bytes);
    this.batch.wrote();
    return true;
  }

  /** Sends what is queued, then closes (TCP has no close code or reason). */
  close(): void {
    if (this.socket.destroyed) return;
    // Once the bytes are handed to the kernel the socket is closed: it does not wait for the client's FIN.
    this.socket.end(() => this.socket.destroy());
    // A client that never reads must not hold the socket open forever.
    const graceMs = this.options.closeGraceMs ?? TCP_CLOSE_GRACE_MS;
    this.closeTimer ??= setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  destroy(): void {
    // What the batch holds would have reached the kernel before this: it still does.
    this.batch.end();
    this.socket.destroy();
  }

  onClosed(): void {
    clearTimeout(this.closeTimer);
  }
}
