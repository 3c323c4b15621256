import cluster, { type Worker as ChildProcess } from 'node:cluster';
import type { Logger } from '../logger';
import { Backoff } from '../util/backoff';
import { CHILD_ENV, type ChildMessage, type ClientConnection, type MasterMessage } from './ipc';
import { describeRole, type ProcessStats, type Role, type RoleSpec } from './roles';

/** One process slot: role #roleIndex, process #index. A restarted child takes the same slot (and index). */
interface Slot {
  roleIndex: number;
  spec: RoleSpec;
  index: number;
  child?: ChildProcess;
  state: 'starting' | 'ready' | 'stopping' | 'exited';
  listen: string;
  backoff: Backoff;
}

export interface SupervisorOptions {
  logger: Logger;
  /** How long stop waits for children to exit before SIGKILL. */
  stopTimeoutMs: number;
  /** How long a child may take to report READY. */
  readyTimeoutMs: number;
  /** Starts a child process with this environment; cluster.fork (tests inject a fake). */
  fork?: (env: Record<string, string>) => ChildProcess;
}

/**
 * A process's figures, or why there are none: it did not answer within 1 s (busy), or it is down,
 * and then its pid is null (never 0, which process.kill would read as "my own process group").
 */
export type StatusRow =
  | ProcessStats
  | { kind: string; name: string; index: number; pid: number; state: 'busy' }
  | { kind: string; name: string; index: number; pid: null; state: 'down' };

export interface ReloadResult {
  slot: string;
  /** null when the slot had no running process. */
  oldPid: number | null;
  newPid: number;
  ms: number;
}

/**
 * The master process: forks one child per role process (cluster module, so that the Gateway
 * processes share the client port), restarts children that die, stops them in order (workers,
 * then Gateways, then the Register) and reloads BusinessWorkers one at a time.
 */
export class Supervisor {
  readonly slots: Slot[] = [];
  private stopping = false;
  private reloading = false;
  private nextQueryId = 1;

  constructor(
    roles: readonly Role[],
    private readonly options: SupervisorOptions,
  ) {
    roles.forEach((role, roleIndex) => {
      const spec = describeRole(role);
      for (let index = 0; index < spec.processes; index++) {
        this.slots.push({
          roleIndex,
          spec,
          index,
          state: 'exited',
          listen: spec.listen,
          backoff: new Backoff(200, 5000),
        });
      }
    });
  }

  /** Starts every slot, Register first, then Gateways, then workers; resolves when all are ready. */
  async start(): Promise<void> {
    for (const kind of ['register', 'gateway', 'worker'] as const) {
      await Promise.all(this.slots.filter((s) => s.spec.kind === kind).map((s) => this.launch(s)));
    }
  }

  /** Stops workers, then Gateways, then the Register; SIGKILLs what does not exit in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const kind of ['worker', 'gateway', 'register'] as const) {
      await Promise.all(
        this.slots
          .filter((s) => s.spec.kind === kind && s.child)
          .map((s) => this.stopChild(s, s.child as ChildProcess)),
      );
    }
  }

  /**
   * Replaces every BusinessWorker process with a new one running the current code, one at a time:
   * the new process attaches to every Gateway before the old one drains, so no event is lost.
   */
  async reload(): Promise<ReloadResult[]> {
    if (this.reloading || this.stopping) return [];
    this.reloading = true;
    const results: ReloadResult[] = [];
    try {
      for (const slot of this.slots.filter((s) => s.spec.reloadable)) {
        const old = slot.child;
        const startedAt = Date.now();
        await this.launch(slot);
        const replacement = slot.child;
        if (slot.state !== 'ready' || !replacement) {
          // The new code does not start: keep the old process serving and stop reloading.
          if (replacement) await this.stopChild(slot, replacement);
          slot.child = old;
          slot.state = old ? 'ready' : 'exited';
          throw new Error(
            `${slot.spec.name}:${slot.index}: the new process did not become ready; the old one keeps running`,
          );
        }
        if (old) await this.stopChild(slot, old);
        results.push({
          slot: `${slot.spec.name}:${slot.index}`,
          oldPid: old?.process.pid ?? null,
          newPid: replacement.process.pid as number,
          ms: Date.now() - startedAt,
        });
      }
    } finally {
      this.reloading = false;
    }
    return results;
  }

  /** Asks every running child for its figures; a child that does not answer within 1 s is 'busy'. */
  async status(): Promise<StatusRow[]> {
    return Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child;
        const row = { kind: slot.spec.kind, name: slot.spec.name, index: slot.index };
        const pid = child?.process.pid;
        if (!child || pid === undefined) return { ...row, pid: null, state: 'down' as const };
        return (await this.ask<ProcessStats>(child, 'stats')) ?? { ...row, pid, state: 'busy' as const };
      }),
    );
  }

  /** The clients of every Gateway process. */
  async connections(): Promise<
    Array<{ gateway: string; pid: number | null; connections: ClientConnection[] }>
  > {
    const gateways = this.slots.filter((s) => s.spec.kind === 'gateway' && s.child);
    return Promise.all(
      gateways.map(async (slot) => ({
        gateway: `${slot.spec.name}:${slot.index}`,
        pid: slot.child?.process.pid ?? null,
        connections: (await this.ask<ClientConnection[]>(slot.child as ChildProcess, 'connections')) ?? [],
      })),
    );
  }

  /** Forks the slot's child and waits for its READY (or failure / timeout). */
  private launch(slot: Slot): Promise<void> {
    const fork = this.options.fork ?? ((env) => cluster.fork(env));
    const child = fork({ [CHILD_ENV]: `${slot.roleIndex}:${slot.index}` });
    const label = `${slot.spec.name}:${slot.index}`;
    slot.child = child;
    slot.state = 'starting';
    const startedAt = Date.now();
    child.on('exit', (code, signal) => this.onExit(slot, child, code, signal, startedAt));
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.options.logger.warn(
          `${label} (pid ${child.process.pid}) not ready after ${this.options.readyTimeoutMs} ms`,
        );
        resolve();
      }, this.options.readyTimeoutMs);
      const onMessage = (message: ChildMessage): void => {
        if (message.t !== 'ready' && message.t !== 'failed') return;
        clearTimeout(timer);
        child.off('message', onMessage);
        if (message.t === 'ready') {
          slot.state = 'ready';
          slot.listen = message.listen;
          this.options.logger.info(`${label} ready (pid ${child.process.pid})`);
        }
        resolve();
      };
      child.on('message', onMessage);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private onExit(
    slot: Slot,
    child: ChildProcess,
    code: number | null,
    signal: string | null,
    startedAt: number,
  ): void {
    const label = `${slot.spec.name}:${slot.index}`;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (slot.child !== child) return; // an old process replaced by reload
    slot.child = undefined;
    slot.state = 'exited';
    if (this.stopping) return;
    // A child that ran for a while gets a fast restart again.
    if (Date.now() - startedAt > 10_000) slot.backoff.reset();
    const delayMs = slot.backoff.nextDelayMs();
    this.options.logger.warn(
      `${label} (pid ${child.process.pid}) exited with ${how}; restarting in ${delayMs} ms`,
    );
    setTimeout(() => {
      if (!this.stopping && !slot.child) void this.launch(slot);
    }, delayMs);
  }

  private async stopChild(slot: Slot, child: ChildProcess): Promise<void> {
    if (child.isDead()) return;
    if (slot.child === child) slot.state = 'stopping';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const message: MasterMessage = { t: 'shutdown' };
    if (child.isConnected()) child.send(message);
    else child.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.options.logger.warn(
        `${slot.spec.name}:${slot.index} (pid ${child.process.pid}) did not stop in time: SIGKILL`,
      );
      child.process.kill('SIGKILL');
    }, this.options.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private ask<T>(child: ChildProcess, what: 'stats' | 'connections'): Promise<T | undefined> {
    if (!child.isConnected()) return Promise.resolve(undefined);
    const id = this.nextQueryId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        resolve(undefined);
      }, 1000);
      const onMessage = (message: ChildMessage): void => {
        if (message.t !== what || message.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve((message.t === 'stats' ? message.stats : message.connections) as T);
      };
      child.on('message', onMessage);
      child.send({ t: what, id } satisfies MasterMessage);
    });
  }
}
