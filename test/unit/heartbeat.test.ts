import { strict as assert } from 'node:assert';
import { ClientHub } from '../../src/gateway/client-hub';
import { heartbeatTick, type HeartbeatSettings } from '../../src/gateway/heartbeat';
import { leastConnectionsRouter } from '../../src/gateway/router';
import { MemoryLogger } from '../helpers/logs';
import { FakeTimers, MemorySocket, MemoryWorker } from '../helpers/memory-hub';

/** A hub with the given heartbeat, one worker attached, a fake clock starting at 0. */
function setup(heartbeat: { intervalMs: number; notResponseLimit: number; pingData: string }) {
  const timers = new FakeTimers();
  const hub = new ClientHub({
    address: '127.0.0.1:2900',
    clientPort: 7272,
    router: leastConnectionsRouter,
    workerWaitMs: 5000,
    logger: new MemoryLogger(),
    timers,
    heartbeat: { ...heartbeat, pingData: Buffer.from(heartbeat.pingData) },
  });
  const worker = new MemoryWorker('w:0', 0);
  hub.attachWorker(worker);
  const connect = (): MemorySocket => {
    const socket = new MemorySocket();
    socket.handlers = hub.accept(socket, { url: '/', headers: [] });
    return socket;
  };
  const say = (socket: MemorySocket, text: string): void => {
    socket.clientSend(text);
    socket.flush();
  };
  /** Advances in 50 ms steps until the socket is closed by the Gateway; the time it happened. */
  const closedAt = (socket: MemorySocket, untilMs: number): number | undefined => {
    while (timers.now < untilMs) {
      timers.advance(50);
      if (socket.closedBy) return timers.now;
    }
    return undefined;
  };
  return { hub, timers, worker, connect, say, closedAt };
}

describe('Heartbeat (spec §7.1, fake clock)', () => {
  it('S13: interval 4 s, limit 1: a silent client is destroyed 6-8 s after its last message', () => {
    // Clients go silent at several phases of the 2 s tick.
    for (const phase of [0, 1, 500, 1000, 1999]) {
      const { timers, connect, say, closedAt, worker } = setup({
        intervalMs: 4000,
        notResponseLimit: 1,
        pingData: '',
      });
      const socket = connect();
      for (let i = 0; i < 10; i += 1) {
        timers.advance(1000);
        say(socket, 'alive');
      }
      timers.advance(phase);
      say(socket, 'last words');
      const silentSince = timers.now;
      const at = closedAt(socket, silentSince + 20_000);
      assert.ok(at !== undefined, `phase ${phase}: closed`);
      const silence = at - silentSince;
      assert.ok(silence > 6000 - 50 && silence <= 8000, `phase ${phase}: closed after ${silence} ms`);
      assert.deepEqual(socket.closedBy, { code: 1006, reason: '' }, 'destroyed, as GatewayWorker does');
      assert.deepEqual(socket.sent, [], 'no pingData');
      socket.completeClose();
      assert.equal(worker.summary().at(-1), 'close:heartbeat_timeout');
    }
  });

  it('S13: a client that never sends is closed 6-8 s after connecting; one sending every 3 s never', () => {
    const { timers, connect, say, closedAt } = setup({
      intervalMs: 4000,
      notResponseLimit: 1,
      pingData: '',
    });
    timers.advance(1234);
    const mute = connect();
    const chatty = connect();
    const start = timers.now;
    for (let i = 0; i < 40; i += 1) {
      timers.advance(3000);
      say(chatty, `tick ${i}`);
    }
    assert.equal(chatty.closedBy, undefined, 'the chatty client stays after 120 s');
    const at = mute.closedBy ? undefined : closedAt(mute, start + 8000);
    assert.ok(mute.closedBy, 'the mute client was closed');
    if (at !== undefined) assert.ok(at - start >= 6000 && at - start <= 8000, `after ${at - start} ms`);
  });

  it('S14: interval 2 s, limit 0: an idle client gets pingData every 2 s (first after 2-4 s), never closed', () => {
    const { timers, connect, say } = setup({
      intervalMs: 2000,
      notResponseLimit: 0,
      pingData: '{"type":"ping"}',
    });
    timers.advance(700);
    const idle = connect();
    const busy = connect();
    const pingTimes: number[] = [];
    for (let t = 0; t < 60_000; t += 100) {
      timers.advance(100);
      if (t % 1000 === 0) say(busy, 'hello');
      while (pingTimes.length < idle.sent.length) pingTimes.push(timers.now - 700);
    }
    assert.ok(pingTimes[0] !== undefined && pingTimes[0] >= 2000 && pingTimes[0] <= 4000, `${pingTimes[0]}`);
    for (let i = 1; i < pingTimes.length; i += 1)
      assert.equal((pingTimes[i] as number) - (pingTimes[i - 1] as number), 2000);
    assert.ok(idle.sent.every((m) => m === '{"type":"ping"}'));
    assert.equal(idle.closedBy, undefined);
    assert.deepEqual(busy.sent, [], 'a client sending every second gets no ping');
  });

  it('with limit 1 and pingData, one ping goes out after 1-1.5 intervals of silence, the close half an interval later', () => {
    const { timers, connect, closedAt } = setup({ intervalMs: 4000, notResponseLimit: 1, pingData: 'p' });
    const socket = connect(); // at tick phase 0: ticks at 2, 4, 6, 8 s
    timers.advance(5999);
    assert.deepEqual(socket.sent, []);
    timers.advance(1);
    assert.deepEqual(socket.sent, ['p'], 'the ping at the third tick');
    assert.equal(closedAt(socket, 10_000), 8000, 'destroyed at the fourth tick');
    assert.deepEqual(socket.sent, ['p']);
  });

  it('heartbeatTick follows the counter rules exactly', () => {
    const settings = (notResponseLimit: number, pingData: string): HeartbeatSettings => ({
      intervalMs: 1000,
      notResponseLimit,
      pingData: Buffer.from(pingData),
    });
    const run = (s: HeartbeatSettings, ticks: number): string[] => {
      const client = { heartbeatCount: -1 };
      return Array.from({ length: ticks }, () => heartbeatTick(client, s));
    };
    assert.deepEqual(run(settings(2, ''), 6), ['none', 'none', 'none', 'none', 'none', 'close']);
    assert.deepEqual(run(settings(2, 'x'), 6), ['none', 'none', 'ping', 'none', 'ping', 'close']);
    assert.deepEqual(run(settings(0, 'x'), 4), ['none', 'ping', 'ping', 'ping']);
    assert.deepEqual(run(settings(0, ''), 4), ['none', 'none', 'none', 'none']);
  });

  it('is off with interval 0 and stops with stopHeartbeat', () => {
    const off = setup({ intervalMs: 0, notResponseLimit: 1, pingData: 'x' });
    off.connect();
    assert.equal(off.timers.pending, 0);
    const on = setup({ intervalMs: 1000, notResponseLimit: 1, pingData: 'x' });
    assert.equal(on.timers.pending, 1);
    on.hub.stopHeartbeat();
    assert.equal(on.timers.pending, 0);
  });
});
