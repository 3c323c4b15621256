import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { describeError, type Logger } from '../../logger';
import { plainAddress, type Admission } from '../admission';
import { listenOn } from './inherited';
import { createClientServer } from './tls-server';
import {
  FlowControlledSocket,
  type AcceptClient,
  type ClientListener,
  type ClientSocket,
  type ClientSocketHandlers,
  type ConnectionRequest,
} from './client-socket';
import { WebSocketLiveness, type LivenessEntry } from './ws-liveness';

export interface WebSocketListenerOptions {
  host: string;
  port: number;
  /** Its index among the Gateway's `listen` addresses (for a socket handed over under the CLI). */
  listenerIndex?: number;
  maxMessageBytes: number;
  sendBufferBytes: number;
  /** Protocol pings to silent clients every this many ms. @default 0 (off) */
  pingIntervalMs?: number;
  /** Silent checks in a row after which a client is dead. @default 1 */
  pingMaxMissed?: number;
  /** Counts connections and refuses those over its limits (503 at accept). @default no limits */
  admission?: Admission;
  /** A connection that has not completed its WebSocket upgrade this long after accept is cut. @default 10000 */
  handshakeTimeoutMs?: number;
  /** Only this request path is served (others get 404). @default any */
  path?: string;
  /** Only these Origin header values are served (others get 403); empty: any. @default [] */
  allowedOrigins?: string[];
  accept: AcceptClient;
  /** An http or https server to bind (tls-server.ts makes it); a plain http server when absent. */
  server?: Server;
  /** Where an error of the server after start goes. */
  logger: Logger;
}

/** Serves WebSocket clients with `ws` and adapts each connection to ClientSocket. */
export async function listenWebSocket(options: WebSocketListenerOptions): Promise<ClientListener> {
  const http = options.server ?? (await createClientServer('http')).server;
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  await listenOn(http, options.listenerIndex, options.port, options.host);
  // After start, an error of the server (e.g. an accept() that failed) must not crash the Gateway:
  // the server keeps its port, so it is logged. Roles have no 'error' event (README, "Role events").
  http.on('error', (err) => options.logger.error(`client listener: ${describeError(err)}`));
  guardConnections(http, options);
  http.on('request', (_request, response) => {
    response.writeHead(426, { Connection: 'close', Upgrade: 'websocket' }).end('WebSocket only');
  });
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refusalOf(request, options);
    if (refusal) {
      refuse(socket, refusal);
      return;
    }
    server.handleUpgrade(request, socket, head, (ws) => {
      handshakeDone(rawSocketOf(socket));
      server.emit('connection', ws, request);
    });
  });
  const liveness = new WebSocketLiveness(options.pingIntervalMs ?? 0, options.pingMaxMissed ?? 1);
  server.on('connection', (ws, request) => {
    const socket = new WebSocketClientSocket(ws, request, options.sendBufferBytes, liveness);
    socket.handlers = options.accept(socket, describeRequest(request));
    adapters.set(ws, socket);
    ws.on('message', onFrameMessage);
    ws.on('ping', onFramePing);
    if (liveness.isOn) ws.on('pong', onFramePong);
    ws.on('error', onSocketError);
    ws.on('close', onSocketClose);
    liveness.watch(socket);
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () => {
      liveness.stop();
      server.close();
      return new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * Each connection's adapter, for the listeners below: they are shared by all connections (ws calls
 * them with `this` = the WebSocket), so an idle connection costs no closure for them.
 */
const adapters = new WeakMap<WebSocket, WebSocketClientSocket>();

function onFrameMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  const socket = adapters.get(this);
  if (!socket) return;
  socket.seen = true;
  socket.handlers?.onMessage(data, isBinary);
}

// ws answers each ping and cuts a client with 60 pongs unsent (it pings but never reads).
function onFramePing(this: WebSocket): void {
  const socket = adapters.get(this);
  if (!socket) return;
  socket.seen = true;
  if (this.readyState !== WebSocket.OPEN) socket.protocolError ??= 'pings while not reading its pongs';
}

function onFramePong(this: WebSocket): void {
  const socket = adapters.get(this);
  if (socket) socket.seen = true;
}

function onSocketError(this: WebSocket, err: Error): void {
  const socket = adapters.get(this);
  if (socket) socket.protocolError = err.message;
}

function onSocketClose(this: WebSocket): void {
  const socket = adapters.get(this);
  if (!socket) return;
  adapters.delete(this);
  socket.liveness.forget(socket);
  socket.handlers?.onClose(socket.protocolError);
}

/** The handshake timers of connections not yet upgraded. */
const handshakeTimers = new WeakMap<Duplex, NodeJS.Timeout>();

/**
 * The TCP connection under an upgrade's socket: an https server hands 'upgrade' the TLS socket,
 * which wraps the one 'connection' saw (`_parent`, Node's name for it since TLS sockets exist).
 */
function rawSocketOf(socket: Duplex): Duplex {
  return (socket as Duplex & { _parent?: Duplex })._parent ?? socket;
}

function handshakeDone(socket: Duplex): void {
  clearTimeout(handshakeTimers.get(socket));
  handshakeTimers.delete(socket);
}

/** At accept: admission (503 over a limit) and the handshake deadline, before any worker event. */
function guardConnections(http: Server, options: WebSocketListenerOptions): void {
  const timeoutMs = options.handshakeTimeoutMs ?? 10_000;
  http.on('connection', (socket) => {
    const address = plainAddress(socket.remoteAddress);
    const { admission } = options;
    if (admission && !admission.tryAdmit(address)) {
      refuse(socket, { status: 503, text: 'Service Unavailable', headers: { 'Retry-After': '5' } });
      return;
    }
    // Slow or never-finished upgrade requests (slowloris) are cut.
    handshakeTimers.set(
      socket,
      setTimeout(() => socket.destroy(), timeoutMs),
    );
    // 'close' comes once: `on` spares the wrapper `once` would keep per connection.
    socket.on('close', () => {
      handshakeDone(socket);
      admission?.release(address);
    });
  });
}

interface Refusal {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

/** Why an upgrade request is refused (wrong path or Origin), if it is. */
function refusalOf(request: IncomingMessage, options: WebSocketListenerOptions): Refusal | undefined {
  if (options.path !== undefined && new URL(request.url ?? '/', 'http://x').pathname !== options.path)
    return { status: 404, text: 'Not Found' };
  const allowed = options.allowedOrigins ?? [];
  if (allowed.length > 0 && !allowed.includes(request.headers.origin ?? ''))
    return { status: 403, text: 'Forbidden' };
  return undefined;
}

/** Answers with an HTTP error and closes the connection. */
function refuse(socket: Duplex, refusal: Refusal): void {
  const headers = Object.entries({ ...refusal.headers, Connection: 'close', 'Content-Length': '0' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${refusal.status} ${refusal.text}\r\n${headers}\r\n`);
  // A client that does not read must not keep the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
}

function describeRequest(request: IncomingMessage): ConnectionRequest {
  const headers: ConnectionRequest['headers'] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.push({ name: (raw[i] as string).toLowerCase(), value: raw[i + 1] as string });
  return { url: request.url ?? '/', headers };
}

/** Messages up to this size are framed into one buffer (header and payload copied together). */
const MERGED_FRAME_MAX_BYTES = 16 * 1024;

/**
 * The last merged frame and the payload it was built from: a broadcast frames its message once
 * for all its clients. The payload is held weakly (it may be a slice of a large gRPC message);
 * payloads are never modified after they are sent.
 */
let lastFrame: { data: WeakRef<Buffer>; binary: boolean; frame: Buffer } | undefined;

/** A whole unmasked, uncompressed WebSocket message, as ws.send frames it: one buffer when small. */
function frameOf(data: Buffer, binary: boolean): Buffer[] {
  if (data.length > MERGED_FRAME_MAX_BYTES) return [frameHeader(data.length, binary, 0), data];
  if (lastFrame?.binary === binary && lastFrame.data.deref() === data) return [lastFrame.frame];
  const frame = frameHeader(data.length, binary, data.length);
  data.copy(frame, frame.length - data.length);
  lastFrame = { data: new WeakRef(data), binary, frame };
  return [frame];
}

/** RFC 6455 §5.2 header of a final server frame (FIN, no mask), with `room` bytes after it. */
export function frameHeader(length: number, binary: boolean, room: number): Buffer {
  const size = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
  const header = Buffer.allocUnsafe(size + room);
  header[0] = 0x80 | (binary ? 2 : 1);
  if (size === 2) header[1] = length;
  else if (size === 4) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    header.writeUInt32BE(length >>> 0, 6);
  }
  return header;
}

/**
 * Writes its frames to the TCP (or TLS) socket itself, in the order ws writes its own (pings, close):
 * ws's sender queues nothing when permessage-deflate is off (as this listener configures it) and
 * only Buffers are sent. So a broadcast is framed once and a batch leaves in one write (BatchCork).
 */
class WebSocketClientSocket extends FlowControlledSocket implements ClientSocket, LivenessEntry {
  readonly transport = 'ws' as const;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** What the Gateway does with this client's events (set once it is accepted). */
  handlers?: ClientSocketHandlers;
  /** Set when the client broke the protocol; onClose reports it. */
  protocolError?: string;
  // Liveness (ws-liveness.ts).
  seen = true;
  missed = 0;
  /** The socket ws reads and writes: the one that was upgraded. */
  private readonly raw: Duplex;

  constructor(
    readonly ws: WebSocket,
    request: IncomingMessage,
    private readonly sendBufferBytes: number,
    readonly liveness: WebSocketLiveness,
  ) {
    super(ws, request.socket);
    this.remoteAddress = plainAddress(request.socket.remoteAddress);
    this.remotePort = request.socket.remotePort ?? 0;
    this.raw = request.socket;
  }

  send(data: Buffer, binary: boolean): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    // The Gateway counts the drop.
    if (this.ws.bufferedAmount - this.batch.heldBytes > this.sendBufferBytes) return false;
    for (const part of frameOf(data, binary)) this.raw.write(part);
    this.batch.wrote();
    return true;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    else this.ws.terminate();
  }

  destroy(): void {
    // What the batch holds would have reached the kernel before this: it still does.
    this.batch.end();
    this.ws.terminate();
  }

  onDead(): void {
    this.handlers?.onHeartbeatTimeout?.();
  }
}
