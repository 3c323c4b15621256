import * as net from 'node:net';

/**
 * A server of JSON lines for the control channels (CLI -> master, master -> role process), safe
 * against idle and garbage connections: a connection must prove itself (the handler calls
 * `trust()`, after checking its token) within `idleTimeoutMs`, lines are bounded, and at most
 * `maxPending` unproven connections are kept (a new one pushes the oldest out), so a flood never
 * keeps the real caller, whose first line comes at once, from being served.
 */
export interface LineServerOptions {
  /** Unproven connections kept at once. @default 16 */
  maxPending?: number;
  /** An unproven connection is cut after this long. @default 5000 */
  idleTimeoutMs?: number;
  /** A longer line cuts the connection. @default 65536 */
  maxLineBytes?: number;
}

export interface LineConnection {
  readonly socket: net.Socket;
  /** Marks the connection as proven: no idle timeout, not counted against maxPending. */
  trust(): void;
  send(message: unknown): void;
}

export const CONTROL_LIMITS = { maxPending: 16, idleTimeoutMs: 5000, maxLineBytes: 65_536 };

export function serveLines(
  server: net.Server,
  onLine: (connection: LineConnection, line: string) => void,
  options: LineServerOptions = {},
): void {
  const { maxPending, idleTimeoutMs, maxLineBytes } = { ...CONTROL_LIMITS, ...options };
  const pending = new Set<net.Socket>();
  server.on('connection', (socket) => {
    if (pending.size >= maxPending) {
      const oldest = pending.values().next().value;
      pending.delete(oldest as net.Socket);
      oldest?.destroy();
    }
    pending.add(socket);
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    socket.on('close', () => pending.delete(socket));
    socket.on('error', () => undefined);
    const connection: LineConnection = {
      socket,
      trust: () => {
        pending.delete(socket);
        socket.setTimeout(0);
      },
      send: (message) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
      },
    };
    readLines(socket, maxLineBytes, (line) => onLine(connection, line));
  });
}

/** Calls `onLine` for each line of `socket`; a line longer than `maxLineBytes` destroys it. */
export function readLines(socket: net.Socket, maxLineBytes: number, onLine: (line: string) => void): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1 && !socket.destroyed) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.length > maxLineBytes) socket.destroy();
      else onLine(line);
    }
    if (buffer.length > maxLineBytes) socket.destroy();
  });
}
