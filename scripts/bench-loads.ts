// A group of load processes (bench-load.js) acting together on one server, phase by phase over IPC.
import { type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { onLines, spawnNode, stopChild, waitForExit } from './bench-children';
import type { DriverMessage, LoadConfig, LoadMessage, LoadResult } from './bench-load';
import { readCpu } from './bench-proc';

const LOAD_SCRIPT = path.join(__dirname, 'bench-load.js');
/** Messages and bytes every run shares, so all servers move the same data. */
export const EPOCH_MS = performance.timeOrigin + performance.now();
let nextAddress = 0;
/**
 * Connections being opened at once over all the processes of a group: under a listen backlog of 511,
 * so that a busy server's full accept queue drops no SYN (each dropped one waits a 1 s retransmission).
 */
const CONNECTS_IN_FLIGHT = 200;

/** A loopback source address per load process (127.0.0.2 …): each gives ~28k ports per server port. */
export function nextLocalAddress(): string {
  return `127.0.0.${2 + (nextAddress++ % 250)}`;
}

export type ReadyInfo = Extract<LoadMessage, { t: 'ready' }>;

export class LoadGroup {
  private readonly results = new Map<ChildProcess, LoadResult>();
  private readonly stderr: string[] = [];

  private constructor(
    private readonly processes: ChildProcess[],
    readonly ready: ReadyInfo[],
  ) {}

  /**
   * Starts one load process per config and waits until each has opened its connections; `onSpawned`
   * runs in between (to measure the connecting itself).
   */
  static async start(
    configs: LoadConfig[],
    readyTimeoutMs: number,
    onSpawned?: (group: LoadGroup) => void,
  ): Promise<LoadGroup> {
    const connectConcurrency = Math.max(1, Math.floor(CONNECTS_IN_FLIGHT / configs.length));
    const processes = configs.map((config) =>
      spawnNode(
        [LOAD_SCRIPT, JSON.stringify({ ...config, connectConcurrency, epochMs: EPOCH_MS })],
        {},
        { ipc: true },
      ),
    );
    const group = new LoadGroup(processes, []);
    for (const child of processes) {
      void onLines(child.stdout!, () => undefined);
      void onLines(child.stderr!, (line) => group.stderr.push(line));
      child.on('message', (message: LoadMessage) => {
        if (message.t === 'result') group.results.set(child, message.result);
      });
    }
    onSpawned?.(group);
    try {
      const readies = await Promise.all(processes.map((child) => waitForReady(child, readyTimeoutMs)));
      group.ready.push(...readies);
      return group;
    } catch (err) {
      await group.stop();
      throw new Error(
        `${(err as Error).message}${group.stderr.length ? `: ${group.stderr.slice(-3).join(' | ')}` : ''}`,
      );
    }
  }

  get connections(): number {
    return this.ready.reduce((sum, r) => sum + r.connections, 0);
  }

  get connectErrors(): number {
    return this.ready.reduce((sum, r) => sum + r.connectErrors, 0);
  }

  send(message: DriverMessage): void {
    for (const child of this.processes) if (child.connected) child.send(message);
  }

  /** CPU seconds the load processes have used so far. */
  cpuSeconds(): number {
    return this.processes.reduce((sum, child) => sum + (readCpu(child.pid as number)?.own ?? 0), 0);
  }

  /** Tells every process to stop sending, drain and close; returns their results. */
  async finish(timeoutMs: number): Promise<{ results: LoadResult[]; problems: string[] }> {
    this.send({ t: 'finish' });
    const problems: string[] = [];
    await Promise.all(
      this.processes.map(async (child, i) => {
        if (!(await waitForExit(child, timeoutMs)))
          problems.push(`load ${i} hung: ${await stopChild(child)}`);
        else if (child.exitCode !== 0) problems.push(`load ${i} exited with code ${child.exitCode}`);
      }),
    );
    for (const line of this.stderr.slice(-3)) problems.push(`load stderr: ${line}`);
    const results = this.processes.map((child) => this.results.get(child)).filter((r) => r !== undefined);
    if (results.length < this.processes.length)
      problems.push(`${this.processes.length - results.length} load results missing`);
    return { results, problems };
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((child) => stopChild(child, 2000)));
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<ReadyInfo> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`load not ready within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null): void =>
      done(new Error(`load exited before it was ready (code ${code})`));
    const onMessage = (message: LoadMessage): void => {
      if (message.t === 'ready') done(undefined, message);
    };
    const done = (err?: Error, ready?: ReadyInfo): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
      if (err) reject(err);
      else resolve(ready as ReadyInfo);
    };
    child.once('exit', onExit);
    child.on('message', onMessage);
  });
}

/** Sums the counters of several load processes' results. */
export function sumResults(results: LoadResult[], key: keyof LoadResult): number {
  return results.reduce((sum, r) => sum + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0);
}
