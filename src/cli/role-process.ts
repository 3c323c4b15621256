import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import * as net from 'node:net';
import { Backoff } from '../util/backoff';
import { isSameProcess, processInfo } from './identity';
import type { MasterMessage } from './ipc';
import { readLines } from './line-server';
import { signalProcess } from './signal';

/**
 * A role process as the supervisor sees it: messages in ('message'), messages out (send), and one
 * 'exit' (code, signal). The test fake has the same shape.
 */
export interface RoleChild extends EventEmitter {
  readonly process: { readonly pid: number | undefined; kill(signal: NodeJS.Signals): boolean };
  /** Its start time (identity.ts), where known. */
  readonly startTime?: string;
  send(message: MasterMessage): boolean;
  isConnected(): boolean;
  isDead(): boolean;
}

/** How often a process that is not our child (so no 'exit' event) is checked once its socket closes. */
const GONE_POLL_MS = 100;
/** How long an exited process that is not our child may take to be reaped by its parent. */
const REAP_WAIT_MS = 500;

/**
 * The master's link to one role process, over the process's control socket (a unix socket in the
 * run directory). The same link serves a process this master spawned (its exit status comes from
 * `spawned`) and one it adopted or a Gateway spawned (it is gone when its socket closes and its pid
 * no longer names it). Because the process listens and the master connects, a process outlives its
 * master, and the next master reaches it the same way.
 */
export class RoleProcess extends EventEmitter implements RoleChild {
  readonly process: { pid: number; kill(signal: NodeJS.Signals): boolean };
  private socket?: net.Socket;
  private connected = false;
  private dead = false;
  private readonly backoff = new Backoff(20, 500);
  private retryTimer?: NodeJS.Timeout;

  constructor(
    pid: number,
    private readonly socketPath: string,
    private readonly token: string,
    /** The start time recorded for it (identity.ts). */
    readonly startTime: string | undefined,
    private readonly spawned?: ChildProcess,
  ) {
    super();
    this.process = {
      pid,
      // Never a signal to a pid that now names another process.
      kill: (signal) => isSameProcess(pid, startTime) && signalProcess(pid, signal),
    };
    if (spawned) spawned.once('exit', (code, signal) => this.exited(code, signal));
    this.connect();
  }

  isConnected(): boolean {
    return this.connected;
  }

  isDead(): boolean {
    return this.dead;
  }

  send(message: MasterMessage): boolean {
    if (!this.connected || !this.socket) return false;
    return this.socket.write(`${JSON.stringify(message)}\n`);
  }

  /** Stops trying to reach the process (the master is exiting); the process keeps running. */
  detach(): void {
    clearTimeout(this.retryTimer);
    this.dead = true;
    this.socket?.destroy();
    this.spawned?.unref();
  }

  private connect(): void {
    if (this.dead) return;
    const socket = net.connect(this.socketPath);
    this.socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      this.backoff.reset();
      socket.write(`${JSON.stringify({ token: this.token })}\n`);
    });
    readLines(socket, 256 * 1024 * 1024, (line) => {
      try {
        this.emit('message', JSON.parse(line));
      } catch {
        // not ours to crash on
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.connected = false;
      if (this.dead) return;
      // Its own child's exit comes as an event; any other process is gone when its pid is.
      if (!this.spawned && !isSameProcess(this.process.pid, this.startTime)) {
        this.whenReaped(Date.now() + REAP_WAIT_MS);
        return;
      }
      // Not listening yet (starting), or busy: try again.
      this.retryTimer = setTimeout(
        () => this.connect(),
        this.spawned ? this.backoff.nextDelayMs() : Math.min(GONE_POLL_MS, this.backoff.nextDelayMs()),
      );
    });
  }

  /**
   * A process that exited is a zombie until its parent reaps it, which a live parent does at once;
   * waiting for that (a little) means a stop leaves no trace (a zombie whose parent died first
   * stays where the system's init reaps nothing).
   */
  private whenReaped(deadline: number): void {
    const info = processInfo(this.process.pid);
    if (info?.zombie && info.startTime === this.startTime && Date.now() < deadline) {
      this.retryTimer = setTimeout(() => this.whenReaped(deadline), 10);
      return;
    }
    this.exited(null, null);
  }

  private exited(code: number | null, signal: string | null): void {
    if (this.dead) return;
    this.dead = true;
    this.connected = false;
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
    // (A process killed with -9 cannot remove its socket file.)
    rmSync(this.socketPath, { force: true });
    this.emit('exit', code, signal);
  }
}
