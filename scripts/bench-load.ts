// Load generator for `npm run bench`: one of several processes that drive one WebSocket server.
//   node dist/scripts/bench-load.js '<LoadConfig as JSON>'   (started by bench.ts, with an IPC channel)
// The driver runs the phases over IPC, so that several load processes act together and the driver
// reads the servers' CPU time at the very moments a measured window starts and ends:
//   load -> driver {t: 'ready'} once its connections are open (idle and handshake: that is the scenario)
//   driver -> load {t: 'go'}: start sending; {t: 'window', name}: count replies into that window
//   (null: none); {t: 'finish'}: stop sending, wait for what is in flight, close, answer {t: 'result'}.
// Every message carries the send time and a number: echo replies are checked per connection (none
// lost, doubled or out of order), broadcasts are counted per broadcast (when it reached everyone).
// Connections that only receive (idle, handshake, broadcast receivers) use bench-raw-client.ts,
// those that send (echo, the broadcast sender) a `ws` client.
// Always ends by itself: at its deadline, or when the driver goes away.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { LatencyHistogram } from './bench-histogram';
import { openRaw, RefusedError, type RawConnection } from './bench-raw-client';

export type LoadScenario = 'echo' | 'broadcast' | 'idle' | 'handshake';

export interface LoadConfig {
  url: string;
  scenario: LoadScenario;
  /** Connections this process opens (broadcast: receivers; one sender more if `sender`). */
  connections: number;
  /** Source address of the receive-only connections: this process's own, for ~41k source ports. */
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
  /** Upgrades refused with 503 (a Gateway process at its cap) and tried again. */
  refusedRetries: number;
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
/** Closing takes longer with more connections (tens of thousands on a busy machine: seconds). */
const CLOSE_TIMEOUT_MS = 3000;
const CLOSE_TIMEOUT_PER_CONNECTION_MS = 0.5;
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
    refusedRetries: 0,
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
  /** Every open connection: `ws` clients (echo, the broadcast sender) and receive-only raw ones. */
  readonly sockets: RawConnection[] = [];
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

  onError(): void {
    this.result.socketErrors++;
  }

  onClose(): void {
    if (!this.closing) this.result.unexpectedCloses++;
  }

  watch(ws: WebSocket): void {
    this.sockets.push({
      get closed() {
        return ws.readyState === WebSocket.CLOSED;
      },
      close: () => ws.close(1000),
      terminate: () => ws.terminate(),
    });
    ws.on('error', () => this.onError());
    ws.on('close', () => this.onClose());
  }
}

const load = new Load();

/** A full `ws` client, for connections that send. */
function openWs(): Promise<WebSocket> {
  const startMs = now();
  return new Promise((resolve, reject) => {
    // (A few of these per process: the kernel picks their source address and port.)
    const ws = new WebSocket(config.url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    ws.once('open', () => {
      ws.off('error', reject);
      load.handshake.record(now() - startMs);
      load.watch(ws);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/**
 * Source ports of the receive-only connections, on this process's own loopback address: ~41k per
 * address, where the kernel's ephemeral range gives ~28k per server port.
 */
const FIRST_PORT = 20_000;
const LAST_PORT = 60_999;
let nextPort = FIRST_PORT;
/** A source port can be taken (by a listener on 0.0.0.0): try the next one, a few times. */
const PORT_ATTEMPTS = 5;
/**
 * A Gateway process at its connection cap answers 503 (Retry-After): a client tries again, as real
 * ones do, and lands on whichever process accepts then; a few times, after a short pause.
 */
const REFUSED_ATTEMPTS = 20;
const REFUSED_RETRY_MS = 200;

function takePort(): number {
  const port = nextPort;
  nextPort = port >= LAST_PORT ? FIRST_PORT : port + 1;
  return port;
}

/** A receive-only connection (bench-raw-client.ts): cheap enough for tens of thousands per process. */
async function openReceiver(onMessage: (payload: Buffer) => void, measure = true): Promise<RawConnection> {
  const startMs = now();
  const open = (): Promise<RawConnection> =>
    openRaw({
      url: config.url,
      localAddress: config.localAddress,
      localPort: takePort(),
      timeoutMs: CONNECT_TIMEOUT_MS,
      onMessage,
      onClose: () => load.onClose(),
      onError: () => load.onError(),
    });
  let connection: RawConnection | undefined;
  for (let portAttempt = 1, refusals = 0; !connection;) {
    try {
      connection = await open();
    } catch (err) {
      if (err instanceof RefusedError && err.status === 503 && ++refusals < REFUSED_ATTEMPTS) {
        load.result.refusedRetries++;
        await new Promise((resolve) => setTimeout(resolve, REFUSED_RETRY_MS * (0.5 + Math.random())));
      } else if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || ++portAttempt > PORT_ATTEMPTS) {
        throw err;
      }
    }
  }
  if (measure) load.handshake.record(now() - startMs);
  load.sockets.push(connection);
  return connection;
}

const ignore = (): void => undefined;

/** Opens `count` connections with `open`, `connectConcurrency` at a time. */
async function openMany<T>(count: number, open: () => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        opened.push(await open());
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
      const measure = started >= config.warmupConnections;
      pending.push(openReceiver(ignore, measure).catch(() => load.result.connectErrors++));
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
async function prepareBroadcast(): Promise<() => void> {
  const onCopy = (data: Buffer): void => {
    const { sentAtMs, number } = parsePayload(data, 0);
    const entry = (load.result.broadcasts[number] ??= { copies: 0, lastMs: 0 });
    entry.copies++;
    entry.lastMs = now();
    load.count(sentAtMs);
  };
  await openMany(config.connections, () => openReceiver(onCopy));
  if (!config.sender) return () => undefined;
  const [sender] = await openMany(1, openWs);
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
  for (const connection of load.sockets) connection.close();
  const timeoutMs = CLOSE_TIMEOUT_MS + load.sockets.length * CLOSE_TIMEOUT_PER_CONNECTION_MS;
  await waitUntil(() => load.sockets.every((connection) => connection.closed), timeoutMs);
  for (const connection of load.sockets) {
    if (connection.closed) continue;
    load.result.forcedCloses++;
    connection.terminate();
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
      return prepareEcho(await openMany(config.connections, openWs));
    case 'broadcast':
      return prepareBroadcast();
    case 'idle':
      await openMany(config.connections, () => openReceiver(ignore));
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
