import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { signalProcess } from './signal';

/**
 * The CLI talks to a running master over a loopback TCP connection: one JSON line in, one JSON line
 * out. The address and a random token are in the state file, which only the owner can read.
 */
export interface MasterState {
  pid: number;
  control: string;
  token: string;
  startedAt: number;
  logFile?: string;
}

export type ControlCommand = 'status' | 'connections' | 'reload' | 'stop';

export function readState(stateFile: string): MasterState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as MasterState;
  } catch {
    return undefined;
  }
}

export function writeState(stateFile: string, state: MasterState): void {
  writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function removeState(stateFile: string): void {
  rmSync(stateFile, { force: true });
}

/** Whether `pid` is a live process we may signal (a corrupt state file's 0 or -1 is not). */
export function isAlive(pid: unknown): boolean {
  try {
    return signalProcess(pid, 0);
  } catch {
    return false;
  }
}

/** Starts the master's control server; `handle` answers each command. */
export async function serveControl(
  handle: (command: ControlCommand) => Promise<unknown>,
): Promise<{ address: string; token: string; close(): void }> {
  const token = randomBytes(16).toString('hex');
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) {
        if (buffer.length > 4096) socket.destroy();
        return;
      }
      let request: { token?: string; command?: ControlCommand };
      try {
        request = JSON.parse(buffer.slice(0, newline)) as typeof request;
      } catch {
        socket.end(`${JSON.stringify({ error: 'bad request' })}\n`);
        return;
      }
      if (request.token !== token || !request.command) {
        socket.end(`${JSON.stringify({ error: 'unauthorized' })}\n`);
        return;
      }
      handle(request.command).then(
        (result) => socket.end(`${JSON.stringify({ result })}\n`),
        (err: unknown) => socket.end(`${JSON.stringify({ error: (err as Error).message ?? String(err) })}\n`),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  server.unref();
  return { address: `127.0.0.1:${address.port}`, token, close: () => server.close() };
}

/** Sends one command to a running master and returns its result. */
export function callControl(
  state: MasterState,
  command: ControlCommand,
  timeoutMs = 60_000,
): Promise<unknown> {
  const [host = '127.0.0.1', port = '0'] = state.control.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the master did not answer '${command}' within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ token: state.token, command })}\n`));
    socket.on('data', (chunk: string) => (buffer += chunk));
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        const reply = JSON.parse(buffer) as { result?: unknown; error?: string };
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply.result);
      } catch {
        reject(new Error('the master closed the control connection without an answer'));
      }
    });
  });
}
