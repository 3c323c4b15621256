import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { MasterState } from '../../src/cli/control';
import { isSameProcess, processInfo } from '../../src/cli/identity';
import { isProcessId, signalProcess } from '../../src/cli/signal';
import type { TestClient } from './ws-client';

export interface StatusRow {
  kind: string;
  name: string;
  index: number;
  pid: number | null;
  connections?: number;
  state: 'ok' | 'busy' | 'starting' | 'restarting' | 'crash-looping' | 'stopping' | 'down';
  restarts: number;
  lastFailure?: string;
}

/** Every pid that wrote a log line (`time role[pid] LEVEL message`) in `log`. */
export function pidsInLog(log: string): number[] {
  return [...new Set([...log.matchAll(/^\S+ \w+\[(\d+)\] [A-Z]+ /gm)].map((m) => Number(m[1])))];
}

/**
 * Whether `pid` still runs. A zombie does not: it has exited, and here (a container whose init
 * reaps nothing) a process orphaned by a killed master stays one.
 */
export function isRunning(pid: unknown): boolean {
  return isProcessId(pid) && processInfo(pid)?.zombie === false;
}

export const CLI_START = path.resolve(__dirname, '../fixtures/cli-start.js');

/**
 * Ports outside the kernel's ephemeral range (bind(0) and outgoing connections take theirs from
 * it): below it when there is room, else above it.
 */
function portsOutsideEphemeralRange(): { from: number; to: number } {
  let low = 32768;
  let high = 60999;
  try {
    [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number) as [number, number];
  } catch {
    // not Linux: its default range
  }
  return low - 1024 >= 2000
    ? { from: Math.max(1024, low - 20_000), to: low - 1 }
    : { from: high + 1, to: 65535 };
}

/** Whether `port` can be listened on now (an exclusive listen, closed at once). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Free loopback ports for processes that must be told their port (a restarted process takes its
 * predecessor's). Chosen outside the ephemeral range: between this check and the process's own
 * listen, such a port can only be taken by another explicit listen, never by an outgoing
 * connection or a listen on port 0 anywhere on the machine (a port found with listen(0) can be).
 */
export async function freePorts(count: number): Promise<number[]> {
  const { from, to } = portsOutsideEphemeralRange();
  const ports: number[] = [];
  for (let tries = 0; ports.length < count; tries++) {
    if (tries > 1000) throw new Error(`no free port found in ${from}-${to}`);
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (!ports.includes(port) && (await canListen(port))) ports.push(port);
  }
  return ports;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * One cluster run through the real CLI (node dist/test/fixtures/cli-start.js <command>), with its own
 * run directory and ports. cleanup() stops it and kills, by PID, anything of it still alive.
 */
export class CliCluster {
  readonly runDir = mkdtempSync(path.join(tmpdir(), 'gw-cli-'));
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly ports: { register: number; ws: number },
    env: Record<string, string> = {},
  ) {
    this.env = {
      ...process.env,
      GATEWAYWORKER_RUN_DIR: this.runDir,
      REGISTER_PORT: String(ports.register),
      WS_PORT: String(ports.ws),
      ...env,
    };
  }

  static async create(env: Record<string, string> = {}): Promise<CliCluster> {
    const [register = 0, ws = 0] = await freePorts(2);
    return new CliCluster({ register, ws }, env);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.ports.ws}`;
  }

  /** Writes an Events module for EVENTS_FILE (CommonJS) and returns its path. */
  writeEvents(source: string, name = 'events.js'): string {
    const file = path.join(this.runDir, name);
    writeFileSync(file, source);
    return file;
  }

  run(args: string[], timeoutMs = 60_000, extraEnv: Record<string, string> = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI_START, ...args],
        { env: { ...this.env, ...extraEnv }, timeout: timeoutMs },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async mustRun(args: string[], timeoutMs = 60_000): Promise<string> {
    const result = await this.run(args, timeoutMs);
    if (result.code !== 0)
      throw new Error(
        `${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}\n${this.log()}`,
      );
    return result.stdout;
  }

  /** `status --json`: one row per process; pid is null for a process that is down. */
  async status(): Promise<StatusRow[]> {
    return JSON.parse(await this.mustRun(['status', '--json'])) as StatusRow[];
  }

  get stateFile(): string {
    return path.join(this.runDir, 'cli-start.json');
  }

  state(): MasterState | undefined {
    try {
      return JSON.parse(readFileSync(this.stateFile, 'utf8')) as MasterState;
    } catch {
      return undefined;
    }
  }

  masterPid(): number | undefined {
    return this.state()?.pid;
  }

  log(): string {
    try {
      return readFileSync(path.join(this.runDir, 'cli-start.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async cleanup(): Promise<void> {
    let pids: Array<number | null> = [];
    try {
      pids = (await this.status()).map((row) => row.pid);
    } catch {
      // not running
    }
    const master = this.masterPid();
    // Role processes that outlived a killed master, only while their pid is still theirs.
    const orphans = (this.state()?.children ?? []).filter((c) => isSameProcess(c.pid, c.startTime));
    await this.run(['stop'], 40_000);
    // Only real pids: a down process is listed as null, and kill(0) would hit our own process group.
    for (const pid of [...pids, master].filter(isProcessId)) signalProcess(pid, 'SIGKILL');
    for (const c of orphans) if (isSameProcess(c.pid, c.startTime)) signalProcess(c.pid, 'SIGKILL');
    rmSync(this.runDir, { recursive: true, force: true });
  }
}

/**
 * The end of a CLI test: a failed one prints the tail of what the cluster logged (daemon mode
 * writes every process's lines there); its clients are closed and its processes stopped.
 */
export async function endCliTest(
  test: Mocha.Test | undefined,
  cluster: CliCluster | undefined,
  clients: TestClient[],
): Promise<void> {
  if (test?.state === 'failed' && cluster) console.log(cluster.log().slice(-6000));
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await cluster?.cleanup();
}
