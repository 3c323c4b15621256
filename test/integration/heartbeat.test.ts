import { strict as assert } from 'node:assert';
import { WebSocket } from 'ws';
import type { CloseReason, Events, GatewayOptions, SessionData } from '../../src/index';
import { Cluster } from '../helpers/cluster';
import { eventually, within } from '../helpers/wait';

/** A cluster whose worker records each close reason by client id. */
async function start(gateway: Partial<GatewayOptions>) {
  const closes = new Map<string, CloseReason>();
  const events: Events<SessionData> = {
    onClose(ctx, reason) {
      closes.set(ctx.clientId, reason);
    },
  };
  const cluster = await Cluster.start({ events, gateway });
  return { cluster, closes };
}

function openRaw(url: string, options: { autoPong: boolean }): Promise<WebSocket> {
  const ws = new WebSocket(url, options);
  ws.on('error', () => undefined);
  return within(new Promise<WebSocket>((resolve) => ws.once('open', () => resolve(ws))), 5000, 'open');
}

describe('heartbeats with real WebSocket clients (small intervals, generous bounds)', () => {
  let cluster: Cluster | undefined;
  afterEach(() => cluster?.close());

  it('application heartbeat: a silent client gets pingData, then is destroyed with onClose heartbeat-timeout; a chatty one stays', async () => {
    const started = await start({
      pingIntervalMs: 400,
      pingNotResponseLimit: 1,
      pingData: '{"type":"ping"}',
      wsPingIntervalMs: 0,
    });
    cluster = started.cluster;
    // Taken before the connect: the Gateway's count starts later, so the lower bound holds.
    const since = Date.now();
    const silent = await cluster.connect();
    const chatty = await cluster.connect();
    // Ticks come every 200 ms; a ping needs 3 of them without a message, so only a stall of this
    // process longer than about 350 ms (not 250) could make the chatty client look silent.
    const timer = setInterval(() => chatty.send('still here'), 50);
    try {
      assert.equal(await silent.next(3000), '{"type":"ping"}');
      await silent.waitClosed(3000);
      const silence = Date.now() - since;
      // §7.1: between 1.5 and 2 intervals (600-800 ms); loose bounds for a loaded CI machine.
      assert.ok(silence >= 550 && silence < 2500, `closed after ${silence} ms`);
      assert.equal(silent.closeCode, 1006, 'destroyed without a close frame, as GatewayWorker does');
      await eventually(() => assert.equal(started.closes.size, 1));
      assert.deepEqual([...started.closes.values()], ['heartbeat-timeout']);
      assert.ok(chatty.isOpen, 'the client sending every 50 ms stays');
      assert.deepEqual(chatty.received, [], 'and gets no ping');
    } finally {
      clearInterval(timer);
    }
  });

  it('WebSocket pings: a client that answers no ping is destroyed with heartbeat-timeout; a silent client that pongs stays', async () => {
    const started = await start({ wsPingIntervalMs: 200, wsPingMaxMissed: 1 });
    cluster = started.cluster;
    const url = cluster.gateways[0]!.address();
    const ponging = await openRaw(url, { autoPong: true });
    const pings: number[] = [];
    ponging.on('ping', () => pings.push(Date.now()));
    // Taken before the connect: the Gateway watches the client from a later point on.
    const since = Date.now();
    const dead = await openRaw(url, { autoPong: false });
    const closed = await within(
      new Promise<number>((resolve) => dead.once('close', (code) => resolve(code))),
      3000,
      'the dead client to be closed',
    );
    const after = Date.now() - since;
    // Pinged at the first check that finds it silent, destroyed at the next: 400-600 ms.
    assert.ok(after >= 350 && after < 2500, `closed after ${after} ms`);
    assert.equal(closed, 1006);
    await eventually(() => assert.deepEqual([...started.closes.values()], ['heartbeat-timeout']));
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(ponging.readyState, WebSocket.OPEN, 'a client answering pings is never closed');
    assert.ok(pings.length >= 2, `it was pinged (${pings.length} times)`);
    ponging.close();
  });

  it('WebSocket pings: any frame counts, so a client sending data gets no ping', async () => {
    // A silent client is pinged at the second check (500-1000 ms after it opened); this one sends
    // every 50 ms for 1.5 s, so only a stall of this process of about 450 ms could skip a check's data.
    ({ cluster } = await start({ wsPingIntervalMs: 500, wsPingMaxMissed: 1 }));
    const ws = await openRaw(cluster.gateways[0]!.address(), { autoPong: false });
    let pinged = 0;
    ws.on('ping', () => (pinged += 1));
    for (let i = 0; i < 30; i += 1) {
      ws.send('x');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(pinged, 0);
    assert.equal(ws.readyState, WebSocket.OPEN);
    ws.close();
  });
});
