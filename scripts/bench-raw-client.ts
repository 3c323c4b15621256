// A receive-only WebSocket client for the load of `npm run bench`: the upgrade request and frame
// parsing written out, without an HTTP client, so that one load process opens and holds tens of
// thousands of connections at a fraction of the CPU a full client needs (this box has 2 cores for
// load and servers). It answers pings (heartbeats stay on) and close frames; it sends nothing else.
// Frames it sends carry the mask key 0 (valid per RFC 6455 §5.3: the key is not checked).
import net from 'node:net';

const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
const HEADER_END = Buffer.from('\r\n\r\n');

export interface RawConnection {
  readonly closed: boolean;
  /** Sends a close frame (1000) and ends the socket. */
  close(): void;
  terminate(): void;
}

export interface RawOptions {
  url: string;
  /**
   * Source address and port. An explicit port: bind() with port 0 searches the port space, which on
   * Linux makes each connect from a bound address ~10× dearer in CPU once thousands are open.
   */
  localAddress: string;
  localPort: number;
  timeoutMs: number;
  onMessage: (payload: Buffer) => void;
  /** An open connection ended (by either side). */
  onClose: () => void;
  onError: () => void;
}

/** A masked frame (key 0, so the payload goes unchanged) of a payload under 126 bytes. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const header = Buffer.from([0x80 | opcode, 0x80 | payload.length, 0, 0, 0, 0]);
  return Buffer.concat([header, payload]);
}

const CLOSE_FRAME = maskedFrame(OP_CLOSE, Buffer.from([0x03, 0xe8]));

/** The server answered the upgrade with another status than 101 (e.g. 503 from a full Gateway process). */
export class RefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Resolves once the server has answered the upgrade with 101. */
export function openRaw(options: RawOptions): Promise<RawConnection> {
  const url = new URL(options.url);
  const request =
    `GET ${url.pathname || '/'} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      localAddress: options.localAddress,
      localPort: options.localPort,
    });
    socket.setNoDelay(true);
    let upgraded = false;
    let closed = false;
    let pending: Buffer | undefined;
    const connection: RawConnection = {
      get closed() {
        return closed;
      },
      close: () => {
        if (!closed && !socket.writableEnded) socket.end(CLOSE_FRAME);
      },
      terminate: () => socket.destroy(),
    };
    const timer = setTimeout(() => socket.destroy(new Error('handshake timeout')), options.timeoutMs);
    socket.write(request);
    socket.on('error', (err) => {
      if (!upgraded) reject(err);
      else options.onError();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (!upgraded) reject(new Error('closed before the upgrade'));
      else if (!closed) {
        closed = true;
        options.onClose();
      }
    });
    socket.on('data', (chunk: Buffer) => {
      let data = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = undefined;
      if (!upgraded) {
        const end = data.indexOf(HEADER_END);
        if (end < 0) {
          pending = data;
          return;
        }
        if (!data.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) {
          const status = data.toString('latin1', 0, data.indexOf('\r\n'));
          socket.destroy(new RefusedError(`upgrade refused: ${status}`, Number(status.split(' ')[1])));
          return;
        }
        upgraded = true;
        clearTimeout(timer);
        resolve(connection);
        data = data.subarray(end + HEADER_END.length);
      }
      pending = readFrames(data, socket, options.onMessage);
    });
  });
}

/** Handles every whole frame in `data`; returns the incomplete rest, if any. */
function readFrames(
  data: Buffer,
  socket: net.Socket,
  onMessage: (payload: Buffer) => void,
): Buffer | undefined {
  let offset = 0;
  while (data.length - offset >= 2) {
    const opcode = (data[offset] as number) & 0x0f;
    let length = (data[offset + 1] as number) & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      if (data.length - offset < 4) break;
      length = data.readUInt16BE(offset + 2);
      start = offset + 4;
    } else if (length === 127) {
      if (data.length - offset < 10) break;
      length = Number(data.readBigUInt64BE(offset + 2));
      start = offset + 10;
    }
    if (data.length < start + length) break;
    const payload = data.subarray(start, start + length);
    offset = start + length;
    if (opcode === OP_TEXT || opcode === OP_BINARY) onMessage(payload);
    else if (socket.writableEnded) continue;
    else if (opcode === OP_PING && payload.length < 126) socket.write(maskedFrame(OP_PONG, payload));
    else if (opcode === OP_CLOSE) socket.end(CLOSE_FRAME);
  }
  return offset < data.length ? Buffer.from(data.subarray(offset)) : undefined;
}
