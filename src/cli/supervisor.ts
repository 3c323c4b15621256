import type { Logger } from '../logger';
import { Backoff } from '../util/backoff';
import {
  CHILD_ENV,
  type CertificateReload,
  type ChildMessage,
  type ClientConnection,
  type MasterMessage,
  type SiblingSpawn,
} from './ipc';
import type { RoleChild as ChildProcess } from './role-process';
import { gatewayMatches, type ConnectionFilter } from './connection-filter';
import { describeRole, type ProcessStats, type Role, type RoleSpec } from './roles';

/**
 * A process that exits before it has run this long counts as a quick exit: the backoff grows, and
 * two in a row make the slot "crash-looping" until a process has been ready this long.
 */
export const STABLE_MS = 10_000;
const CRASH_LOOP_EXITS = 2;

/** One process slot: role #roleIndex, process #index. A restarted child takes the same slot (and index). */
interface Slot {
  roleIndex: number;
  spec: RoleSpec;
  index: number;
  label: string;
  child?: ChildProcess;
  state: 'starting' | 'ready' | 'stopping' | 'exited';
  listen: string;
  backoff: Backoff;
  /** When the current process reported ready. */
  readyAt?: number;
  /** Restarts after unexpected exits (a reload's replacement is not one). */
  restarts: number;
  /** Unexpected exits in a row, each within STABLE_MS of its process's start. */
  quickExits: number;
  /** Why the last process of this slot failed: its error, or how it exited. */
  lastFailure?: string;
  restartTimer?: NodeJS.Timeout;
}

export interface SupervisorOptions {
  logger: Logger;
  /** How long stop waits for children to exit before SIGKILL. */
  stopTimeoutMs: number;
  /** How long a child may take to report READY. */
  readyTimeoutMs: number;
  /** Starts a role process with this environment (its CHILD_ENV). */
  fork: (env: Record<string, string>) => ChildProcess;
  /** Links to a process that a Gateway process started for its group (spawn-sibling). */
  attach?: (pid: number) => ChildProcess;
  /** Called whenever the set of live processes changes (the master lists them in its state file). */
  onChange?: () => void;
}

/** A role process that outlived its master, for a new master to take over. */
export interface AdoptedProcess {
  /** "<role index>:<process index>" */
  slot: string;
  child: ChildProcess;
}

/**
 * What `status` says about a process: `ok` (it answered with its figures), `busy` (ready, but no
 * answer within 1 s), `starting` (not ready yet), `restarting` (exited; a new one is due after a
 * backoff), `crash-looping` (its processes keep exiting soon after they start), `stopping`, `down`.
 */
export type ProcessState = 'ok' | 'busy' | 'starting' | 'restarting' | 'crash-looping' | 'stopping' | 'down';

interface History {
  /** Restarts after unexpected exits since the master started. */
  restarts: number;
  /** The last failure: the child's error, or how it exited. */
  lastFailure?: string;
}

/**
 * One row per process slot. Only an `ok` row has figures. A row without a process has pid null
 * (never 0, which process.kill would read as "my own process group").
 */
export type StatusRow =
  | (ProcessStats & History & { state: 'ok' })
  | (History & {
      kind: string;
      name: string;
      index: number;
      pid: number | null;
      state: Exclude<ProcessState, 'ok'>;
    });

/** A Gateway process that serves TLS, after reading its certificate files again. */
export interface CertificateReloadResult {
  slot: string;
  pid: number | null;
  /** Why it kept its old certificate (bad files, or no answer). */
  error?: string;
}

export interface ReloadResult {
  slot: string;
  /** null when the slot had no running process. */
  oldPid: number | null;
  newPid: number;
  ms: number;
}

/** How a new process's start ended: ready, or why not (its error, its exit, or the deadline). */
type Readiness = { ready: true; listen: string } | { ready: false; reason: string };
type Launch = Readiness & { slot: Slot; child: ChildProcess };

/** What the supervisor is doing as a whole; only a running one restarts children that exit. */
type Phase = 'idle' | 'starting' | 'running' | 'stopping';

/**
 * The master process: starts one process per role process slot (the processes of a Gateway share
 * its client port: the first binds it, the others get it from a live sibling), restarts processes
 * that die, stops them in order (workers, then Gateways, then the Register) and reloads
 * BusinessWorkers one at a time. It can also take over the processes of a master that died.
 */
export class Supervisor {
  readonly slots: Slot[] = [];
  private phase: Phase = 'idle';
  private reloading = false;
  private nextQueryId = 1;
  /** Processes whose failure to start is already in their slot's lastFailure. */
  private readonly failedToStart = new WeakSet<ChildProcess>();
  /** Every process started or adopted and not yet exited, with its slot (for the state file). */
  private readonly live = new Map<ChildProcess, Slot>();
  /** Gateway processes started by a sibling (which must outlive them, to reap them). */
  private readonly viaSibling = new WeakSet<ChildProcess>();

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
          label: `${spec.name}:${index}`,
          state: 'exited',
          listen: spec.listen,
          backoff: new Backoff(200, 5000),
          restarts: 0,
          quickExits: 0,
        });
      }
    });
  }

  /**
   * Starts every slot, Register first, then Gateways, then workers, and resolves when all are ready.
   * Rejects at the first process that fails (its error, an exit, or readyTimeoutMs without READY),
   * naming it and why; nothing is restarted during start, so the caller stops what did start.
   */
  async start(adopted: readonly AdoptedProcess[] = []): Promise<void> {
    this.phase = 'starting';
    await this.takeOver(adopted);
    for (const kind of ['register', 'gateway', 'worker'] as const) {
      let slots = this.slots.filter((s) => s.spec.kind === kind && s.state !== 'ready');
      if (kind === 'gateway') {
        // The first process of a Gateway without a live one binds its port; the others inherit it.
        const first = slots.filter(
          (s, i) => !this.readySibling(s) && slots.findIndex((o) => o.roleIndex === s.roleIndex) === i,
        );
        const failed = await firstFailure(first.map((slot) => this.launch(slot)));
        if (this.phase !== 'starting') throw new Error('stopped while starting');
        if (failed) throw new Error(this.describeFailure(failed.slot, failed.reason, failed.child));
        slots = slots.filter((s) => !first.includes(s));
      }
      const failed = await firstFailure(slots.map((slot) => this.launch(slot)));
      if (this.phase !== 'starting') throw new Error('stopped while starting');
      if (failed) throw new Error(this.describeFailure(failed.slot, failed.reason, failed.child));
    }
    // A process that started and then exited while later roles started is a failed start too.
    const gone = this.slots.find((s) => s.state !== 'ready');
    if (gone)
      throw new Error(`${gone.label} was ready, then ${gone.lastFailure ?? 'exited'} during the start`);
    this.phase = 'running';
  }

  /**
   * Makes each ready process of a dead master's the process of its slot; one whose slot is taken
   * or gone, or that does not say it is ready within readyTimeoutMs, is stopped.
   */
  private async takeOver(adopted: readonly AdoptedProcess[]): Promise<void> {
    const results = await Promise.all(
      adopted.map(async ({ slot: key, child }) => {
        const slot = this.slots.find((s) => `${s.roleIndex}:${s.index}` === key);
        if (slot) this.track(slot, child);
        return { slot, child, readiness: await this.whenReady(child) };
      }),
    );
    for (const { slot, child, readiness } of results) {
      if (slot && readiness.ready && !slot.child && !child.isDead()) {
        this.install(slot, child, readiness.listen);
        this.options.logger.info(`${slot.label}: adopted (pid ${child.process.pid})`);
      } else if (!child.isDead()) {
        this.options.logger.warn(`pid ${child.process.pid} not adopted: stopping it`);
        if (slot) void this.stopChild(slot, child);
        else child.process.kill('SIGTERM');
      }
    }
  }

  /** Every live process and its slot, for the state file. */
  processes(): Array<{ kind: RoleSpec['kind']; slot: string; child: ChildProcess }> {
    return [...this.live].map(([child, slot]) => ({
      kind: slot.spec.kind,
      slot: `${slot.roleIndex}:${slot.index}`,
      child,
    }));
  }

  /** Stops workers, then Gateways, then the Register; SIGKILLs what does not exit in time. */
  async stop(): Promise<void> {
    this.phase = 'stopping';
    for (const slot of this.slots) clearTimeout(slot.restartTimer);
    for (const kind of ['worker', 'gateway', 'register'] as const) {
      // (Also a reload's new process that is not ready yet, and one adopted but not taken.)
      const group = [...this.live].filter(([, slot]) => slot.spec.kind === kind);
      // Gateway processes started by a sibling stop first, while their parent is there to reap them.
      for (const bySibling of [true, false])
        await Promise.all(
          group
            .filter(([child]) => this.viaSibling.has(child) === bySibling)
            .map(([child, slot]) => this.stopChild(slot, child)),
        );
    }
  }

  /**
   * Replaces every BusinessWorker process with a new one running the current code, one at a time:
   * the new process attaches to every Gateway before the old one drains, so no event is lost.
   * A new process that does not become ready is stopped, the old one keeps serving, and the reload
   * ends with an error that says why.
   */
  async reload(): Promise<ReloadResult[]> {
    if (this.reloading || this.phase !== 'running') return [];
    this.reloading = true;
    const results: ReloadResult[] = [];
    try {
      for (const slot of this.slots.filter((s) => s.spec.reloadable)) {
        const old = slot.child;
        const startedAt = Date.now();
        // Not the slot's process until it is ready: until then, its exit is no reason to restart.
        const replacement = await this.fork(slot);
        const readiness = await this.whenReady(replacement);
        if (!readiness.ready) {
          await this.stopChild(slot, replacement);
          const keeps = old ? `the old process (pid ${old.process.pid}) keeps serving` : 'no process serves';
          const done =
            results.length > 0 ? `; already reloaded: ${results.map((r) => r.slot).join(', ')}` : '';
          const message = `reload stopped: ${this.describeFailure(slot, readiness.reason, replacement)}\n${keeps}${done}`;
          this.options.logger.error(message);
          throw new Error(message);
        }
        // (The slot's process now may not be `old`: one that crashed meanwhile has been restarted.)
        const previous = slot.child;
        this.install(slot, replacement, readiness.listen);
        slot.quickExits = 0;
        slot.backoff.reset();
        if (previous) await this.stopChild(slot, previous);
        results.push({
          slot: slot.label,
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

  /**
   * Tells every Gateway process to read its certificate files again (new clients get the renewed
   * certificate; connected ones stay). Lists the Gateways that serve TLS, with an error where the
   * old certificate stays. Gateways without TLS are left out.
   */
  async reloadCertificates(): Promise<CertificateReloadResult[]> {
    const gateways = this.slots.filter((s) => s.spec.kind === 'gateway' && s.state === 'ready' && s.child);
    const results = await Promise.all(
      gateways.map(async (slot) => {
        const child = slot.child as ChildProcess;
        const answer = await this.ask<CertificateReload>(child, 'reload-certificates', 10_000);
        const pid = child.process.pid ?? null;
        if (!answer) return { slot: slot.label, pid, error: 'no answer within 10 s' };
        if (!answer.tls) return undefined;
        return answer.error === undefined
          ? { slot: slot.label, pid }
          : { slot: slot.label, pid, error: answer.error };
      }),
    );
    return results.filter((r): r is CertificateReloadResult => r !== undefined);
  }

  /** Asks every ready child for its figures; a child that does not answer within 1 s is 'busy'. */
  async status(): Promise<StatusRow[]> {
    return Promise.all(
      this.slots.map(async (slot): Promise<StatusRow> => {
        const history: History = { restarts: slot.restarts };
        if (slot.lastFailure !== undefined) history.lastFailure = slot.lastFailure;
        const row = { kind: slot.spec.kind, name: slot.spec.name, index: slot.index, ...history };
        const child = slot.child;
        const pid = child?.process.pid ?? null;
        const state = this.stateOf(slot);
        if (state !== 'ok') return { ...row, pid, state };
        const stats = child && (await this.ask<ProcessStats>(child, 'stats'));
        return stats ? { ...stats, ...history, state: 'ok' } : { ...row, pid, state: 'busy' };
      }),
    );
  }

  /** The clients of every Gateway process (of those the filter names; only the matching clients). */
  async connections(
    filter: ConnectionFilter = {},
  ): Promise<Array<{ gateway: string; pid: number | null; connections: ClientConnection[] }>> {
    const named = this.slots.filter(
      (s) => s.spec.kind === 'gateway' && gatewayMatches(filter, s.spec.name, s.label),
    );
    if (filter.gateway !== undefined && named.length === 0) {
      const known = this.slots.filter((s) => s.spec.kind === 'gateway').map((s) => s.label);
      throw new Error(
        `no Gateway process is named ${filter.gateway}; this master runs ${known.length > 0 ? known.join(', ') : 'no Gateway'}`,
      );
    }
    const gateways = named.filter((s) => s.child);
    const { uid, group } = filter;
    return Promise.all(
      gateways.map(async (slot) => ({
        gateway: slot.label,
        pid: slot.child?.process.pid ?? null,
        connections:
          (await this.ask<ClientConnection[]>(slot.child as ChildProcess, 'connections', 1000, {
            filter: { uid, group },
          })) ?? [],
      })),
    );
  }

  /** Every ready process's metrics (prom-client JSON); `missing` counts those that did not answer within 1 s. */
  async metrics(): Promise<{ metrics: object[][]; missing: number }> {
    const ready = this.slots.filter((s) => s.state === 'ready' && s.child);
    const answers = await Promise.all(
      ready.map((s) => this.ask<object[]>(s.child as ChildProcess, 'metrics')),
    );
    const metrics = answers.filter((a): a is object[] => Array.isArray(a));
    return { metrics, missing: answers.length - metrics.length };
  }

  /** What `status` shows for a slot, before asking its process ('ok' stands for ok or busy). */
  private stateOf(slot: Slot): Exclude<ProcessState, 'busy'> {
    const stable = slot.state === 'ready' && Date.now() - (slot.readyAt ?? 0) >= STABLE_MS;
    if (slot.quickExits >= CRASH_LOOP_EXITS && !stable && this.phase === 'running') return 'crash-looping';
    switch (slot.state) {
      case 'ready':
        return 'ok';
      case 'starting':
        return 'starting';
      case 'stopping':
        return 'stopping';
      case 'exited':
        return slot.restartTimer ? 'restarting' : 'down';
      default: {
        const never: never = slot.state;
        return never;
      }
    }
  }

  /**
   * Starts a process for `slot`; its exit is handled by onExit. A Gateway process is started by a
   * live process of its Gateway when there is one (it hands over the client port).
   */
  private async fork(slot: Slot): Promise<ChildProcess> {
    const sibling = this.readySibling(slot);
    const child =
      sibling && this.options.attach
        ? await this.spawnVia(sibling, slot)
        : this.options.fork({ [CHILD_ENV]: `${slot.roleIndex}:${slot.index}` });
    this.track(slot, child);
    return child;
  }

  /** Asks a live Gateway process to start process #index of its group; falls back to the master. */
  private async spawnVia(sibling: Slot, slot: Slot): Promise<ChildProcess> {
    const answer = await this.ask<SiblingSpawn>(sibling.child as ChildProcess, 'spawn-sibling', 10_000, {
      index: slot.index,
    });
    if (answer?.pid !== undefined && this.options.attach) {
      const child = this.options.attach(answer.pid);
      this.viaSibling.add(child);
      return child;
    }
    this.options.logger.warn(
      `${sibling.label} could not start ${slot.label} (${answer?.error ?? 'no answer'}); the master starts it`,
    );
    return this.options.fork({ [CHILD_ENV]: `${slot.roleIndex}:${slot.index}` });
  }

  /** A ready process of the same Gateway, other than the slot's own. */
  private readySibling(slot: Slot): Slot | undefined {
    if (slot.spec.kind !== 'gateway') return undefined;
    return this.slots.find(
      (s) =>
        s !== slot && s.roleIndex === slot.roleIndex && s.state === 'ready' && s.child && !s.child.isDead(),
    );
  }

  /** Follows a process until it exits. */
  private track(slot: Slot, child: ChildProcess): void {
    const startedAt = Date.now();
    this.live.set(child, slot);
    child.on('exit', (code, signal) => {
      this.live.delete(child);
      this.onExit(slot, child, exitText(code, signal), startedAt);
      this.options.onChange?.();
    });
    this.options.onChange?.();
  }

  /** Resolves once `child` reports READY, or with why not: its error, its exit, or the deadline. */
  private whenReady(child: ChildProcess): Promise<Readiness> {
    const timeoutMs = this.options.readyTimeoutMs;
    return new Promise((resolve) => {
      const done = (readiness: Readiness): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(readiness);
      };
      const timer = setTimeout(
        () => done({ ready: false, reason: `not ready after ${timeoutMs} ms` }),
        timeoutMs,
      );
      const onMessage = (message: ChildMessage): void => {
        if (message.t === 'ready') done({ ready: true, listen: message.listen });
        if (message.t === 'failed') done({ ready: false, reason: message.error });
      };
      const onExit = (code: number | null, signal: string | null): void =>
        done({ ready: false, reason: `exited with ${exitText(code, signal)} before it was ready` });
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  }

  /** Forks the slot's process and waits until it is ready or has failed. */
  private async launch(slot: Slot): Promise<Launch> {
    slot.restartTimer = undefined;
    slot.state = 'starting';
    const child = await this.fork(slot);
    slot.child = child;
    slot.state = 'starting';
    slot.readyAt = undefined;
    const readiness = await this.whenReady(child);
    if (readiness.ready) {
      if (slot.child === child) this.install(slot, child, readiness.listen);
      return { slot, child, ...readiness };
    }
    // (An exit before READY is already in lastFailure and logged by onExit.)
    if (slot.child === child && !child.isDead()) {
      slot.lastFailure = readiness.reason;
      this.failedToStart.add(child);
      this.options.logger.error(this.describeFailure(slot, readiness.reason, child));
      // A process that failed or hangs is stopped; once it exits, onExit restarts it (if running).
      void this.stopChild(slot, child);
    }
    return { slot, child, ...readiness };
  }

  /** Makes a ready `child` the slot's process. */
  private install(slot: Slot, child: ChildProcess, listen: string): void {
    clearTimeout(slot.restartTimer);
    slot.restartTimer = undefined;
    slot.child = child;
    slot.state = 'ready';
    slot.listen = listen;
    slot.readyAt = Date.now();
    this.options.logger.info(`${slot.label} ready (pid ${child.process.pid})`);
  }

  private onExit(slot: Slot, child: ChildProcess, how: string, startedAt: number): void {
    const pid = child.process.pid;
    // An old process replaced by reload, or a reload's new process that never became ready.
    if (slot.child !== child) return;
    slot.child = undefined;
    slot.state = 'exited';
    slot.readyAt = undefined;
    if (this.phase === 'stopping') return;
    const reported = this.failedToStart.has(child);
    if (!reported) slot.lastFailure = `exited with ${how}`;
    if (this.phase !== 'running') {
      // start() fails with this; nothing is restarted before the cluster has started once.
      if (!reported) this.options.logger.warn(`${slot.label} (pid ${pid}) exited with ${how} while starting`);
      return;
    }
    if (Date.now() - startedAt >= STABLE_MS) {
      slot.backoff.reset();
      slot.quickExits = 0;
    } else {
      slot.quickExits++;
    }
    const delayMs = slot.backoff.nextDelayMs();
    const looping = slot.quickExits >= CRASH_LOOP_EXITS ? ` (${slot.quickExits} quick exits in a row)` : '';
    this.options.logger.warn(
      `${slot.label} (pid ${pid}) exited with ${how}; restarting in ${delayMs} ms${looping}`,
    );
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (this.phase !== 'running' || slot.child) return;
      slot.restarts++;
      void this.launch(slot);
    }, delayMs);
  }

  /** "<slot> (pid N) could not start: <reason>", with the reason's stack cut short (the process logs all of it). */
  private describeFailure(slot: Slot, reason: string, child = slot.child): string {
    const pid = child?.process.pid;
    return `${slot.label}${pid === undefined ? '' : ` (pid ${pid})`} could not start: ${briefError(reason)}`;
  }

  private async stopChild(slot: Slot, child: ChildProcess): Promise<void> {
    if (child.isDead()) return;
    if (slot.child === child) slot.state = 'stopping';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const message: MasterMessage = { t: 'shutdown' };
    if (child.isConnected()) child.send(message);
    else child.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.options.logger.warn(`${slot.label} (pid ${child.process.pid}) did not stop in time: SIGKILL`);
      child.process.kill('SIGKILL');
    }, this.options.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private ask<T>(
    child: ChildProcess,
    what: 'stats' | 'connections' | 'reload-certificates' | 'spawn-sibling' | 'metrics',
    timeoutMs = 1000,
    extra: { index?: number; filter?: ConnectionFilter } = {},
  ): Promise<T | undefined> {
    if (!child.isConnected()) return Promise.resolve(undefined);
    const id = this.nextQueryId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        resolve(undefined);
      }, timeoutMs);
      const onMessage = (message: ChildMessage): void => {
        if (message.t !== what || message.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(answerOf(message) as T);
      };
      child.on('message', onMessage);
      child.send({ t: what, id, index: extra.index ?? 0, filter: extra.filter } as MasterMessage);
    });
  }
}

/** An error's message and its first frames outside node's own modules. */
export function briefError(text: string, frames = 3): string {
  const lines = text.split('\n');
  const isFrame = (line: string): boolean => /^\s+at /.test(line);
  const message = lines.filter((line) => !isFrame(line));
  const own = lines.filter((line) => isFrame(line) && !/\(node:|at node:/.test(line));
  return [...message, ...own.slice(0, frames)].join('\n');
}

/** The payload of a child's answer to a query. */
function answerOf(message: Extract<ChildMessage, { id: number }>): unknown {
  switch (message.t) {
    case 'stats':
      return message.stats;
    case 'connections':
      return message.connections;
    case 'reload-certificates':
    case 'spawn-sibling':
      return message.result;
    case 'metrics':
      return message.metrics;
    default: {
      const never: never = message;
      return never;
    }
  }
}

function exitText(code: number | null, signal: string | null): string {
  if (code === null && signal === null) return 'an unknown status (it was not started by this master)';
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** The first launch that did not become ready, or undefined once all did (without waiting for the rest). */
function firstFailure(
  launches: Array<Promise<Launch>>,
): Promise<Extract<Launch, { ready: false }> | undefined> {
  return new Promise((resolve) => {
    let left = launches.length;
    if (left === 0) resolve(undefined);
    for (const launch of launches)
      void launch.then((result) => {
        if (!result.ready) resolve(result);
        else if (--left === 0) resolve(undefined);
      });
  });
}
