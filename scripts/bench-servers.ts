// The servers `npm run bench` compares: a plain single-process `ws` server, and the bench app under
// runCli (bench-cluster.js) with N Gateway and M worker processes, started and stopped as users do.
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { adopt, hasExited, onLines, runNode, spawnNode, stopAdopted, stopChild } from './bench-children';
import { startTimeOf } from './bench-proc';

export const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
/** runCli stops workers, then Gateways, then the Register: give it time before SIGKILL. */
const CLUSTER_STOP_GRACE_MS = 20_000;
/** Server log lines echoed to our stderr, per server; the rest are only counted. */
const MAX_ECHOED_LINES = 10;

export interface DeploymentSpec {
  /** e.g. 'ws', 'gw1x1'. */
  name: string;
  /** What the tables say. */
  label: string;
  /** 0 for the plain `ws` server. */
  gateways: number;
  workers: number;
  /** Extra environment (e.g. GW_BATCH_MAX_ITEMS, BENCH_SESSION). */
  env?: Record<string, string>;
  /** The runCli start script, when not this build's bench-cluster.js (another build to compare with). */
  script?: string;
}

export interface Deployment {
  spec: DeploymentSpec;
  url: string;
  /** The process everything else descends from (the master, or the `ws` server). */
  rootPid: number;
  /** Every server process now: for CPU time. */
  serverPids(): number[];
  /** The processes that hold client connections: for RSS per connection. */
  gatewayPids(): number[];
  /** Clients per Gateway process (status --json); undefined for the plain server. */
  connectionsPerGateway(): Promise<number[] | undefined>;
  /** runCli `reload`: what it printed, or why it failed. */
  reload(): Promise<{ ok: boolean; output: string }>;
  alive(): boolean;
  stop(): Promise<string>;
}

const SCRIPTS = __dirname;

/**
 * BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": node options of the server
 * processes only (runCli's children inherit them), not of the load.
 */
function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** Free ports chosen by the OS: all listened on at once so they differ, then released. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, HOST, () => resolve((server.address() as net.AddressInfo).port));
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Echoes a server's warnings and errors (the first few), reads everything else. */
function watchOutput(child: ChildProcess, name: string, ready: string): Promise<void> {
  let echoed = 0;
  let resolveReady: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (resolveReady = resolve));
  const onLine = (line: string): void => {
    if (line.includes(ready)) resolveReady();
    if (/ERROR|WARN|Error/.test(line) && echoed++ < MAX_ECHOED_LINES) console.error(`  [${name}] ${line}`);
  };
  void onLines(child.stdout!, onLine);
  void onLines(child.stderr!, onLine);
  return isReady;
}

async function waitReady(child: ChildProcess, name: string, ready: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}: not ready within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.once('exit', (code, signal) =>
      reject(new Error(`${name}: exited before it was ready (code ${code}, signal ${signal})`)),
    );
  });
  try {
    await Promise.race([ready, failed]);
  } finally {
    clearTimeout(timer);
  }
}

async function startPlainWs(spec: DeploymentSpec): Promise<Deployment> {
  const [port] = (await freePorts(1)) as [number];
  const child = spawnNode([...serverNodeArgs(), path.join(SCRIPTS, 'bench-baseline-server.js')], {
    WS_PORT: String(port),
    ...spec.env,
  });
  const pid = child.pid as number;
  try {
    await waitReady(child, spec.name, watchOutput(child, spec.name, 'READY'));
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return {
    spec,
    url: `ws://${HOST}:${port}`,
    rootPid: pid,
    serverPids: () => [pid],
    gatewayPids: () => [pid],
    connectionsPerGateway: () => Promise.resolve(undefined),
    reload: () => Promise.resolve({ ok: false, output: 'a plain ws server has no reload' }),
    alive: () => !hasExited(child),
    stop: () => stopChild(child),
  };
}

interface StateFile {
  pid: number;
  children?: { kind: string; slot: string; pid: number; startTime?: string }[];
}

interface StatusRow {
  kind: string;
  pid: number | null;
  connections?: number;
  state: string;
}

async function startCluster(spec: DeploymentSpec): Promise<Deployment> {
  const [wsPort, registerPort] = (await freePorts(2)) as [number, number];
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  const script = spec.script ?? path.join(SCRIPTS, 'bench-cluster.js');
  const env = {
    WS_PORT: String(wsPort),
    REGISTER_PORT: String(registerPort),
    BENCH_GATEWAYS: String(spec.gateways),
    BENCH_WORKERS: String(spec.workers),
    GATEWAYWORKER_RUN_DIR: runDir,
    ...spec.env,
  };
  const master = spawnNode([...serverNodeArgs(), script, 'start'], env);
  const masterPid = master.pid as number;
  const stateFile = path.join(runDir, 'bench-cluster.json');
  /** The role processes as the state file lists them now; each one is remembered for the final cleanup. */
  /** Every role process this deployment has had (other deployments may be up at the same time). */
  const adoptedHere = new Set<number>();
  const roleProcesses = (): NonNullable<StateFile['children']> => {
    try {
      const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StateFile;
      for (const c of state.children ?? []) {
        adopt(c.pid, c.startTime ?? startTimeOf(c.pid));
        adoptedHere.add(c.pid);
      }
      return state.children ?? [];
    } catch {
      return [];
    }
  };
  const stop = async (): Promise<string> => {
    roleProcesses();
    const outcome = await stopChild(master, CLUSTER_STOP_GRACE_MS);
    const left = await stopAdopted(undefined, adoptedHere);
    rmSync(runDir, { recursive: true, force: true });
    return left > 0 ? `${outcome}; ${left} role process(es) were left and stopped` : outcome;
  };
  try {
    await waitReady(master, spec.name, watchOutput(master, spec.name, 'Press Ctrl+C to stop.'));
  } catch (err) {
    await stop();
    throw err;
  }
  roleProcesses();
  const cli = (args: string[], timeoutMs: number): ReturnType<typeof runNode> =>
    runNode([script, ...args], env, timeoutMs);
  return {
    spec,
    url: `ws://${HOST}:${wsPort}`,
    rootPid: masterPid,
    serverPids: () => [masterPid, ...roleProcesses().map((c) => c.pid)],
    gatewayPids: () =>
      roleProcesses()
        .filter((c) => c.kind === 'gateway')
        .map((c) => c.pid),
    connectionsPerGateway: async () => {
      const { code, stdout, stderr } = await cli(['status', '--json'], 15_000);
      if (code !== 0) throw new Error(`status failed: ${stderr || stdout}`);
      const rows = JSON.parse(stdout) as StatusRow[];
      // A Gateway process that is not up (restarting after a crash) holds no client.
      return rows.filter((row) => row.kind === 'gateway').map((row) => row.connections ?? 0);
    },
    reload: async () => {
      const startMs = performance.now();
      const { code, stdout, stderr } = await cli(['reload'], 60_000);
      const took = `${Math.round(performance.now() - startMs)} ms`;
      return { ok: code === 0, output: `${took}\n${stdout}${stderr ? `\n${stderr}` : ''}` };
    },
    alive: () => !hasExited(master),
    stop,
  };
}

export async function startDeployment(spec: DeploymentSpec): Promise<Deployment> {
  const startMs = performance.now();
  const deployment = await (spec.gateways === 0 ? startPlainWs(spec) : startCluster(spec));
  console.log(
    `[${spec.name}] ${spec.label}: ready in ${Math.round(performance.now() - startMs)} ms on ${deployment.url} ` +
      `(pids ${deployment.serverPids().join(', ')})`,
  );
  return deployment;
}
