// `npm run bench`: gatewayworker against a plain single-process `ws` server, under the same loopback load.
//
// Each server under test runs as a child process; the load comes from another child (bench-load.js),
// which tells us over IPC when its measured window starts and ends, so the server CPU time we report
// covers that window only. The gatewayworker process hosts Register, Gateway and BusinessWorker, so its
// CPU time is the whole cluster's. Load and servers share this machine's CPUs: see the CPU% columns.
// Runs in about 2 minutes; every child is stopped by PID, also on errors and on Ctrl-C.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

const HOST = '127.0.0.1';
const WARMUP_MS = 1000;
const MEASURE_MS = 5000;
/** The same load parameters for every server (read by bench-load.ts). */
const LOAD_ENV: Record<string, string> = {
  BENCH_WARMUP_MS: String(WARMUP_MS),
  BENCH_MEASURE_MS: String(MEASURE_MS),
  BENCH_MESSAGE_BYTES: '64',
  BENCH_ECHO_CONNECTIONS: '200',
  BENCH_ECHO_IN_FLIGHT: '10',
  BENCH_BCAST_RECEIVERS: '1000',
  BENCH_BCAST_IN_FLIGHT: '4',
  BENCH_CONNECT_BATCH: '100',
};
const READY_TIMEOUT_MS = 20_000;
/** bench-load.js ends by itself within ~23 s; this only catches a load process that hangs anyway. */
const LOAD_EXIT_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3000;
/** The whole run (after the build); past it everything is stopped. */
const TOTAL_BUDGET_MS = 150_000;
/** Server stderr lines echoed to our stderr, per server; the rest are only counted. */
const MAX_ECHOED_STDERR_LINES = 20;

const SCENARIOS = ['echo', 'broadcast'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

interface ServerSpec {
  name: string;
  script: string;
  /** The scenarios to run (default: all). */
  scenarios?: readonly ScenarioName[];
  env(ports: { ws: number; register: number }): Record<string, string>;
}

const GATEWAYWORKER_SCRIPT = path.join(__dirname, '..', 'examples', 'bench', 'start.js');
const SERVERS: ServerSpec[] = [
  {
    name: 'baseline',
    script: path.join(__dirname, 'bench-baseline-server.js'),
    env: (ports) => ({ WS_PORT: String(ports.ws) }),
  },
  {
    name: 'gatewayworker',
    script: GATEWAYWORKER_SCRIPT,
    env: (ports) => ({ WS_PORT: String(ports.ws), REGISTER_PORT: String(ports.register) }),
  },
  {
    name: 'gatewayworker-unbatched',
    script: GATEWAYWORKER_SCRIPT,
    env: (ports) => ({
      WS_PORT: String(ports.ws),
      REGISTER_PORT: String(ports.register),
      GW_BATCH_MAX_ITEMS: '1',
    }),
  },
  // Each client has a 20-key session; the echo handler leaves it alone, or (rw) counts in it.
  ...(['read-only', 'rw'] as const).map((mode) => ({
    name: mode === 'rw' ? 'gatewayworker-session-rw' : 'gatewayworker-session',
    script: GATEWAYWORKER_SCRIPT,
    scenarios: ['echo'] as const,
    env: (ports: { ws: number; register: number }) => ({
      WS_PORT: String(ports.ws),
      REGISTER_PORT: String(ports.register),
      BENCH_SESSION: mode,
    }),
  })),
];
const LOAD_SCRIPT = path.join(__dirname, 'bench-load.js');

/** What bench-load.js prints (the fields used here). */
interface LoadResult {
  connections: number;
  measuredMs: number;
  messages: number;
  messagesPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  sent: number;
  expected: number;
  missing: number;
  connectErrors: number;
  socketErrors: number;
  unexpectedCloses: number;
  forcedCloses: number;
  timedOut: boolean;
  error?: string;
}

interface Row {
  server: string;
  scenario: ScenarioName;
  load: LoadResult | null;
  serverCpuSec: number;
  serverCpuPercent: number;
  loadCpuPercent: number;
  notes: string[];
}

interface RunningServer {
  spec: ServerSpec;
  child: ChildProcess;
  pid: number;
  url: string;
  stderrLines: number;
}

/** Every child we started and that has not exited yet: what cleanup stops. */
const children = new Set<ChildProcess>();
const CLOCK_TICKS_PER_SEC = readClockTicks();

function readClockTicks(): number {
  const ticks = Number(execSync('getconf CLK_TCK').toString().trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
}

function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

/** utime + stime of a process (all its threads) in seconds; NaN when it is gone. */
function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces, so count fields from its closing parenthesis;
    // after it comes field 3, so utime (field 14) and stime (field 15) are at indexes 11 and 12.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
  } catch {
    return NaN;
  }
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

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child has exited, false after `timeoutMs`. */
function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL if still alive after STOP_GRACE_MS. Returns what happened, for the log. */
async function stopChild(child: ChildProcess): Promise<string> {
  if (hasExited(child)) return `had already exited (code ${child.exitCode}, signal ${child.signalCode})`;
  const startMs = performance.now();
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_GRACE_MS)) {
    return `stopped ${Math.round(performance.now() - startMs)} ms after SIGTERM (code ${child.exitCode})`;
  }
  child.kill('SIGKILL');
  await waitForExit(child, 1000);
  return `still running ${STOP_GRACE_MS} ms after SIGTERM: killed with SIGKILL`;
}

/** Set once we are stopping everything: no new child may start after that. */
let aborting = false;

/** Starts a node child and tracks it until it exits. */
function spawnNode(args: string[], env: Record<string, string>, withIpc: boolean): ChildProcess {
  if (aborting) throw new Error('aborting: not starting another process');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: withIpc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  // Without a listener a failed spawn's 'error' event would crash the driver.
  child.on('error', (err) => console.error(`bench: child ${args[0]}: ${err.message}`));
  if (child.pid === undefined) throw new Error(`could not start ${args[0]}`);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** Resolves on the first stdout line containing READY; rejects on exit or timeout. */
function waitForReady(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => fail(new Error(`${name}: no READY within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`${name}: exited before READY (code ${code}, signal ${signal})`));
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      reject(err);
    };
    child.once('exit', onExit);
    // The listener stays on after READY: the pipe must keep being read or the server would block on logging.
    lines.on('line', (line) => {
      if (!line.includes('READY')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    });
  });
}

function echoStderr(server: RunningServer): void {
  const lines = readline.createInterface({ input: server.child.stderr! });
  lines.on('line', (line) => {
    server.stderrLines++;
    if (server.stderrLines <= MAX_ECHOED_STDERR_LINES)
      console.error(`  [${server.spec.name} stderr] ${line}`);
  });
}

async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const [ws, register] = (await freePorts(2)) as [number, number];
  const child = spawnNode([spec.script], spec.env({ ws, register }), false);
  const server: RunningServer = {
    spec,
    child,
    pid: child.pid ?? -1,
    url: `ws://${HOST}:${ws}`,
    stderrLines: 0,
  };
  echoStderr(server);
  const startMs = performance.now();
  try {
    await waitForReady(child, spec.name);
  } catch (err) {
    console.error(`[${spec.name}] ${await stopChild(child)}`);
    throw err;
  }
  const readyMs = Math.round(performance.now() - startMs);
  console.log(`[${spec.name}] pid ${server.pid} ready in ${readyMs} ms on ${server.url}`);
  return server;
}

interface CpuWindow {
  serverStartSec: number;
  serverEndSec: number;
  loadStartSec: number;
  loadEndSec: number;
  startMs: number;
  endMs: number;
}

/** Runs bench-load.js for one scenario; CPU times are read when it reports its window's start and end. */
async function runLoad(
  url: string,
  scenario: ScenarioName,
  serverPid: number,
): Promise<{ load: LoadResult | null; window: CpuWindow; problems: string[] }> {
  const child = spawnNode([LOAD_SCRIPT, url, scenario], LOAD_ENV, true);
  const loadPid = child.pid ?? -1;
  const window: CpuWindow = {
    serverStartSec: NaN,
    serverEndSec: NaN,
    loadStartSec: NaN,
    loadEndSec: NaN,
    startMs: 0,
    endMs: 0,
  };
  child.on('message', (message: { phase?: string }) => {
    if (message.phase === 'measure-start') {
      window.serverStartSec = readCpuSeconds(serverPid);
      window.loadStartSec = readCpuSeconds(loadPid);
      window.startMs = performance.now();
    } else if (message.phase === 'measure-end') {
      window.serverEndSec = readCpuSeconds(serverPid);
      window.loadEndSec = readCpuSeconds(loadPid);
      window.endMs = performance.now();
    }
  });
  const stdout = collectLines(child.stdout!);
  const stderr = collectLines(child.stderr!);

  const problems: string[] = [];
  if (!(await waitForExit(child, LOAD_EXIT_TIMEOUT_MS))) {
    problems.push(`load process hung: ${await stopChild(child)}`);
  }
  // 'exit' can come before the last lines are read from the pipes.
  await Promise.race([Promise.all([stdout.closed, stderr.closed]), sleep(1000)]);
  if (child.exitCode !== 0) problems.push(`load exited with code ${child.exitCode}`);
  for (const line of stderr.lines.slice(-5)) problems.push(`load stderr: ${line}`);
  return { load: parseLoadResult(stdout.lines), window, problems };
}

function collectLines(input: NodeJS.ReadableStream): { lines: string[]; closed: Promise<void> } {
  const lines: string[] = [];
  const reader = readline.createInterface({ input });
  reader.on('line', (line) => lines.push(line));
  return { lines, closed: new Promise((resolve) => reader.once('close', resolve)) };
}

/** The last JSON line bench-load.js printed, if any. */
function parseLoadResult(lines: string[]): LoadResult | null {
  const resultLine = [...lines].reverse().find((line) => line.startsWith('{'));
  try {
    return resultLine ? (JSON.parse(resultLine) as LoadResult) : null;
  } catch {
    return null;
  }
}

/** Problems the load generator saw, as short notes. */
function loadNotes(load: LoadResult): string[] {
  const notes: string[] = [];
  if (load.error) notes.push(`error: ${load.error}`);
  if (load.timedOut) notes.push('load hit its hard deadline');
  if (load.missing > 0) notes.push(`${load.missing} of ${load.expected} messages had not arrived by the end`);
  if (load.connectErrors > 0) notes.push(`${load.connectErrors} connections failed`);
  if (load.socketErrors > 0) notes.push(`${load.socketErrors} socket errors`);
  if (load.unexpectedCloses > 0) notes.push(`${load.unexpectedCloses} connections closed by the server`);
  if (load.forcedCloses > 0) notes.push(`${load.forcedCloses} connections did not close in time`);
  return notes;
}

async function runScenario(server: RunningServer, scenario: ScenarioName): Promise<Row> {
  const { load, window, problems } = await runLoad(server.url, scenario, server.pid);
  const windowSec = (window.endMs - window.startMs) / 1000;
  const serverCpuSec = window.serverEndSec - window.serverStartSec;
  const loadCpuSec = window.loadEndSec - window.loadStartSec;
  const notes = [...problems, ...(load ? loadNotes(load) : ['no result from the load process'])];
  if (hasExited(server.child))
    notes.push(`server exited (code ${server.child.exitCode}, signal ${server.child.signalCode})`);
  return {
    server: server.spec.name,
    scenario,
    load,
    serverCpuSec,
    serverCpuPercent: (serverCpuSec / windowSec) * 100,
    loadCpuPercent: (loadCpuSec / windowSec) * 100,
    notes,
  };
}

/** Server CPU-seconds per 1000 messages; NaN when not measured. */
function cpuPer1000(row: Row): number {
  return row.load && row.load.messages > 0 ? (row.serverCpuSec / row.load.messages) * 1000 : NaN;
}

function formatNumber(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

/** Pads columns to equal width; the first `leftColumns` are left-aligned, the rest right-aligned. */
function formatTable(rows: string[][], leftColumns: number): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function printResults(rows: Row[]): void {
  const header = [
    'server',
    'scenario',
    'msg/s',
    'p50 ms',
    'p99 ms',
    'CPU s/1k msg',
    'server CPU%',
    'load CPU%',
  ];
  const body = rows.map((row) => [
    row.server,
    row.scenario,
    formatNumber(row.load?.messagesPerSec, 0),
    formatNumber(row.load?.p50Ms, 2),
    formatNumber(row.load?.p99Ms, 2),
    formatNumber(cpuPer1000(row), 4),
    formatNumber(row.serverCpuPercent, 0),
    formatNumber(row.loadCpuPercent, 0),
  ]);
  console.log(`\n${formatTable([header, ...body], 2)}`);
  for (const row of rows) {
    for (const note of row.notes) console.log(`  note: ${row.server} ${row.scenario}: ${note}`);
  }
}

function ratio(numerator: number, denominator: number): string {
  const value = numerator / denominator;
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

function printRatios(rows: Row[]): void {
  const find = (server: string, scenario: ScenarioName): Row | undefined =>
    rows.find((row) => row.server === server && row.scenario === scenario);
  const throughput = (row: Row | undefined): number => row?.load?.messagesPerSec ?? NaN;
  const cpu = (row: Row | undefined): number => (row ? cpuPer1000(row) : NaN);
  const comparisons = [
    ['gatewayworker / baseline', 'gatewayworker', 'baseline'],
    ['gatewayworker-unbatched / gatewayworker', 'gatewayworker-unbatched', 'gatewayworker'],
  ] as const;
  const table: string[][] = [['ratio', 'metric', ...SCENARIOS]];
  for (const [label, top, bottom] of comparisons) {
    table.push([
      label,
      'msg/s',
      ...SCENARIOS.map((s) => ratio(throughput(find(top, s)), throughput(find(bottom, s)))),
    ]);
    table.push(['', 'CPU/msg', ...SCENARIOS.map((s) => ratio(cpu(find(top, s)), cpu(find(bottom, s))))]);
  }
  console.log(`\n${formatTable(table, 2)}`);
}

async function benchServer(spec: ServerSpec, rows: Row[]): Promise<void> {
  const server = await startServer(spec);
  try {
    for (const scenario of spec.scenarios ?? SCENARIOS) {
      if (hasExited(server.child)) break;
      const row = await runScenario(server, scenario);
      rows.push(row);
      console.log(
        `[${spec.name}] ${scenario}: ${formatNumber(row.load?.messagesPerSec, 0)} msg/s` +
          (row.notes.length > 0 ? ` (${row.notes.length} notes)` : ''),
      );
    }
  } finally {
    console.log(`[${spec.name}] ${await stopChild(server.child)}`);
    if (server.stderrLines > MAX_ECHOED_STDERR_LINES) {
      console.log(
        `[${spec.name}] ${server.stderrLines} stderr lines in all (first ${MAX_ECHOED_STDERR_LINES} shown)`,
      );
    }
  }
}

function printSetup(): void {
  console.log(
    `bench: node ${process.version}, ${os.cpus().length} CPUs (load and servers share them), ` +
      `warm-up ${WARMUP_MS} ms, measured ${MEASURE_MS} ms, loopback ${HOST}`,
  );
  console.log(
    `  echo: ${LOAD_ENV.BENCH_ECHO_CONNECTIONS} connections x ${LOAD_ENV.BENCH_ECHO_IN_FLIGHT} in flight, ` +
      `${LOAD_ENV.BENCH_MESSAGE_BYTES}-byte messages`,
  );
  console.log(
    `  broadcast: ${LOAD_ENV.BENCH_BCAST_RECEIVERS} receivers + 1 sender, ` +
      `${LOAD_ENV.BENCH_BCAST_IN_FLIGHT} broadcasts in flight; msg/s = deliveries to receivers`,
  );
}

/** Stops every child and exits; for errors, Ctrl-C and the overall budget. */
async function abort(reason: string, exitCode: number): Promise<never> {
  aborting = true;
  console.error(`bench: ${reason}; stopping ${children.size} child process(es)`);
  await stopAllChildren();
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void abort('interrupted', 130));
  process.once('SIGTERM', () => void abort('terminated', 143));
  const budget = setTimeout(() => void abort(`over the ${TOTAL_BUDGET_MS} ms budget`, 1), TOTAL_BUDGET_MS);
  printSetup();
  const rows: Row[] = [];
  for (const spec of SERVERS) {
    if (aborting) break;
    try {
      await benchServer(spec, rows);
    } catch (err) {
      console.error(`[${spec.name}] failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  clearTimeout(budget);
  printResults(rows);
  printRatios(rows);
  console.log('bench done');
}

main().catch((err: unknown) => void abort(`failed: ${err instanceof Error ? err.stack : String(err)}`, 1));
