import { strict as assert } from 'node:assert';
import { ClientHub, MAX_WAITING_CLOSES } from '../../src/gateway/client-hub';
import { leastConnectionsRouter, type Router } from '../../src/gateway/router';
import { MemoryLogger } from '../helpers/logs';
import { FakeTimers, MemorySocket, MemoryWorker } from '../helpers/memory-hub';

const WAIT_MS = 5000;

/** A ClientHub with in-memory sockets and workers and a fake clock. */
function setup(router: Router = leastConnectionsRouter, endOfTurn?: (fn: () => void) => void) {
  const timers = new FakeTimers();
  const logs = new MemoryLogger();
  const hub = new ClientHub({
    endOfTurn,
    address: '127.0.0.1:2900',
    clientPort: 7272,
    router,
    workerWaitMs: WAIT_MS,
    logger: logs,
    timers,
  });
  let attached = 0;
  const attach = (name = `w${attached}`): MemoryWorker => {
    const worker = new MemoryWorker(`${name}:0`, attached++);
    hub.attachWorker(worker);
    return worker;
  };
  const connect = (): MemorySocket => {
    const socket = new MemorySocket();
    socket.handlers = hub.accept(socket, { url: '/', headers: [] });
    return socket;
  };
  const say = (socket: MemorySocket, ...texts: string[]): void => {
    for (const text of texts) socket.clientSend(text);
    socket.flush();
  };
  return { hub, timers, logs, attach, connect, say };
}

describe('ClientHub (the routing core, in memory)', () => {
  it('introduces a client to one worker and keeps its events there, in order (sticky)', () => {
    const { attach, connect, say } = setup();
    const [a, b] = [attach(), attach()];
    const one = connect();
    const two = connect();
    say(one, 'x', 'y');
    say(two, 'z');
    assert.deepEqual(a.summary(), ['connect', 'ws', 'msg:x', 'msg:y']);
    assert.deepEqual(b.summary(), ['connect', 'ws', 'msg:z']);
    assert.deepEqual(a.events[0]?.client, {
      remote_address: '10.0.0.7',
      remote_port: 50_000,
      gateway_port: 7272,
      transport: 'ws',
      protocol: 'ws',
    });
    assert.equal(a.events[1]?.client, undefined, 'ClientInfo goes with the first event only');
  });

  it('holds events while no worker is attached (socket paused) and delivers them in order on attach', () => {
    const { attach, connect, say, timers } = setup();
    const socket = connect();
    assert.equal(socket.pauses, 1);
    socket.clientSend('not read while paused');
    assert.equal(socket.flush(), false);
    timers.advance(WAIT_MS - 1);
    const worker = attach();
    assert.equal(socket.pauses, 0);
    say(socket, 'later');
    assert.deepEqual(worker.summary(), ['connect', 'ws', 'msg:not read while paused', 'msg:later']);
    assert.equal(timers.pending, 0, 'the wait timer is cancelled');
  });

  it('after workerWaitMs without a worker: closes with 1013, and the next worker gets onClose(no-worker)', () => {
    const { hub, attach, connect, say, timers, logs } = setup();
    const first = attach();
    const socket = connect();
    hub.detachWorker(first);
    say(socket, 'lost');
    timers.advance(WAIT_MS);
    assert.deepEqual(socket.closedBy, { code: 1013, reason: 'no business worker available' });
    assert.ok(logs.has(/within 5000 ms: 1 event\(s\) dropped, closing the client$/));
    socket.completeClose();
    timers.advance(10 * WAIT_MS);
    const worker = attach();
    assert.deepEqual(worker.summary(), ['close:no_worker']);
  });

  it('a client no worker has heard of (its CONNECT dropped after workerWaitMs): closed with 1013, nothing of it is sent', () => {
    const { attach, connect, timers, logs } = setup();
    const socket = connect();
    timers.advance(WAIT_MS);
    assert.deepEqual(socket.closedBy, { code: 1013, reason: 'no business worker available' });
    assert.ok(
      logs.has(
        /within 5000 ms: 2 event\(s\) dropped, closing the client \(no worker had heard of it: its close is not sent either\)/,
      ),
    );
    socket.completeClose();
    timers.advance(10 * WAIT_MS);
    const worker = attach();
    assert.deepEqual(worker.summary(), []);
    assert.equal(timers.pending, 0);
  });

  it('a client that closes while its events are held: the worker gets all of them, then onClose(client)', () => {
    const { attach, connect, say } = setup();
    const socket = connect();
    socket.resume(); // (so that the test can make it send and close while held)
    say(socket, 'bye');
    socket.clientClose();
    socket.flush();
    socket.pause();
    const worker = attach();
    assert.deepEqual(worker.summary(), ['connect', 'ws', 'msg:bye', 'close:client']);
  });

  it('a client closed while held, after workerWaitMs: its events are dropped, onClose says no-worker', () => {
    const { hub, attach, connect, say, timers } = setup();
    const first = attach();
    const socket = connect();
    hub.detachWorker(first);
    say(socket, 'lost');
    socket.resume(); // (so that it can close while its message is held)
    socket.clientClose();
    socket.flush();
    timers.advance(WAIT_MS);
    assert.equal(socket.closedBy, undefined, 'the client had closed by itself');
    const worker = attach();
    assert.deepEqual(worker.summary(), ['close:no_worker']);
  });

  it('a client closed while held, no worker having heard of it, after workerWaitMs: nothing of it is sent', () => {
    const { attach, connect, timers, logs } = setup();
    const socket = connect();
    socket.resume();
    socket.clientClose();
    socket.flush();
    timers.advance(WAIT_MS);
    assert.ok(logs.has(/3 event\(s\) dropped \(no worker had heard of it: its close is not sent either\)/));
    const worker = attach();
    assert.deepEqual(worker.summary(), []);
  });

  it('a draining worker: its clients wait for its end without a deadline, then move on in order', () => {
    const { hub, attach, connect, say, timers } = setup();
    const old = attach('old');
    const socket = connect();
    say(socket, 'a');
    hub.drainWorker(old);
    assert.equal(old.drained, true);
    const other = attach('new');
    say(socket, 'b');
    assert.equal(socket.pauses, 1, 'paused while its worker drains');
    socket.clientSend('c');
    timers.advance(WAIT_MS * 10);
    assert.equal(socket.closedBy, undefined, 'workerWaitMs does not run while its worker drains');
    assert.deepEqual(other.summary(), [], 'nothing overtakes the events the old worker is finishing');
    hub.detachWorker(old);
    socket.flush();
    assert.deepEqual(old.summary(), ['connect', 'ws', 'msg:a']);
    assert.deepEqual(other.summary(), ['msg:b', 'msg:c']);
    assert.ok(other.events[0]?.client, 'the new worker is introduced to the client');
    assert.deepEqual(old.violations, []);
  });

  it('new clients avoid a draining worker', () => {
    const { hub, attach, connect } = setup();
    const old = attach('old');
    const other = attach('new');
    hub.drainWorker(old);
    connect();
    connect();
    assert.equal(old.events.length, 0);
    assert.equal(other.clientCount, 2);
  });

  it('a draining worker ends and no other is attached: then workerWaitMs starts', () => {
    const { hub, attach, connect, say, timers } = setup();
    const old = attach();
    const socket = connect();
    hub.drainWorker(old);
    say(socket, 'held');
    timers.advance(WAIT_MS * 3);
    hub.detachWorker(old);
    timers.advance(WAIT_MS - 1);
    assert.equal(socket.closedBy, undefined);
    timers.advance(1);
    assert.deepEqual(socket.closedBy, { code: 1013, reason: 'no business worker available' });
  });

  it('a worker crash (stream gone without drain): its clients go to another worker with their next event', () => {
    const { hub, attach, connect, say } = setup();
    const [a, b] = [attach(), attach()];
    const socket = connect();
    hub.detachWorker(a);
    say(socket, 'after crash');
    assert.deepEqual(b.summary(), ['msg:after crash']);
    assert.ok(b.events[0]?.client);
  });

  it("pauses a congested worker's clients and resumes them; a client bound to it later starts paused", () => {
    const { hub, attach, connect } = setup();
    const worker = attach();
    const first = connect();
    worker.congested = true;
    hub.onWorkerCongestion(worker, true);
    assert.equal(first.pauses, 1);
    const second = connect();
    assert.equal(second.pauses, 1, 'bound to a congested worker');
    worker.congested = false;
    hub.onWorkerCongestion(worker, false);
    assert.deepEqual([first.pauses, second.pauses], [0, 0]);
  });

  it('a crashed congested worker does not leave its clients paused', () => {
    const { hub, attach, connect } = setup();
    const worker = attach();
    const socket = connect();
    worker.congested = true;
    hub.onWorkerCongestion(worker, true);
    hub.detachWorker(worker);
    assert.equal(socket.pauses, 0);
  });

  for (const [what, router] of [
    [
      'throws',
      () => {
        throw new Error('bug in router');
      },
    ],
    ['returns a worker not in the list', () => ({ key: 'ghost:0', clientCount: 0, attachOrder: 0 })],
    ['returns nothing', () => undefined],
  ] as Array<[string, Router]>) {
    it(`a custom router that ${what}: logged, least connections instead, the Gateway goes on`, () => {
      const { attach, connect, logs } = setup(router);
      const [a, b] = [attach(), attach()];
      for (let i = 0; i < 4; i++) connect();
      assert.deepEqual([a.clientCount, b.clientCount], [2, 2]);
      const lines = logs.lines.filter((l) => l.startsWith('ERROR router'));
      assert.equal(lines.length, 1, 'logged once, not once per client');
      assert.match(lines[0] ?? '', /for client [0-9a-f]{20}; using least connections instead/);
    });
  }

  it('a custom router sees the candidates and the client, and its choice is kept', () => {
    const seen: string[] = [];
    const { attach, connect } = setup((workers, client) => {
      seen.push(`${client.eventType}:${workers.map((w) => w.key).join(',')}`);
      return workers[workers.length - 1];
    });
    const [a, b] = [attach(), attach()];
    connect();
    connect();
    assert.deepEqual(seen, ['connect:w0:0,w1:0', 'connect:w0:0,w1:0']);
    assert.deepEqual([a.clientCount, b.clientCount], [0, 2]);
  });

  it('API-only streams never get client events', () => {
    const { hub, connect, timers } = setup();
    const api = new MemoryWorker('api:0', 0, true);
    hub.attachWorker(api);
    const socket = connect();
    assert.equal(socket.pauses, 1);
    assert.equal(hub.workerCount, 0);
    timers.advance(WAIT_MS);
    assert.equal(api.events.length, 0);
  });

  it('closes waiting for a worker are bounded: the oldest are dropped, one log line, their number when a worker attaches', () => {
    const { hub, attach, connect, timers, logs } = setup();
    const extra = 5;
    // Clients a worker has heard of (only their closes wait), whose worker then crashed.
    const first = attach();
    const sockets = Array.from({ length: MAX_WAITING_CLOSES + extra }, () => connect());
    hub.detachWorker(first);
    for (const socket of sockets) {
      socket.clientClose();
      socket.flush();
    }
    timers.advance(WAIT_MS);
    const overflow =
      /more than 10000 closed clients wait for a worker: the oldest closes are dropped, from client [0-9a-f]{20} on/;
    assert.equal(logs.lines.filter((line) => overflow.test(line)).length, 1, 'one line, not one per close');
    const worker = attach();
    assert.equal(worker.events.length, MAX_WAITING_CLOSES);
    assert.ok(worker.summary().every((e) => e === 'close:client'));
    assert.ok(
      logs.has(/5 close event\(s\) were dropped while more than 10000 closed clients waited for a worker/),
    );
  });

  it('a client the Gateway closes is gone at once (as PHP destroys it): every later command and query, its worker gets onClose', () => {
    const { hub, attach, connect, say } = setup();
    const worker = attach();
    for (const destroy of [false, true]) {
      const socket = connect();
      const state = [...hub.clients.values()].pop()!;
      const id = state.connectionId;
      hub.index.bindUid(id, 'u');
      hub.index.joinGroup(id, 'g');
      hub.closeClient(state, 'kicked', 'bye', destroy);
      assert.equal(socket.closedBy?.code, destroy ? 1006 : 1000, 'the socket is asked to close');
      assert.equal(hub.clients.get(id), undefined, 'not online any more');
      assert.equal(hub.index.uidOf(id), undefined);
      assert.deepEqual(hub.index.groups(), []);
      assert.deepEqual(worker.summary(id), ['connect', 'ws', 'close:kicked']);
      assert.equal(hub.sendTo(state, Buffer.from('late'), false), false);
      // What the client sends while its socket closes, and the socket's own close, change nothing.
      socket.handlers?.onMessage(Buffer.from('too late'), false);
      say(socket, 'also too late');
      socket.completeClose();
      assert.deepEqual(worker.summary(id), ['connect', 'ws', 'close:kicked']);
    }
    assert.equal(hub.counters.closedByReason.get('kicked'), 2, 'each close counted once');
  });

  it('whenEmpty waits for the sockets of clients the Gateway closed to finish closing', async () => {
    const { hub, attach, connect } = setup();
    attach();
    const socket = connect();
    hub.closeClient([...hub.clients.values()][0]!, 'gateway-shutdown', 'bye');
    assert.equal(hub.clients.size, 0);
    let empty = false;
    const waiting = hub.whenEmpty().then(() => (empty = true));
    await Promise.resolve();
    assert.equal(empty, false, 'its socket is still closing');
    assert.equal(hub.closingSockets().length, 1);
    socket.completeClose();
    await waiting;
    assert.equal(hub.closingSockets().length, 0);
  });

  it('whenEmpty resolves when the last client is gone', async () => {
    const { hub, attach, connect } = setup();
    attach();
    await hub.whenEmpty();
    const socket = connect();
    let empty = false;
    const waiting = hub.whenEmpty().then(() => (empty = true));
    await Promise.resolve();
    assert.equal(empty, false);
    socket.clientClose();
    socket.flush();
    await waiting;
    assert.equal(hub.clients.size, 0);
  });
  describe('#applyBatch()', () => {
    /** A hub whose end of turn the test triggers. */
    function batchSetup() {
      const turnEnds: Array<() => void> = [];
      const parts = setup(leastConnectionsRouter, (fn) => turnEnds.push(fn));
      const clientOf = (socket: MemorySocket) =>
        [...parts.hub.clients.values()].find((c) => c.socket === socket) as NonNullable<
          ReturnType<typeof parts.hub.clients.get>
        >;
      const endTurn = (): void => {
        for (const fn of turnEnds.splice(0)) fn();
      };
      return { ...parts, clientOf, endTurn, turnEnds };
    }

    it("corks each client written to once per I/O turn, however many batches, and uncorks them all at the turn's end", () => {
      const { hub, connect, clientOf, endTurn, turnEnds } = batchSetup();
      const [one, two, idle] = [connect(), connect(), connect()];
      hub.applyBatch(() => {
        hub.sendTo(clientOf(one), Buffer.from('a'), false);
        hub.applyBatch(() => hub.sendTo(clientOf(one), Buffer.from('b'), false)); // nested: same turn
        hub.sendTo(clientOf(two), Buffer.from('c'), false);
      });
      hub.applyBatch(() => hub.sendTo(clientOf(one), Buffer.from('d'), false)); // a second batch, same turn
      assert.deepEqual([one.corks, two.corks, idle.corks], [1, 1, 0]);
      assert.equal(turnEnds.length, 1, 'one flush per turn');
      endTurn();
      assert.deepEqual([one.corks, two.corks, idle.corks], [0, 0, 0]);
      assert.deepEqual(one.sent, ['a', 'b', 'd']);
      assert.deepEqual(two.sent, ['c']);
      // Outside a batch nothing is corked.
      hub.sendTo(clientOf(one), Buffer.from('e'), false);
      assert.equal(one.corks, 0);
      // The next turn corks again.
      hub.applyBatch(() => hub.sendTo(clientOf(one), Buffer.from('f'), false));
      assert.equal(one.corks, 1);
      endTurn();
      assert.equal(one.corks, 0);
    });

    it('uncorks at the end of the turn when a batch throws', () => {
      const { hub, connect, clientOf, endTurn } = batchSetup();
      const one = connect();
      assert.throws(
        () =>
          hub.applyBatch(() => {
            hub.sendTo(clientOf(one), Buffer.from('a'), false);
            throw new Error('boom');
          }),
        /boom/,
      );
      endTurn();
      assert.equal(one.corks, 0);
      assert.deepEqual(one.sent, ['a']);
    });
  });
});
