// The scenarios of `npm run bench`, each against one running deployment; each returns its figures.
import { performance } from 'node:perf_hooks';
import type { LoadConfig, LoadResult } from './bench-load';
import { LatencyHistogram } from './bench-histogram';
import { LoadGroup, nextLocalAddress, sumResults } from './bench-loads';
import { machineBusySeconds, readRssBytes, kernelSlabBytes, treeCpuSeconds } from './bench-proc';
import type { Deployment } from './bench-servers';

export const SCENARIOS = ['idle', 'handshake', 'echo', 'broadcast', 'reload', 'scale'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function envNumberOrZero(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The load of every scenario; BENCH_* environment variables override them (for quick runs). */
export const PARAMS = {
  warmupMs: envNumber('BENCH_WARMUP_MS', 1000),
  measureMs: envNumber('BENCH_MEASURE_MS', 5000),
  /**
   * Echo and handshake run in rounds: every deployment once per round, in turn, all of them up at
   * once, so that a noisy moment of the machine hits one round of each rather than one deployment;
   * each ratio is the median of the rounds' ratios.
   */
  rounds: envNumber('BENCH_ROUNDS', 5),
  /**
   * Unmeasured rounds first (printed, not counted): a process's first runs of a scenario pay its JIT
   * warm-up and heap growth, which made round 1 the outlier of every run (ratios 0.6-0.8 there,
   * 0.9-1.1 after, for the same build).
   */
  warmupRounds: envNumberOrZero('BENCH_WARMUP_ROUNDS', 1),
  /** The measured window of one echo round. */
  echoMeasureMs: envNumber('BENCH_ECHO_MEASURE_MS', 2000),
  messageBytes: 64,
  echoConnections: envNumber('BENCH_ECHO_CONNECTIONS', 100),
  echoInFlight: envNumber('BENCH_ECHO_IN_FLIGHT', 10),
  bcastReceivers: envNumber('BENCH_BCAST_RECEIVERS', 1000),
  bcastInFlight: envNumber('BENCH_BCAST_IN_FLIGHT', 4),
  idlePerGateway: envNumber('BENCH_IDLE_PER_GATEWAY', 19_000),
  /** Idle connections per load process (a process may open 20,000 files here). */
  idlePerLoad: 10_000,
  /** How long the idle connections are held before RSS is read. */
  idleHoldMs: envNumber('BENCH_IDLE_HOLD_MS', 3000),
  handshakeRatePerSec: envNumber('BENCH_HANDSHAKE_RATE', 2000),
  handshakeMs: envNumber('BENCH_HANDSHAKE_MS', 2000),
  /** The first second of new connections warms the processes up; it is not measured. */
  handshakeWarmupMs: 1000,
  handshakeLoads: 2,
  reloadSteadyMs: 3000,
  /** Measured after the reload command has returned. */
  reloadAfterMs: 1000,
  scaleConnections: envNumber('BENCH_SCALE_CONNECTIONS', 70_000),
  scaleLoads: 5,
  scaleMeasureMs: envNumber('BENCH_SCALE_MEASURE_MS', 8000),
  /** Idle hold before the broadcasts: more than one heartbeat interval (20 s). */
  scaleHoldMs: envNumber('BENCH_SCALE_HOLD_MS', 25_000),
};

/** Figures by name (msgPerCpuSec, p99Ms, …); null where not measured. */
export type Figures = Record<string, number | null>;

export interface ScenarioResult {
  deployment: string;
  scenario: ScenarioName;
  /** For a scenario run in rounds: the median of every figure over the rounds. */
  figures: Figures;
  notes: string[];
  /** For a scenario run in rounds: each round's figures (null: that round failed). */
  rounds?: (Figures | null)[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function loadConfig(deployment: Deployment, overrides: Partial<LoadConfig>): LoadConfig {
  return {
    url: deployment.url,
    scenario: 'echo',
    connections: 0,
    localAddress: nextLocalAddress(),
    inFlight: 1,
    sender: false,
    messageBytes: PARAMS.messageBytes,
    connectConcurrency: 100,
    connectRatePerSec: 1000,
    warmupConnections: 0,
    epochMs: 0,
    deadlineMs: 600_000,
    ...overrides,
  };
}

/** How long a load process may take to open `connections` (a busy 2-core box opens ~1,000 a second). */
function connectTimeoutMs(connections: number): number {
  return 30_000 + connections * 10;
}

/** Splits `total` connections into load processes of at most `perLoad`. */
function split(total: number, perLoad: number): number[] {
  const loads = Math.max(1, Math.ceil(total / perLoad));
  return Array.from({ length: loads }, (_, i) => Math.floor(total / loads) + (i < total % loads ? 1 : 0));
}

function sumRss(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + readRssBytes(pid), 0);
}

function merged(results: LoadResult[], pick: (r: LoadResult) => number[] | undefined): LatencyHistogram {
  const histogram = new LatencyHistogram();
  for (const r of results) {
    const counts = pick(r);
    if (counts) histogram.merge(counts);
  }
  return histogram;
}

/** A measured window: server and load CPU seconds and wall time between two readings. */
class CpuWindow {
  private server = 0;
  private load = 0;
  private machine = 0;
  private startMs = 0;
  serverSec = NaN;
  loadSec = NaN;
  /** What other processes of the machine used meanwhile (other work on a shared box skews the figures). */
  otherSec = NaN;
  wallSec = NaN;

  constructor(
    private readonly deployment: Deployment,
    private readonly loads: LoadGroup,
  ) {}

  private serverNow(): number {
    return treeCpuSeconds(this.deployment.rootPid, this.deployment.serverPids());
  }

  start(): this {
    this.server = this.serverNow();
    this.load = this.loads.cpuSeconds();
    this.machine = machineBusySeconds();
    this.startMs = performance.now();
    return this;
  }

  end(): void {
    this.serverSec = this.serverNow() - this.server;
    this.loadSec = this.loads.cpuSeconds() - this.load;
    this.otherSec = machineBusySeconds() - this.machine - this.serverSec - this.loadSec;
    this.wallSec = (performance.now() - this.startMs) / 1000;
  }

  figures(): Figures {
    return {
      serverCpuPct: (this.serverSec / this.wallSec) * 100,
      loadCpuPct: (this.loadSec / this.wallSec) * 100,
      otherCpuPct: (Math.max(0, this.otherSec) / this.wallSec) * 100,
    };
  }
}

/** What the load saw go wrong, as notes. */
function loadNotes(results: LoadResult[], problems: string[]): string[] {
  const notes = [...problems];
  for (const r of results) if (r.error) notes.push(`load error: ${r.error}`);
  const add = (key: keyof LoadResult, what: string): void => {
    const n = sumResults(results, key);
    if (n > 0) notes.push(`${n} ${what}`);
  };
  add('connectErrors', 'connections failed');
  add('refusedRetries', 'upgrades refused with 503 (a Gateway process full) and tried again');
  add('socketErrors', 'socket errors');
  add('unexpectedCloses', 'connections closed by the server');
  add('forcedCloses', 'connections did not close in time');
  if (results.some((r) => r.timedOut)) notes.push('a load process hit its deadline');
  return notes;
}

/** Echo results: replies lost, doubled or missing after the drain; a note when any is not 0. */
function echoIntegrity(results: LoadResult[], notes: string[]): Figures {
  const integrity = {
    lost: sumResults(results, 'lost'),
    duplicated: sumResults(results, 'duplicated'),
    missing: Math.max(0, sumResults(results, 'expected') - sumResults(results, 'received')),
  };
  if (integrity.lost || integrity.duplicated || integrity.missing)
    notes.push(
      `replies lost ${integrity.lost}, doubled ${integrity.duplicated}, missing ${integrity.missing}`,
    );
  return integrity;
}

/** Runs go / warm-up / measured window / finish and returns the window's figures. */
async function measuredRun(
  deployment: Deployment,
  loads: LoadGroup,
  measureMs: number,
): Promise<{ results: LoadResult[]; cpu: CpuWindow; problems: string[] }> {
  const cpu = new CpuWindow(deployment, loads);
  loads.send({ t: 'go' });
  await sleep(PARAMS.warmupMs);
  loads.send({ t: 'window', name: 'measure' });
  cpu.start();
  await sleep(measureMs);
  loads.send({ t: 'window', name: null });
  cpu.end();
  const { results, problems } = await loads.finish(20_000);
  return { results, cpu, problems };
}

function throughputFigures(results: LoadResult[], cpu: CpuWindow): Figures {
  const messages = results.reduce((sum, r) => sum + (r.windows.measure?.messages ?? 0), 0);
  const latency = merged(results, (r) => r.windows.measure?.latency);
  return {
    msgPerSec: messages / cpu.wallSec,
    msgPerCpuSec: messages / cpu.serverSec,
    p50Ms: latency.percentileMs(50),
    p99Ms: latency.percentileMs(99),
    ...cpu.figures(),
  };
}

/** One load process of echo clients (the echo and reload scenarios). */
function startEchoLoad(deployment: Deployment): Promise<LoadGroup> {
  return LoadGroup.start(
    [
      loadConfig(deployment, {
        scenario: 'echo',
        connections: PARAMS.echoConnections,
        inFlight: PARAMS.echoInFlight,
      }),
    ],
    30_000,
  );
}

export async function echo(deployment: Deployment): Promise<ScenarioResult> {
  const loads = await startEchoLoad(deployment);
  const { results, cpu, problems } = await measuredRun(deployment, loads, PARAMS.echoMeasureMs);
  const notes = loadNotes(results, problems);
  const integrity = echoIntegrity(results, notes);
  return {
    deployment: deployment.spec.name,
    scenario: 'echo',
    figures: { ...throughputFigures(results, cpu), ...integrity },
    notes,
  };
}

/** Broadcasts that reached every receiver, and how long the slowest copy of each took. */
function broadcastReach(
  results: LoadResult[],
  receivers: number,
): { complete: number; incomplete: number; reach: LatencyHistogram } {
  const sentAt: Record<string, number> = Object.assign({}, ...results.map((r) => r.sentAtMs));
  const reach = new LatencyHistogram();
  let complete = 0;
  let incomplete = 0;
  for (const [number, sentMs] of Object.entries(sentAt)) {
    let copies = 0;
    let lastMs = 0;
    for (const r of results) {
      const entry = r.broadcasts[number];
      if (!entry) continue;
      copies += entry.copies;
      lastMs = Math.max(lastMs, entry.lastMs);
    }
    if (copies === receivers) {
      complete++;
      reach.record(lastMs - sentMs);
    } else incomplete++;
  }
  return { complete, incomplete, reach };
}

async function broadcastOn(
  deployment: Deployment,
  receiversPerLoad: number[],
  inFlight: number,
  measureMs: number,
  scenario: ScenarioName,
  /** Scale: hold the connections idle this long first (ms; 0: not), for RSS and heartbeat CPU per connection. */
  idleHoldMs: number,
): Promise<ScenarioResult> {
  const gatewayRssBefore = sumRss(deployment.gatewayPids());
  const treeRssBefore = sumRss(deployment.serverPids());
  const kernelBefore = kernelSlabBytes();
  const loads = await LoadGroup.start(
    receiversPerLoad.map((connections, i) =>
      loadConfig(deployment, { scenario: 'broadcast', connections, inFlight, sender: i === 0 }),
    ),
    connectTimeoutMs(Math.max(...receiversPerLoad)),
  );
  const receivers = loads.connections - 1;
  const idleFigures: Figures = {};
  const notes: string[] = [];
  if (idleHoldMs > 0) {
    idleFigures.spreadPct = await spread(deployment, notes);
    // Long enough for a round of heartbeats: what idle connections cost in CPU, not only memory.
    const idleCpu = new CpuWindow(deployment, loads).start();
    await sleep(idleHoldMs);
    idleCpu.end();
    const connections = loads.connections;
    idleFigures.connections = connections;
    idleFigures.rssPerConnKiB = (sumRss(deployment.gatewayPids()) - gatewayRssBefore) / 1024 / connections;
    idleFigures.treeRssPerConnKiB = (sumRss(deployment.serverPids()) - treeRssBefore) / 1024 / connections;
    idleFigures.idleCpuPct = (idleCpu.serverSec / idleCpu.wallSec) * 100;
    // Both ends of a loopback connection are on this machine: half of the growth is the server's.
    idleFigures.kernelKiBPerConn = (kernelSlabBytes() - kernelBefore) / 2 / 1024 / connections;
  }
  const { results, cpu, problems } = await measuredRun(deployment, loads, measureMs);
  const { complete, incomplete, reach } = broadcastReach(results, receivers);
  notes.push(...loadNotes(results, problems));
  if (incomplete > 0)
    notes.push(`${incomplete} of ${complete + incomplete} broadcasts did not reach every receiver`);
  return {
    deployment: deployment.spec.name,
    scenario,
    figures: {
      ...idleFigures,
      ...throughputFigures(results, cpu),
      receivers,
      broadcasts: complete,
      reachAllP50Ms: reach.percentileMs(50),
      reachAllMaxMs: reach.percentileMs(100),
    },
    notes,
  };
}

export function broadcast(deployment: Deployment): Promise<ScenarioResult> {
  return broadcastOn(
    deployment,
    [PARAMS.bcastReceivers],
    PARAMS.bcastInFlight,
    PARAMS.measureMs,
    'broadcast',
    0,
  );
}

/** 70,000 (BENCH_SCALE_CONNECTIONS) receivers in several load processes, one broadcast at a time. */
export function scale(deployment: Deployment): Promise<ScenarioResult> {
  const perLoad = split(PARAMS.scaleConnections, Math.ceil(PARAMS.scaleConnections / PARAMS.scaleLoads));
  return broadcastOn(deployment, perLoad, 1, PARAMS.scaleMeasureMs, 'scale', PARAMS.scaleHoldMs);
}

/** 19,000 idle connections per Gateway process, heartbeats on: resident memory per connection. */
export async function idle(deployment: Deployment): Promise<ScenarioResult> {
  const gatewayPids = deployment.gatewayPids();
  const total = PARAMS.idlePerGateway * gatewayPids.length;
  const gatewayBefore = sumRss(gatewayPids);
  const treeBefore = sumRss(deployment.serverPids());
  let cpu: CpuWindow | undefined;
  const loads = await LoadGroup.start(
    split(total, PARAMS.idlePerLoad).map((connections) =>
      loadConfig(deployment, { scenario: 'idle', connections }),
    ),
    connectTimeoutMs(PARAMS.idlePerLoad),
    (group) => (cpu = new CpuWindow(deployment, group).start()),
  );
  cpu?.end();
  await sleep(PARAMS.idleHoldMs);
  const connections = loads.connections;
  const gatewayDelta = sumRss(deployment.gatewayPids()) - gatewayBefore;
  const treeDelta = sumRss(deployment.serverPids()) - treeBefore;
  const { results, problems } = await loads.finish(30_000);
  return {
    deployment: deployment.spec.name,
    scenario: 'idle',
    figures: {
      connections,
      rssPerConnKiB: gatewayDelta / 1024 / connections,
      treeRssPerConnKiB: treeDelta / 1024 / connections,
      openedPerSec: connections / (cpu?.wallSec ?? NaN),
      ...cpu?.figures(),
    },
    notes: loadNotes(results, problems),
  };
}

/** Clients per Gateway process and the largest deviation from their mean, in %; notes say why not. */
async function spread(deployment: Deployment, notes: string[]): Promise<number | null> {
  try {
    const perGateway = await deployment.connectionsPerGateway();
    if (!perGateway || perGateway.length < 2) return null;
    const mean = perGateway.reduce((a, b) => a + b, 0) / perGateway.length;
    notes.push(`connections per Gateway process: ${perGateway.join(', ')}`);
    return (Math.max(...perGateway.map((n) => Math.abs(n - mean))) / mean) * 100;
  } catch (err) {
    notes.push(`could not count connections per Gateway: ${(err as Error).message}`);
    return null;
  }
}

/** New connections at 2,000/s: handshake latency, and how they spread over the Gateway processes. */
export async function handshake(deployment: Deployment): Promise<ScenarioResult> {
  const total = Math.round((PARAMS.handshakeRatePerSec * PARAMS.handshakeMs) / 1000);
  let cpu: CpuWindow | undefined;
  const loads = await LoadGroup.start(
    split(total, Math.ceil(total / PARAMS.handshakeLoads)).map((connections) =>
      loadConfig(deployment, {
        scenario: 'handshake',
        connections,
        connectRatePerSec: PARAMS.handshakeRatePerSec / PARAMS.handshakeLoads,
        warmupConnections:
          (PARAMS.handshakeRatePerSec / PARAMS.handshakeLoads) * (PARAMS.handshakeWarmupMs / 1000),
      }),
    ),
    60_000,
    (group) => (cpu = new CpuWindow(deployment, group).start()),
  );
  cpu?.end();
  const latency = new LatencyHistogram();
  for (const ready of loads.ready) latency.merge(ready.handshake);
  const notes: string[] = [];
  const spreadPct = await spread(deployment, notes);
  const { results, problems } = await loads.finish(30_000);
  return {
    deployment: deployment.spec.name,
    scenario: 'handshake',
    figures: {
      connections: loads.connections,
      p50Ms: latency.percentileMs(50),
      p99Ms: latency.percentileMs(99),
      spreadPct,
      ...cpu?.figures(),
    },
    notes: [...notes, ...loadNotes(results, problems)],
  };
}

/** Echo while `reload` replaces the workers: nothing lost or doubled, p99 against the steady p99 before. */
export async function reload(deployment: Deployment): Promise<ScenarioResult> {
  const loads = await startEchoLoad(deployment);
  loads.send({ t: 'go' });
  await sleep(PARAMS.warmupMs);
  loads.send({ t: 'window', name: 'steady' });
  const cpu = new CpuWindow(deployment, loads).start();
  await sleep(PARAMS.reloadSteadyMs);
  loads.send({ t: 'window', name: 'reload' });
  const startMs = performance.now();
  const outcome = await deployment.reload();
  const reloadMs = performance.now() - startMs;
  await sleep(PARAMS.reloadAfterMs);
  loads.send({ t: 'window', name: null });
  cpu.end();
  const { results, problems } = await loads.finish(20_000);
  const notes = loadNotes(results, problems);
  if (!outcome.ok) notes.push(`reload failed: ${outcome.output}`);
  const steady = merged(results, (r) => r.windows.steady?.latency);
  const during = merged(results, (r) => r.windows.reload?.latency);
  const integrity = echoIntegrity(results, notes);
  return {
    deployment: deployment.spec.name,
    scenario: 'reload',
    figures: {
      reloadOk: outcome.ok ? 1 : 0,
      reloadMs,
      steadyP99Ms: steady.percentileMs(99),
      p99Ms: during.percentileMs(99),
      p50Ms: during.percentileMs(50),
      messages: results.reduce((sum, r) => sum + (r.windows.reload?.messages ?? 0), 0),
      ...integrity,
      ...cpu.figures(),
    },
    notes,
  };
}

export const RUNNERS: Record<ScenarioName, (deployment: Deployment) => Promise<ScenarioResult>> = {
  idle,
  handshake,
  echo,
  broadcast,
  reload,
  scale,
};
