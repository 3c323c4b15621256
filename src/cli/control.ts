import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { isSameProcess } from './identity';

export { isAlive } from './identity';
import { readLines, serveLines } from './line-server';
import type { RoleKind } from './roles';

/**
 * The CLI talks to a running master over a loopback TCP connection: one JSON line in, one JSON line
 * out. The address and a random token are in the state file, which only the owner can read.
 */
export interface MasterState {
  pid: number;
  /** The master's start time (identity.ts), so that a reused pid is never taken for it. */
  startTime?: string;
  control: string;
  token: string;
  startedAt: number;
  logFile?: string;
  /** The role processes, so that a new master adopts them and `stop` finds them when the master is gone. */
  children?: ChildRecord[];
  /** What the master and its role processes prove to each other on a role process's control socket. */
  childToken?: string;
  /** "host:port" of the metrics and status page server, when the `metrics` option is on. */
  metrics?: string;
}

/** A role process as the state file lists it. */
export interface ChildRecord {
  kind: RoleKind;
  /** "<role index>:<process index>", as in the child's environment. */
  slot: string;
  pid: number;
  startTime?: string;
}

export type ControlCommand = 'status' | 'connections' | 'reload' | 'stop' | 'reopen-logs';

export function readState(stateFile: string): MasterState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as MasterState;
  } catch {
    return undefined;
  }
}

/** Writes the state file whole or not at all (a reader never sees half of it). */
export function writeState(stateFile: string, state: MasterState): void {
  const temporary = `${stateFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temporary, stateFile);
}

export function removeState(stateFile: string): void {
  rmSync(stateFile, { force: true });
}

/** Whether the state's master still runs: its pid is alive and is the very process that wrote it. */
export function masterIsAlive(state: MasterState): boolean {
  return isSameProcess(state.pid, state.startTime);
}

/** The role processes of a state file that still run (pid and start time match). */
export function liveChildren(state: MasterState | undefined): ChildRecord[] {
  return (state?.children ?? []).filter((child) => isSameProcess(child.pid, child.startTime));
}

export function newToken(): string {
  return randomBytes(16).toString('hex');
}

/** Compares a token in constant time. */
export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** Starts the master's control server; `handle` answers each command. */
export async function serveControl(
  handle: (command: ControlCommand, args: unknown) => Promise<unknown>,
): Promise<{ address: string; token: string; close(): void }> {
  const token = newToken();
  const server = net.createServer();
  serveLines(server, (connection, line) => {
    let request: { token?: string; command?: ControlCommand; args?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      connection.send({ error: 'bad request' });
      connection.socket.end();
      return;
    }
    if (!tokenMatches(request.token, token) || !request.command) {
      connection.send({ error: 'unauthorized' });
      connection.socket.end();
      return;
    }
    // A reload may take minutes: a proven caller waits as long as it takes.
    connection.trust();
    connection.socket.pause();
    handle(request.command, request.args).then(
      (result) => connection.socket.end(`${JSON.stringify({ result })}\n`),
      (err: unknown) =>
        connection.socket.end(`${JSON.stringify({ error: (err as Error).message ?? String(err) })}\n`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return { address: `127.0.0.1:${address.port}`, token, close: () => server.close() };
}

/** Sends one command (with its arguments, if any) to a running master and returns its result. */
export function callControl(
  state: MasterState,
  command: ControlCommand,
  timeoutMs = 60_000,
  args?: unknown,
): Promise<unknown> {
  const [host = '127.0.0.1', port = '0'] = state.control.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    let answered = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the master did not answer '${command}' within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(`${JSON.stringify({ token: state.token, command, args })}\n`));
    readLines(socket, 256 * 1024 * 1024, (line) => {
      answered = true;
      clearTimeout(timer);
      try {
        const reply = JSON.parse(line) as { result?: unknown; error?: string };
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply.result);
      } catch {
        reject(new Error('the master sent an answer that is not JSON'));
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (!answered) reject(new Error('the master closed the control connection without an answer'));
    });
  });
}
