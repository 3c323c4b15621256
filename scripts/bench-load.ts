// Load generator for `npm run bench`: one of several processes that drive one WebSocket server.
//   node dist/scripts/bench-load.js '<LoadConfig as JSON>'   (started by bench.ts, with an IPC channel)
// The driver runs the phases over IPC, so that several load processes act together and the driver
// reads the servers' CPU time at the very moments a measured window starts and ends:
//   load -> driver {t: 'ready'} once its connections are open (idle and handshake: that is the scenario)
//   driver -> load {t: 'go'}: start sending; {t: 'window', name}: count replies into that window
//   (null: none); {t: 'finish'}: stop sending, wait for what is in flight, close, answer {t: 'result'}.
// Every message carries the send time and a number: echo replies are checked per connection (none
// lost, doubled or out of order), broadcasts are counted per broadcast (when it reached everyone).
// Always ends by itself: at its deadline, or when the driver goes away.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { LatencyHistogram } from './bench-histogram';

export type LoadScenario = 'echo' | 'broadcast' | 'idle' | 'handshake';

export interface LoadConfig {
  url: string;
  scenario: LoadScenario;
  /** Connections this process opens (broadcast: receivers; one sender more if `sender`). */
  connections: number;
  /** Source address of every socket: one address gives ~28k ports towards one server port. */
  localAddress: string;
  /** Echo: messages in flight per connection; broadcast: broadcasts in flight (sender only). */
  inFlight: number;
  /** Broadcast: whether this process also runs the sender. */
  sender: boolean;
  messageBytes: number;
  /** Connections opened concurrently (echo, broadcast, idle). */
  connectConcurrency: number;
  /** Handshake: new connections per second from this process. */
  connectRatePerSec: number;
  /** Handshake: how many of the first connections are not measured (a cold process is slower). */
  warmupConnections: number;
  /** Clock shared by every process of a run: ms since the driver's epoch. */
  epochMs: number;
  /** This process ends by itself after this long, whatever the driver does. */
  deadlineMs: number;
}

export type LoadMessage =
  | { t: 'ready'; connections: number; connectErrors: number; handshake: number[] }
  | { t: 'result'; result: LoadResult };

export type DriverMessage = { t: 'go' } | { t: 'window'; name: string | null } | { t: 'finish' };

export interface WindowCounts {
  messages: number;
  latency: number[];
}

export interface LoadResult {
  connections: number;
  connectErrors: number;
  socketErrors: number;
  unexpectedCloses: number;
  forcedCloses: number;
  sent: number;
  /** What the sends should produce: one reply per echo, one copy per receiver per broadcast. */
  expected: number;
  received: number;
  /** Echo: replies skipped (a later number came first), doubled, or out of order. */
  lost: number;
  duplicated: number;
  windows: Record<string, WindowCounts>;
  handshake: number[];
  /** Broadcast: per broadcast number, copies received here and when the last one arrived. */
  broadcasts: Record<string, { copies: number; lastMs: number }>;
  /** Broadcast (sender): when each broadcast was sent. */
  sentAtMs: Record<string, number>;
  timedOut: boolean;
  error?: string;
}

const BCAST = 'bcast ';
const DRAIN_TIMEOUT_MS = 3000;
const CLOSE_TIMEOUT_MS = 3000;
const CONNECT_TIMEOUT_MS = 10_000;
const QUIET_MS = 300;

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const now = (): number => performance.timeOrigin + performance.now() - config.epochMs;

function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(20);
  }
  return true;
}

/** "<time> <number> " padded to the message size, so every server moves the same bytes. */
function payload(number: number): string {
  return `${now().toFixed(3)} ${number} `.padEnd(config.messageBytes, 'x');
}

/** The send time and the number at the start of a payload (only its first bytes are decoded). */
function parsePayload(data: Buffer, offset: number): { sentAtMs: number; number: number } {
  const head = data.toString('latin1', offset, offset + 40).split(' ');
  return { sentAtMs: Number(head[0]), number: Number(head[1]) };
}

class Load {
  readonly result: LoadResult = {
    connections: 0,
    connectErrors: 0,
    socketErrors: 0,
    unexpectedCloses: 0,
    forcedCloses: 0,
    sent: 0,
    expected: 0,
    received: 0,
    lost: 0,
    duplicated: 0,
    windows: {},
    handshake: [],
    broadcasts: {},
    sentAtMs: {},
    timedOut: false,
  };
  readonly sockets: WebSocket[] = [];
  readonly handshake = new LatencyHistogram();
  sending = false;
  closing = false;
  private window: { counts: WindowCounts; latency: LatencyHistogram } | undefined;
  private readonly windowHistograms = new Map<string, LatencyHistogram>();

  setWindow(name: string | null): void {
    this.flushWindow();
    if (name === null) return;
    const counts = (this.result.windows[name] ??= { messages: 0, latency: [] });
    const latency = this.windowHistograms.get(name) ?? new LatencyHistogram();
    this.windowHistograms.set(name, latency);
    this.window = { counts, latency };
  }

  flushWindow(): void {
    if (this.window) this.window.counts.latency = this.window.latency.counts;
    this.window = undefined;
  }

  /** One message arrived; its latency counts in the current window. */
  count(sentAtMs: number): void {
    this.result.received++;
    if (!this.window) return;
    this.window.counts.messages++;
    this.window.latency.record(now() - sentAtMs);
  }

  watch(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('error', () => this.result.socketErrors++);
    ws.on('close', () => {
      if (!this.closing) this.result.unexpectedCloses++;
    });
  }
}

const load = new Load();

function openOne(measure = true): Promise<WebSocket> {
  const startMs = now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(config.url, {
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      localAddress: config.localAddress,
    });
    ws.once('open', () => {
      ws.off('error', reject);
      if (measure) load.handshake.record(now() - startMs);
      load.watch(ws);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Opens `count` connections, `connectConcurrency` at a time. */
async function openMany(count: number): Promise<WebSocket[]> {
  const opened: WebSocket[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        opened.push(await openOne());
      } catch {
        load.result.connectErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.connectConcurrency, count) }, lane));
  return opened;
}

/** Opens `count` connections at `connectRatePerSec`, each started on time whatever the others do. */
async function openAtRate(count: number): Promise<void> {
  const startMs = performance.now();
  const pending: Promise<unknown>[] = [];
  let started = 0;
  while (started < count) {
    const due = Math.min(
      count,
      Math.floor(((performance.now() - startMs) * config.connectRatePerSec) / 1000),
    );
    for (; started < due; started++) {
      pending.push(openOne(started >= config.warmupConnections).catch(() => load.result.connectErrors++));
    }
    await sleep(2);
  }
  await Promise.all(pending);
}

/** Echo: each reply must carry the next number of its connection; it triggers the next send. */
function prepareEcho(sockets: WebSocket[]): () => void {
  const starts = sockets.map((ws) => {
    let nextSent = 0;
    let nextExpected = 0;
    const send = (): void => {
      ws.send(payload(nextSent++));
      load.result.sent++;
      load.result.expected++;
    };
    ws.on('message', (data: Buffer) => {
      const { sentAtMs, number } = parsePayload(data, 0);
      if (number < nextExpected) load.result.duplicated++;
      else {
        load.result.lost += number - nextExpected;
        nextExpected = number + 1;
      }
      load.count(sentAtMs);
      if (load.sending) send();
    });
    return (): void => {
      for (let i = 0; i < config.inFlight; i++) send();
    };
  });
  return () => {
    for (const start of starts) start();
  };
}

/** Broadcast: receivers count copies per broadcast; the sender sends the next when its own copy comes. */
async function prepareBroadcast(receivers: WebSocket[]): Promise<() => void> {
  for (const ws of receivers) {
    ws.on('message', (data: Buffer) => {
      const { sentAtMs, number } = parsePayload(data, 0);
      const entry = (load.result.broadcasts[number] ??= { copies: 0, lastMs: 0 });
      entry.copies++;
      entry.lastMs = now();
      load.count(sentAtMs);
    });
  }
  if (!config.sender) return () => undefined;
  const [sender] = await openMany(1);
  if (!sender) throw new Error('the broadcast sender could not connect');
  let number = 0;
  const send = (): void => {
    load.result.sentAtMs[number] = now();
    sender.send(BCAST + payload(number++));
    load.result.sent++;
  };
  sender.on('message', () => {
    if (load.sending) send();
  });
  return () => {
    for (let i = 0; i < config.inFlight; i++) send();
  };
}

async function closeAll(): Promise<void> {
  load.closing = true;
  for (const ws of load.sockets) {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
  }
  await waitUntil(() => load.sockets.every((ws) => ws.readyState === WebSocket.CLOSED), CLOSE_TIMEOUT_MS);
  for (const ws of load.sockets) {
    if (ws.readyState === WebSocket.CLOSED) continue;
    load.result.forcedCloses++;
    ws.terminate();
  }
}

let finished = false;

/** Reports and exits; only the first call counts (normal end, deadline or lost driver). */
function finish(): void {
  if (finished) return;
  finished = true;
  load.flushWindow();
  load.result.connections = load.sockets.length;
  load.result.handshake = load.handshake.counts;
  const message: LoadMessage = { t: 'result', result: load.result };
  if (!process.send || !process.connected) process.exit(1);
  process.send(message, undefined, undefined, () => process.exit(0));
}

async function stopAndFinish(): Promise<void> {
  load.sending = false;
  load.setWindow(null);
  // Echo: every reply. Broadcast: this process cannot know what the others sent, so until the copies stop
  // coming; the driver checks that every receiver got every broadcast.
  if (config.scenario === 'broadcast') await waitQuiet(DRAIN_TIMEOUT_MS);
  else await waitUntil(() => load.result.received >= load.result.expected, DRAIN_TIMEOUT_MS);
  await closeAll();
  finish();
}

/** Waits until no message has arrived for QUIET_MS, at most `timeoutMs`. */
async function waitQuiet(timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let seen = -1;
  while (seen !== load.result.received && performance.now() < deadline) {
    seen = load.result.received;
    await sleep(QUIET_MS);
  }
}

async function setUp(): Promise<() => void> {
  switch (config.scenario) {
    case 'echo':
      return prepareEcho(await openMany(config.connections));
    case 'broadcast':
      return prepareBroadcast(await openMany(config.connections));
    case 'idle':
      await openMany(config.connections);
      return () => undefined;
    case 'handshake':
      await openAtRate(config.connections);
      return () => undefined;
  }
}

async function main(): Promise<void> {
  setTimeout(() => {
    load.result.timedOut = true;
    void closeAll().then(finish);
  }, config.deadlineMs).unref();
  process.on('disconnect', () => process.exit(1));
  let start: () => void = () => undefined;
  process.on('message', (message: DriverMessage) => {
    if (message.t === 'go') {
      load.sending = true;
      start();
    } else if (message.t === 'window') load.setWindow(message.name);
    else if (message.t === 'finish') void stopAndFinish();
  });
  try {
    start = await setUp();
  } catch (err) {
    load.result.error = err instanceof Error ? err.message : String(err);
  }
  const ready: LoadMessage = {
    t: 'ready',
    connections: load.sockets.length,
    connectErrors: load.result.connectErrors,
    handshake: load.handshake.counts,
  };
  process.send?.(ready);
}

void main();
