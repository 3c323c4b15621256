import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ClientHub } from '../../src/gateway/client-hub';
import type { ClientState } from '../../src/gateway/client-state';
import { leastConnectionsRouter } from '../../src/gateway/router';
import type { ClientEvent } from '../../src/rpc/generated/gatewayworker/v1/ClientEvent';
import { MemoryLogger } from '../helpers/logs';
import { describeEvent, FakeTimers, MemorySocket, MemoryWorker } from '../helpers/memory-hub';

const WAIT_MS = 1000;
/** How often the interesting cases came up (printed with GW_TEST_LOGS=1). */
const coverage = { congestedCrash: 0, drainedWithClients: 0, noWorkerCloses: 0, kicks: 0, unknownClients: 0 };

type Action =
  | { t: 'connect' }
  | { t: 'send'; c: number; n: number }
  | { t: 'read'; c: number }
  | { t: 'clientClose'; c: number }
  | { t: 'kick'; c: number }
  | { t: 'closeDone'; c: number }
  | { t: 'attach' }
  | { t: 'drain'; w: number }
  | { t: 'detach'; w: number }
  | { t: 'congest'; w: number; on: boolean }
  | { t: 'tick'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ t: 'connect' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({ t: fc.constant('send' as const), c: fc.nat(), n: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('read' as const), c: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clientClose' as const), c: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('kick' as const), c: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('closeDone' as const), c: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ t: 'attach' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drain' as const), w: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('detach' as const), w: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('congest' as const), w: fc.nat(), on: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 1500 }) }),
  },
);

interface ModelClient {
  socket: MemorySocket;
  connectionId: number;
  /** Every event the Gateway read from this client, in order (the reference). */
  read: string[];
  /** Every event a worker was given for this client, in the order given. */
  received: string[];
}

/** Runs one scenario against a ClientHub and checks it against the reference model. */
function run(actions: Action[]): void {
  const timers = new FakeTimers();
  const hub = new ClientHub({
    address: '127.0.0.1:2900',
    clientPort: 7272,
    router: leastConnectionsRouter,
    workerWaitMs: WAIT_MS,
    logger: new MemoryLogger(),
    timers,
  });
  const clients: ModelClient[] = [];
  const byConnection = new Map<number, ModelClient>();
  const workers: MemoryWorker[] = [];
  const live = (): MemoryWorker[] => workers.filter((w) => !w.detached);
  let sent = 0;

  // Every event a worker is given is recorded for its client, in global order.
  const given: ClientEvent[] = [];
  const gaveUpEarly: string[] = [];
  const record = (worker: MemoryWorker): void => {
    const push = worker.pushEvent.bind(worker);
    worker.pushEvent = (event: ClientEvent) => {
      push(event);
      given.push(event);
    };
  };
  const attach = (): void => {
    const worker = new MemoryWorker(`w${workers.length}:0`, workers.length);
    record(worker);
    workers.push(worker);
    hub.attachWorker(worker);
  };
  const connect = (): void => {
    const socket = new MemorySocket(40_000 + clients.length);
    const model: ModelClient = { socket, connectionId: 0, read: ['connect', 'ws'], received: [] };
    const handlers = hub.accept(socket, { url: '/', headers: [] });
    const state = [...hub.clients.values()].pop() as ClientState;
    model.connectionId = state.connectionId;
    // The Gateway never gives up on a client whose worker is still attached (draining or not).
    const close = socket.close.bind(socket);
    socket.close = (code, reason) => {
      if (code === 1013 && state.worker && !(state.worker as MemoryWorker).detached)
        gaveUpEarly.push(
          `client ${state.connectionId} closed for no worker while ${state.worker.key} is attached`,
        );
      close(code, reason);
    };
    byConnection.set(model.connectionId, model);
    socket.handlers = {
      onMessage: (data, binary) => {
        model.read.push(`msg:${data.toString()}`);
        handlers.onMessage(data, binary);
      },
      onClose: () => {
        model.read.push('close');
        handlers.onClose();
      },
    };
    clients.push(model);
  };
  const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

  for (const a of actions) {
    switch (a.t) {
      case 'connect':
        connect();
        break;
      case 'send': {
        const c = pick(clients, a.c);
        for (let i = 0; i < a.n; i++) c?.socket.clientSend(`m${sent++}`);
        break;
      }
      case 'read':
        pick(clients, a.c)?.socket.flush();
        break;
      case 'clientClose':
        pick(clients, a.c)?.socket.clientClose();
        break;
      case 'kick': {
        const c = pick(clients, a.c);
        const state = c && hub.clients.get(c.connectionId);
        if (state) hub.closeClient(state, 'kicked', 'bye');
        break;
      }
      case 'closeDone':
        pick(clients, a.c)?.socket.completeClose();
        break;
      case 'attach':
        attach();
        break;
      case 'drain': {
        const w = pick(live(), a.w);
        if (w) hub.drainWorker(w);
        break;
      }
      case 'detach': {
        const w = pick(live(), a.w);
        if (w) {
          if (w.congested && w.clientCount > 0) coverage.congestedCrash += 1;
          if (w.draining && w.clientCount > 0) coverage.drainedWithClients += 1;
          w.detached = true;
          hub.detachWorker(w);
        }
        break;
      }
      case 'congest': {
        const w = pick(live(), a.w);
        if (w && w.congested !== a.on) {
          w.congested = a.on;
          hub.onWorkerCongestion(w, a.on);
        }
        break;
      }
      case 'tick':
        timers.advance(a.ms);
        break;
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }

  // Settle: congestion clears, draining workers finish, a fresh worker attaches, clients are read.
  for (const w of live()) {
    if (w.congested) {
      w.congested = false;
      hub.onWorkerCongestion(w, false);
    }
  }
  for (const w of live().filter((x) => x.draining)) {
    w.detached = true;
    hub.detachWorker(w);
  }
  attach();
  const readAll = (): void => {
    for (let progress = true; progress;) {
      progress = false;
      for (const c of clients) progress = c.socket.completeClose() || c.socket.flush() || progress;
    }
  };
  readAll();
  for (const c of clients) {
    if (!c.socket.isClosed)
      assert.equal(c.socket.pauses, 0, `client ${c.connectionId} is left paused: ${c.socket.pauses}`);
    assert.equal(c.socket.extraResumes, 0, 'resume() without pause()');
  }
  for (const c of clients) c.socket.clientClose();
  readAll();

  for (const event of given)
    byConnection.get(event.connection_id as number)?.received.push(describeEvent(event));
  for (const w of workers) assert.deepEqual(w.violations, [], `worker ${w.key}`);
  assert.deepEqual(gaveUpEarly, []);
  for (const c of clients) {
    const what = `client ${c.connectionId}: read ${c.read.join(' ')} / received ${c.received.join(' ')}`;
    if (c.received.length === 0) {
      // Its CONNECT was dropped (no worker within workerWaitMs): no worker hears of it, its close neither.
      coverage.unknownClients += 1;
      assert.ok(c.socket.isClosed, `a client no worker has heard of is closed; ${what}`);
      continue;
    }
    const closes = c.received.filter((e) => e.startsWith('close:'));
    assert.equal(closes.length, 1, `exactly one close reaches a worker; ${what}`);
    const close = c.received[c.received.length - 1] as string;
    assert.ok(close.startsWith('close:'), `the close comes last; ${what}`);
    const events = c.received.slice(0, -1);
    const all = c.read.slice(0, -1);
    assert.deepEqual(events, all.slice(0, events.length), `once, in order; ${what}`);
    const reason = close.slice('close:'.length);
    if (reason === 'no_worker') coverage.noWorkerCloses += 1;
    if (reason === 'kicked') coverage.kicks += 1;
    if (events.length < all.length) assert.equal(reason, 'no_worker', `a loss is explained; ${what}`);
    else {
      const expected =
        c.socket.closedBy?.code === 1000
          ? 'kicked'
          : c.socket.closedBy?.code === 1013
            ? 'no_worker'
            : 'client';
      assert.equal(reason, expected, what);
    }
  }
}

describe('ClientHub property: every client event reaches exactly one worker, once, in order', () => {
  it('or the client is closed with a reason that a worker gets in onClose, if a worker heard of it (random scenarios)', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 10, maxLength: 120, size: 'max' }), (actions) =>
        run(actions),
      ),
      { seed: 20260412, numRuns: 300 },
    );
    if (process.env.GW_TEST_LOGS === '1') console.log(coverage);
  });

  it('a fixed scenario: drain, a held message, the worker ends, the message goes to the other worker', () => {
    run([
      { t: 'attach' },
      { t: 'connect' },
      { t: 'drain', w: 0 },
      { t: 'attach' },
      { t: 'send', c: 0, n: 2 },
      { t: 'read', c: 0 },
      { t: 'tick', ms: 5000 },
      { t: 'detach', w: 0 },
    ]);
  });
});
