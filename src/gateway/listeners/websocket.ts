import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { describeError, type Logger } from '../../logger';
import type { AcceptClient, ClientListener, ClientSocket, ConnectionRequest } from './client-socket';
import { WebSocketLiveness } from './ws-liveness';

export interface WebSocketListenerOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  sendBufferBytes: number;
  /** Protocol pings to silent clients every this many ms. @default 0 (off) */
  pingIntervalMs?: number;
  /** Silent checks in a row after which a client is dead. @default 1 */
  pingMaxMissed?: number;
  accept: AcceptClient;
  /** Where an error of the server after start goes. */
  logger: Logger;
}

/** Serves WebSocket clients with `ws` and adapts each connection to ClientSocket. */
export async function listenWebSocket(options: WebSocketListenerOptions): Promise<ClientListener> {
  const server = new WebSocketServer({
    host: options.host,
    port: options.port,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // After start, an error of the server (e.g. an accept() that failed) must not crash the Gateway:
  // the server keeps its port, so it is logged. Roles have no 'error' event (README, "Role events").
  server.on('error', (err) => options.logger.error(`client listener: ${describeError(err)}`));
  const liveness = new WebSocketLiveness(options.pingIntervalMs ?? 0, options.pingMaxMissed ?? 1);
  server.on('connection', (ws, request) => {
    const socket = new WebSocketClientSocket(ws, request, options.sendBufferBytes);
    const handlers = options.accept(socket, describeRequest(request));
    let protocolError: string | undefined;
    ws.on('message', (data: Buffer, isBinary: boolean) => handlers.onMessage(data, isBinary));
    // ws answers each ping at once; a client that pings but never reads would pile up pongs.
    ws.on('ping', () => {
      if (ws.bufferedAmount <= options.sendBufferBytes) return;
      protocolError = 'pings while not reading (send buffer full)';
      ws.terminate();
    });
    ws.on('error', (err) => {
      protocolError = err.message;
    });
    ws.on('close', () => handlers.onClose(protocolError));
    liveness.watch(ws, () => handlers.onHeartbeatTimeout?.());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () => {
      liveness.stop();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describeRequest(request: IncomingMessage): ConnectionRequest {
  const headers: ConnectionRequest['headers'] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.push({ name: (raw[i] as string).toLowerCase(), value: raw[i + 1] as string });
  return { url: request.url ?? '/', headers };
}

class WebSocketClientSocket implements ClientSocket {
  readonly transport = 'ws' as const;
  readonly remoteAddress: string;
  readonly remotePort: number;
  private pauses = 0;

  constructor(
    private readonly ws: WebSocket,
    request: IncomingMessage,
    private readonly sendBufferBytes: number,
  ) {
    this.remoteAddress = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    this.remotePort = request.socket.remotePort ?? 0;
  }

  send(data: Buffer, binary: boolean): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > this.sendBufferBytes) return false; // the Gateway counts the drop
    this.ws.send(data, { binary });
    return true;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    else this.ws.terminate();
  }

  destroy(): void {
    this.ws.terminate();
  }

  pause(): void {
    if (this.pauses++ === 0) this.ws.pause();
  }

  resume(): void {
    if (this.pauses > 0 && --this.pauses === 0) this.ws.resume();
  }
}
