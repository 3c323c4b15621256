import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { describeError, type Logger } from '../../logger';
import { createClientServer } from './tls-server';
import type { AcceptClient, ClientListener, ClientSocket, ConnectionRequest } from './client-socket';

export interface WebSocketListenerOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  sendBufferBytes: number;
  accept: AcceptClient;
  /** An http or https server to bind (tls-server.ts makes it); a plain http server when absent. */
  server?: Server;
  /** Where an error of the server after start goes. */
  logger: Logger;
}

/** Serves WebSocket clients with `ws` and adapts each connection to ClientSocket. */
export async function listenWebSocket(options: WebSocketListenerOptions): Promise<ClientListener> {
  const httpServer = options.server ?? (await createClientServer('http')).server;
  // A request that is not an upgrade gets 426, as from the server ws would make itself.
  httpServer.on('request', (_request, response) => {
    response.writeHead(426, { 'Content-Type': 'text/plain' }).end(STATUS_CODES[426]);
  });
  const server = new WebSocketServer({
    server: httpServer,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    httpServer.listen(options.port, options.host);
  });
  // After start, an error of the server (e.g. an accept() that failed) must not crash the Gateway:
  // the server keeps its port, so it is logged. Roles have no 'error' event (README, "Role events").
  server.on('error', (err) => options.logger.error(`client listener: ${describeError(err)}`));
  server.on('connection', (ws, request) => {
    const socket = new WebSocketClientSocket(ws, request, options.sendBufferBytes);
    const handlers = options.accept(socket, describeRequest(request));
    let protocolError: string | undefined;
    ws.on('message', (data: Buffer, isBinary: boolean) => handlers.onMessage(data, isBinary));
    ws.on('error', (err) => {
      protocolError = err.message;
    });
    ws.on('close', () => handlers.onClose(protocolError));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    // (ws closes only a server it made itself.)
    close: () =>
      new Promise<void>((resolve) => {
        server.close();
        httpServer.close(() => resolve());
      }),
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
