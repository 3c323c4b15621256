import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import type { CloseReason, Events, SessionData } from '../../src/index';
import { Cluster } from '../helpers/cluster';
import { eventually, within } from '../helpers/wait';

/** A promise and its resolve function, to let a test await what a handler does. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Workers answer "which" with their index and "slow" after `slowMs`; every onClose is recorded
 * as "<worker index>:<client id>:<reason>".
 */
function slowEvents(slowMs: number, started: () => void, closes: string[]): Events<SessionData> {
  return {
    async onMessage(ctx, message) {
      if (message === 'slow') {
        started();
        await delay(slowMs);
        await ctx.sendToCurrentClient(`slow done by ${ctx.worker.index}`);
        return;
      }
      await ctx.sendToCurrentClient(`${String(message)} by ${ctx.worker.index}`);
    },
    onClose(ctx, reason: CloseReason) {
      closes.push(`${ctx.worker.index}:${ctx.clientId}:${reason}`);
    },
  };
}

/** Resolves once the Gateway has taken the worker's drain (it routes nothing new to it). */
function whenDraining(cluster: Cluster, index: number): Promise<void> {
  const drains = new RegExp(`worker [^ ]+:${index} drains`);
  return eventually(() => assert.ok(cluster.logs.has(drains), 'the Gateway took the drain'), 5000);
}

describe('worker stop (drain) with slow handlers', () => {
  let cluster: Cluster;
  afterEach(() => cluster?.close());

  it('waits for a handler longer than workerWaitMs: its reply arrives and the next message goes on, no close', async () => {
    const started = signal();
    const closes: string[] = [];
    cluster = await Cluster.start({
      workers: 2,
      events: slowEvents(1500, started.resolve, closes),
      gateway: { workerWaitMs: 300 },
      worker: { stopGraceMs: 10_000 },
    });
    const client = await cluster.connect();
    const home = Number((await client.request('which')).split(' by ')[1]);
    const other = 1 - home;
    client.send('slow');
    await within(started.promise, 5000, 'the slow handler to start');
    const stopping = cluster.workers[home]!.stop();
    await whenDraining(cluster, home);
    client.send('after'); // held by the Gateway while its worker drains
    assert.deepEqual(await client.take(2, 5000), [`slow done by ${home}`, `after by ${other}`]);
    await stopping;
    assert.ok(client.isOpen, `the client stays connected (close code ${client.closeCode})`);
    assert.equal(await client.request('again'), `again by ${other}`);
    assert.deepEqual(closes, []);
  });

  it('a handler cut short by stopGraceMs is logged with its client id; its late reply fails with GW_ERR_STOPPED', async () => {
    const started = signal();
    cluster = await Cluster.start({
      workers: 2,
      events: slowEvents(2000, started.resolve, []),
      worker: { stopGraceMs: 200 },
    });
    const client = await cluster.connect();
    const home = Number((await client.request('which')).split(' by ')[1]);
    const clientId = cluster.gateways[0]!.connections()[0]!.clientId;
    const lateReply = new RegExp(`onMessage threw for client ${clientId}: .*is stopped`);
    client.send('slow');
    await within(started.promise, 5000, 'the slow handler to start');
    const stoppedAt = Date.now();
    await cluster.workers[home]!.stop();
    const stopMs = Date.now() - stoppedAt;
    // The handler (2 s) is still running; the bound leaves a loaded machine over 1 s past the grace.
    assert.equal(cluster.logs.has(lateReply), false, 'stop() does not wait for the handler to settle');
    assert.ok(stopMs < 1500, `stop() does not wait beyond the hard limit (took ${stopMs} ms)`);
    assert.ok(
      cluster.logs.has(
        new RegExp(`handlers still running after stopGraceMs \\(200 ms\\) for client\\(s\\) ${clientId}`),
      ),
      cluster.logs.lines.join('\n'),
    );
    await eventually(() => assert.ok(cluster.logs.has(lateReply), 'the late reply is logged'), 5000);
    assert.ok(client.isOpen);
    assert.equal(await client.request('still here'), `still here by ${1 - home}`);
  });

  it('a client closed for want of a worker: the next worker that attaches gets onClose(no-worker); one no worker heard of, nothing', async () => {
    const closes: string[] = [];
    cluster = new Cluster();
    await cluster.startRegister();
    await cluster.addGateway({ workerWaitMs: 200 });
    const connected = signal();
    const first = await cluster.addWorker({ onConnect: () => connected.resolve() });
    await cluster.waitForMesh();
    const client = await cluster.connect();
    await within(connected.promise, 5000, 'onConnect on the first worker');
    const clientId = cluster.gateways[0]!.connections()[0]!.clientId;
    await first.stop();
    client.send('anyone?');
    await client.waitClosed();
    assert.equal(client.closeCode, 1013);
    // Connects and is closed before any worker has heard of it: its close is not sent either.
    const stranger = await cluster.connect();
    await stranger.waitClosed();
    assert.equal(stranger.closeCode, 1013);
    const closed = signal();
    await cluster.addWorker({
      onClose(ctx, reason) {
        closes.push(`${ctx.clientId}:${reason}`);
        closed.resolve();
      },
    });
    await within(closed.promise, 5000, 'onClose on the new worker');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(closes, [`${clientId}:no-worker`]);
    assert.ok(cluster.logs.has(/no worker had heard of it: its close is not sent either/));
  });

  it('a client that closes while its worker drains gets onClose, once, on the other worker', async () => {
    const started = signal();
    const closes: string[] = [];
    cluster = await Cluster.start({
      workers: 2,
      events: slowEvents(800, started.resolve, closes),
      gateway: { workerWaitMs: 200 },
    });
    const client = await cluster.connect();
    const home = Number((await client.request('which')).split(' by ')[1]);
    const clientId = cluster.gateways[0]!.connections()[0]!.clientId;
    client.send('slow');
    await within(started.promise, 5000, 'the slow handler to start');
    const stopping = cluster.workers[home]!.stop();
    await whenDraining(cluster, home);
    await client.close();
    await stopping;
    await eventually(() => assert.deepEqual(closes, [`${1 - home}:${clientId}:client`]), 5000);
    await delay(100);
    assert.equal(closes.length, 1, 'once');
  });

  it('a command queued while its stream is being re-established goes out when stop() finds it so', async () => {
    cluster = await Cluster.start({
      events: { onMessage: (ctx, message) => ctx.sendToCurrentClient(message) },
      worker: { stopGraceMs: 5000 },
    });
    const worker = cluster.workers[0]!;
    const client = await cluster.connect();
    assert.equal(await client.request('hi'), 'hi');
    const clientId = cluster.gateways[0]!.connections()[0]!.clientId;
    // A blip: the worker's stream to the (same) Gateway drops; the link reconnects after its backoff.
    const links = (worker as unknown as { links: { all(): Array<{ call?: { cancel(): void } }> } }).links;
    const detached = once(worker, 'detached');
    links.all()[0]!.call!.cancel();
    await within(detached, 5000, 'the stream to drop');
    await worker.gateway.sendToClient(clientId, 'queued while reconnecting');
    await worker.stop();
    assert.deepEqual(await client.take(1), ['queued while reconnecting']);
    // Reconnected while stopping: as an API client, so that the Gateway routed it no new client.
    assert.ok(cluster.logs.has(/api client [^ ]+:0 attached/), 'the stream opened during stop is API-only');
  });

  it('a command queued for a Gateway that does not come back is logged as dropped', async () => {
    cluster = await Cluster.start({ worker: { stopGraceMs: 5000 } });
    const worker = cluster.workers[0]!;
    const links = (worker as unknown as { links: { all(): Array<{ call?: { cancel(): void } }> } }).links;
    const detached = once(worker, 'detached');
    links.all()[0]!.call!.cancel();
    await within(detached, 5000, 'the stream to drop');
    await worker.gateway.sendToAll('never sent');
    await cluster.gateways[0]!.stop();
    await within(worker.stop(), 5000, 'the worker to stop');
    assert.ok(cluster.logs.has(/given up before its stream came back: 1 queued command\(s\) dropped/));
  });

  it('onWorkerStop can still use the API: a message it sends reaches the client', async () => {
    cluster = await Cluster.start({
      events: {
        onMessage: (ctx, message) => ctx.sendToCurrentClient(message),
        async onWorkerStop(worker) {
          await worker.gateway.sendToAll(`bye from worker ${worker.index}`);
          const count = await worker.gateway.getAllClientCount();
          await worker.gateway.sendToAll(`${count} client(s) left`);
        },
      },
    });
    const client = await cluster.connect();
    assert.equal(await client.request('hi'), 'hi');
    await cluster.workers[0]!.stop();
    assert.deepEqual(await client.take(2), ['bye from worker 0', '1 client(s) left']);
    assert.equal(cluster.logs.has(/onWorkerStop threw/), false);
  });
});
