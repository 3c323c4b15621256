// Load generator for `npm run bench`: runs one scenario against one WebSocket server, prints one JSON line.
//   node dist/scripts/bench-load.js <ws-url> <echo|broadcast>
// Parameters come from BENCH_* environment variables (see readParams). When started with an IPC channel
// (as the driver does) it sends {phase: 'measure-start'} and {phase: 'measure-end'}, so the driver can
// read the server's CPU time over exactly the measured window.
// Always ends by itself: after the run, or at a hard deadline with whatever it has measured so far.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

type Scenario = 'echo' | 'broadcast';
type Phase = 'setup' | 'warmup' | 'measure' | 'drain' | 'closing';

const BCAST = 'bcast ';

interface Params {
  warmupMs: number;
  measureMs: number;
  /** Size of the payload that carries the send timestamp (the broadcast command adds its prefix). */
  messageBytes: number;
  echoConnections: number;
  echoInFlight: number;
  bcastReceivers: number;
  bcastInFlight: number;
  /** Connections opened concurrently, so a thousand of them neither time out nor take long. */
  connectBatch: number;
  connectTimeoutMs: number;
  /** Opening connections stops after this, with however many are open. */
  connectBudgetMs: number;
  /** After the measured window: how long to wait for the replies still in flight. */
  drainTimeoutMs: number;
  closeTimeoutMs: number;
  deadlineMs: number;
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function readParams(): Params {
  const params = {
    warmupMs: envNumber('BENCH_WARMUP_MS', 1000),
    measureMs: envNumber('BENCH_MEASURE_MS', 5000),
    messageBytes: envNumber('BENCH_MESSAGE_BYTES', 64),
    echoConnections: envNumber('BENCH_ECHO_CONNECTIONS', 200),
    echoInFlight: envNumber('BENCH_ECHO_IN_FLIGHT', 10),
    bcastReceivers: envNumber('BENCH_BCAST_RECEIVERS', 1000),
    bcastInFlight: envNumber('BENCH_BCAST_IN_FLIGHT', 4),
    connectBatch: envNumber('BENCH_CONNECT_BATCH', 100),
    connectTimeoutMs: envNumber('BENCH_CONNECT_TIMEOUT_MS', 3000),
    connectBudgetMs: envNumber('BENCH_CONNECT_BUDGET_MS', 10_000),
    drainTimeoutMs: envNumber('BENCH_DRAIN_TIMEOUT_MS', 2000),
    closeTimeoutMs: envNumber('BENCH_CLOSE_TIMEOUT_MS', 2000),
  };
  // Every phase has its own bound; the deadline only catches what those miss, with some slack.
  const phasesMs =
    params.connectBudgetMs +
    params.warmupMs +
    params.measureMs +
    params.drainTimeoutMs +
    params.closeTimeoutMs;
  return { ...params, deadlineMs: envNumber('BENCH_DEADLINE_MS', phasesMs + 3000) };
}

/** Latency percentiles in constant memory: buckets grow by 1 %, from 1 µs to beyond 100 s. */
class LatencyHistogram {
  private static readonly MIN_MS = 0.001;
  private static readonly LOG_GROWTH = Math.log(1.01);
  private readonly counts = new Uint32Array(2000);
  count = 0;

  record(latencyMs: number): void {
    const raw = Math.ceil(Math.log(latencyMs / LatencyHistogram.MIN_MS) / LatencyHistogram.LOG_GROWTH);
    const index = Number.isFinite(raw) ? Math.min(Math.max(raw, 0), this.counts.length - 1) : 0;
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.count++;
  }

  /** Upper bound of the bucket holding the p-th percentile; null without samples. */
  percentileMs(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((this.count * p) / 100));
    let seen = 0;
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index] ?? 0;
      if (seen >= rank) return LatencyHistogram.MIN_MS * Math.exp(index * LatencyHistogram.LOG_GROWTH);
    }
    return null;
  }
}

/** Counters of one run. "Messages" are replies (echo) or deliveries to receivers (broadcast). */
class Run {
  phase: Phase = 'setup';
  sockets: WebSocket[] = [];
  sent = 0;
  /** Messages each send should produce: 1 for echo, the receiver count for broadcast. */
  expectedPerSend = 1;
  received = 0;
  windowMessages = 0;
  windowStartMs = 0;
  windowEndMs = 0;
  readonly latency = new LatencyHistogram();
  connectErrors = 0;
  socketErrors = 0;
  unexpectedCloses = 0;
  forcedCloses = 0;
  error: string | undefined;

  get sending(): boolean {
    return this.phase === 'warmup' || this.phase === 'measure';
  }

  get expected(): number {
    return this.sent * this.expectedPerSend;
  }

  onMessage(data: WebSocket.RawData): void {
    this.received++;
    if (this.phase !== 'measure') return;
    this.windowMessages++;
    // The payload starts with the send time; only its first bytes need decoding.
    const sentAtMs = parseFloat((data as Buffer).toString('latin1', 0, 24));
    this.latency.record(performance.now() - sentAtMs);
  }
}

/** The timestamp as text, padded to `bytes` so all servers move the same amount of data. */
function timestampPayload(bytes: number): string {
  return `${performance.now().toFixed(3)} `.padEnd(bytes, 'x');
}

function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

/** Polls `done` until it holds or `timeoutMs` passes; returns whether it held. */
async function waitUntil(done: () => boolean, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

function reportPhase(phase: 'measure-start' | 'measure-end'): void {
  process.send?.({ phase });
}

function openOne(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Watches an open socket for the rest of the run: errors and closes the run did not ask for. */
function watch(run: Run, ws: WebSocket): void {
  run.sockets.push(ws);
  ws.on('error', () => run.socketErrors++);
  ws.on('close', () => {
    if (run.phase !== 'closing') run.unexpectedCloses++;
  });
}

/** Opens `count` connections, `connectBatch` at a time; returns those that opened in the budget. */
async function openConnections(url: string, count: number, params: Params, run: Run): Promise<WebSocket[]> {
  const opened: WebSocket[] = [];
  const budgetEndMs = performance.now() + params.connectBudgetMs;
  for (let first = 0; first < count; first += params.connectBatch) {
    if (performance.now() >= budgetEndMs) {
      run.connectErrors += count - first; // not even tried: counted as failed
      break;
    }
    const batchSize = Math.min(params.connectBatch, count - first);
    const batch = Array.from({ length: batchSize }, () => openOne(url, params.connectTimeoutMs));
    for (const outcome of await Promise.allSettled(batch)) {
      if (outcome.status === 'rejected') {
        run.connectErrors++;
        continue;
      }
      watch(run, outcome.value);
      opened.push(outcome.value);
    }
  }
  return opened;
}

/** Warm-up, then the measured window; `start` begins sending once the warm-up phase is set. */
async function runPhases(run: Run, params: Params, start: () => void): Promise<void> {
  run.phase = 'warmup';
  start();
  await sleep(params.warmupMs);
  run.phase = 'measure';
  run.windowStartMs = performance.now();
  reportPhase('measure-start');
  await sleep(params.measureMs);
  run.windowEndMs = performance.now();
  run.phase = 'drain';
  reportPhase('measure-end');
}

/** Every connection keeps `echoInFlight` messages in flight: each reply triggers the next send. */
async function runEcho(url: string, params: Params, run: Run): Promise<void> {
  const sockets = await openConnections(url, params.echoConnections, params, run);
  if (sockets.length === 0) throw new Error('no connection could be opened');
  const send = (ws: WebSocket): void => {
    ws.send(timestampPayload(params.messageBytes));
    run.sent++;
  };
  for (const ws of sockets) {
    ws.on('message', (data) => {
      run.onMessage(data);
      if (run.sending) send(ws);
    });
  }
  await runPhases(run, params, () => {
    for (const ws of sockets) for (let i = 0; i < params.echoInFlight; i++) send(ws);
  });
}

/** One sender keeps `bcastInFlight` broadcasts in flight; one completes when it reaches the sender. */
async function runBroadcast(url: string, params: Params, run: Run): Promise<void> {
  const receivers = await openConnections(url, params.bcastReceivers, params, run);
  const [sender] = await openConnections(url, 1, params, run);
  if (receivers.length === 0 || !sender) throw new Error('receivers or sender could not connect');
  run.expectedPerSend = receivers.length;
  for (const ws of receivers) ws.on('message', (data) => run.onMessage(data));
  const send = (): void => {
    sender.send(BCAST + timestampPayload(params.messageBytes));
    run.sent++;
  };
  sender.on('message', () => {
    if (run.sending) send();
  });
  await runPhases(run, params, () => {
    for (let i = 0; i < params.bcastInFlight; i++) send();
  });
}

/** Closes every socket gracefully; those still open after `timeoutMs` are dropped. */
async function closeAll(run: Run, timeoutMs: number): Promise<void> {
  run.phase = 'closing';
  for (const ws of run.sockets) {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
  }
  await waitUntil(() => run.sockets.every((ws) => ws.readyState === WebSocket.CLOSED), timeoutMs);
  for (const ws of run.sockets) {
    if (ws.readyState === WebSocket.CLOSED) continue;
    run.forcedCloses++;
    ws.terminate();
  }
}

function round(value: number | null, digits: number): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

function summarize(run: Run, scenario: Scenario, url: string, timedOut: boolean): Record<string, unknown> {
  const windowEndMs = run.windowEndMs || performance.now();
  const measuredMs = run.windowStartMs ? windowEndMs - run.windowStartMs : 0;
  return {
    scenario,
    url,
    connections: run.sockets.length,
    measuredMs: Math.round(measuredMs),
    messages: run.windowMessages,
    messagesPerSec: measuredMs > 0 ? Math.round((run.windowMessages * 1000) / measuredMs) : 0,
    p50Ms: round(run.latency.percentileMs(50), 3),
    p99Ms: round(run.latency.percentileMs(99), 3),
    sent: run.sent,
    expected: run.expected,
    received: run.received,
    missing: Math.max(0, run.expected - run.received),
    connectErrors: run.connectErrors,
    socketErrors: run.socketErrors,
    unexpectedCloses: run.unexpectedCloses,
    forcedCloses: run.forcedCloses,
    timedOut,
    ...(run.error ? { error: run.error } : {}),
  };
}

let finished = false;

/** Prints the result line and exits; only the first call counts (normal end or deadline). */
function finish(result: Record<string, unknown>, exitCode: number): void {
  if (finished) return;
  finished = true;
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(exitCode));
}

function parseArgs(): { url: string; scenario: Scenario } {
  const [url, scenario] = process.argv.slice(2);
  if (!url || (scenario !== 'echo' && scenario !== 'broadcast')) {
    console.error('usage: bench-load <ws-url> <echo|broadcast>');
    process.exit(2);
  }
  return { url, scenario };
}

async function main(): Promise<void> {
  const { url, scenario } = parseArgs();
  const params = readParams();
  const run = new Run();
  const deadline = setTimeout(() => finish(summarize(run, scenario, url, true), 3), params.deadlineMs);
  try {
    await (scenario === 'echo' ? runEcho : runBroadcast)(url, params, run);
    await waitUntil(() => run.received >= run.expected, params.drainTimeoutMs);
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
  }
  await closeAll(run, params.closeTimeoutMs);
  clearTimeout(deadline);
  finish(summarize(run, scenario, url, false), run.error ? 1 : 0);
}

void main();
