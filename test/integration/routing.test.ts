import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import type { Events, SessionData } from '../../src/index';
import type { Router } from '../../src/gateway/router';
import { freePorts } from '../helpers/cli-process';
import { Cluster } from '../helpers/cluster';
import { eventually, within } from '../helpers/wait';
import type { TestClient } from '../helpers/ws-client';

/** Answers every message with the index of the worker that handled it. */
const whichWorker: Events<SessionData> = {
  onMessage: (ctx) => ctx.sendToCurrentClient(String(ctx.worker.index)),
};

/** Each client asks twice which worker it is on; returns the worker index per client. */
async function workersOf(clients: TestClient[]): Promise<number[]> {
  const answers: number[] = [];
  for (const client of clients) {
    const first = await client.request('which');
    assert.equal(await client.request('which'), first, 'routing is sticky');
    answers.push(Number(first));
  }
  return answers;
}

describe('routing end to end', () => {
  let cluster: Cluster;
  afterEach(() => cluster?.close());

  it("router 'random' gives clients to both workers, and each client stays with its worker", async () => {
    cluster = await Cluster.start({ workers: 2, events: whichWorker, gateway: { router: 'random' } });
    const clients = await Promise.all(Array.from({ length: 24 }, () => cluster.connect()));
    const used = new Set(await workersOf(clients));
    // All 24 on one worker has a chance of 2 in 2^24.
    assert.deepEqual([...used].sort(), [0, 1]);
  });

  it('a custom router decides: every client goes to the worker it names', async () => {
    const asked: string[] = [];
    const router: Router = (workers, client) => {
      asked.push(client.eventType);
      return workers.find((w) => w.key.endsWith(':1'));
    };
    cluster = await Cluster.start({ workers: 2, events: whichWorker, gateway: { router } });
    const clients = await Promise.all([0, 1, 2, 3].map(() => cluster.connect()));
    assert.deepEqual(await workersOf(clients), [1, 1, 1, 1]);
    assert.deepEqual(asked, ['connect', 'connect', 'connect', 'connect'], 'asked once per client');
  });

  it('a custom router that throws does not take the Gateway down: logged, least connections instead', async () => {
    const router: Router = () => {
      throw new Error('router bug');
    };
    cluster = await Cluster.start({ workers: 2, events: whichWorker, gateway: { router } });
    const clients = await Promise.all([0, 1, 2, 3].map(() => cluster.connect()));
    assert.deepEqual((await workersOf(clients)).sort(), [0, 0, 1, 1]);
    assert.ok(
      cluster.logs.has(/ERROR router threw router bug for client [0-9a-f]{20}; using least connections/),
    );
  });

  it("a worker that cannot keep up pauses its clients' sockets; nothing is lost when it catches up", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    cluster = await Cluster.start({
      events: {
        async onMessage(_ctx, message) {
          const text = String(message);
          if (text === 'first') await gate;
          handled.push(text.length > 20 ? `big${text.slice(0, 6)}` : text);
        },
      },
    });
    const client = await cluster.connect();
    client.send('first');
    // The worker stops reading its stream after 10,000 unfinished events...
    const small = 10_050;
    for (let i = 0; i < small; i++) client.send(`s${i}`);
    // ...then the Gateway's queue to it grows past its limit (8 MiB) and the client is paused.
    const big = 300;
    for (let i = 0; i < big; i++) client.send(`${String(i).padStart(6, '0')}${'x'.repeat(100_000)}`);
    await eventually(() => assert.ok(cluster.logs.has(/congested: pausing its clients/)), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(client.ws.bufferedAmount > 0, 'the Gateway stopped reading from the client');
    release();
    await eventually(() => assert.equal(handled.length, 1 + small + big), 30_000);
    const expected = [
      'first',
      ...Array.from({ length: small }, (_, i) => `s${i}`),
      ...Array.from({ length: big }, (_, i) => `big${String(i).padStart(6, '0')}`),
    ];
    assert.deepEqual(handled, expected);
    assert.ok(cluster.logs.has(/drained: resuming its clients/));
    assert.ok(client.isOpen);
  });

  it('commands queued while a Gateway restarts are dropped, not sent to the new run (whose ids start elsewhere)', async () => {
    const lanPort = (await freePorts(1))[0]!;
    cluster = await Cluster.start({
      events: { onMessage: (ctx, message) => ctx.sendToCurrentClient(`echo ${String(message)}`) },
      gateway: { lanPort },
    });
    const worker = cluster.workers[0]!;
    const oldClient = await cluster.connect();
    assert.equal(await oldClient.request('hi'), 'echo hi');
    const oldId = cluster.gateways[0]!.connections()[0]!.clientId;
    // The Register goes first, so the worker keeps the Gateway listed and keeps reconnecting to it.
    await cluster.register!.stop();
    await cluster.gateways[0]!.stop();
    await oldClient.waitClosed();
    await worker.gateway.sendToClient(oldId, 'stale: for the old client');
    // The new client must be connected before the worker is back: turn the worker's attempts away
    // until its backoff is long, then start the Gateway and connect at once after one attempt.
    await turnAwayAttempts(lanPort, 6);
    let attachedAt = 0;
    worker.once('attached', () => (attachedAt = Date.now()));
    await cluster.addGateway({ lanPort });
    const newClient = await cluster.connect(1);
    const connectedAt = Date.now();
    // The new run counts ids from another random point (the link's instance guard is the other defence).
    assert.notEqual(cluster.gateways[1]!.connections()[0]!.clientId, oldId, 'the new run issues other ids');
    await eventually(() => assert.ok(attachedAt > 0, 'the worker is back'), 10_000);
    assert.ok(connectedAt <= attachedAt, 'the client was there when the worker came back');
    assert.equal(await newClient.request('hello'), 'echo hello', 'the stale command was not delivered');
    assert.ok(cluster.logs.has(/restarted: 1 queued command\(s\) dropped/));
  });
});

/** Listens on `port` and closes the connections that arrive, until the `count`-th; then frees the port. */
async function turnAwayAttempts(port: number, count: number): Promise<void> {
  const server = net.createServer();
  let attempts = 0;
  const done = new Promise<void>((resolve) => {
    server.on('connection', (socket) => {
      socket.destroy();
      if (++attempts === count) resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    await within(done, 15_000, `${count} connection attempts`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
