import { strict as assert } from 'node:assert';
import type { Events, SessionData } from '../../src/index';
import { freePorts } from '../helpers/cli-process';
import { Cluster, waitAttached } from '../helpers/cluster';
import { echoEvents } from '../fixtures/echo-events';
import { eventually, onceWithin } from '../helpers/wait';

const echo = echoEvents as Events<SessionData>;

describe('mesh', () => {
  let cluster: Cluster;
  afterEach(() => cluster?.close());

  it('echoes text and binary messages through Gateway and BusinessWorker, keeping the frame type', async () => {
    cluster = await Cluster.start({ events: echo });
    const client = await cluster.connect();
    assert.equal(await client.request('hello'), 'hello');
    client.send(Buffer.from([0, 1, 2, 255]));
    const reply = await client.nextRaw();
    assert.equal(reply.binary, true);
    assert.deepEqual([...(reply.data as Buffer)], [0, 1, 2, 255]);
    client.send('ünïcødé ✓');
    const text = await client.nextRaw();
    assert.equal(text.binary, false);
    assert.equal(text.data, 'ünïcødé ✓');
  });

  it('gives handlers the client id, addresses and ports of the client and its gateway', async () => {
    const seen: Array<Record<string, unknown>> = [];
    cluster = await Cluster.start({
      events: {
        onConnect(ctx) {
          seen.push({ event: 'connect', clientId: ctx.clientId });
        },
        onMessage(ctx) {
          seen.push({
            event: 'message',
            clientId: ctx.clientId,
            remoteAddress: ctx.remoteAddress,
            remotePort: ctx.remotePort,
            gatewayAddress: ctx.gatewayAddress,
            gatewayPort: ctx.gatewayPort,
          });
          return ctx.sendToCurrentClient(ctx.clientId);
        },
      },
    });
    const client = await cluster.connect();
    const clientId = await client.request('who am i');
    const gateway = cluster.gateways[0]!;
    assert.match(clientId, /^[0-9a-f]{20}$/);
    assert.equal(seen[0]?.event, 'connect');
    assert.equal(seen[0]?.clientId, clientId);
    const message = seen.find((s) => s.event === 'message')!;
    assert.equal(message.clientId, clientId);
    assert.equal(message.remoteAddress, '127.0.0.1');
    assert.ok((message.remotePort as number) > 0);
    assert.equal(message.gatewayAddress, gateway.lanAddressOf());
    assert.equal(message.gatewayPort, Number(new URL(gateway.address()).port));
  });

  it('issues self-routing client ids: gateway address, then connection ids counting up from a random point', async () => {
    cluster = await Cluster.start({ events: { onMessage: (ctx) => ctx.sendToCurrentClient(ctx.clientId) } });
    const first = await (await cluster.connect()).request('id');
    const second = await (await cluster.connect()).request('id');
    const [host, port] = cluster.gateways[0]!.lanAddressOf().split(':');
    const routing =
      host!
        .split('.')
        .map((n) => Number(n).toString(16).padStart(2, '0'))
        .join('') + Number(port).toString(16).padStart(4, '0');
    assert.equal(first.slice(0, 12), routing);
    assert.equal(second.slice(0, 12), routing);
    // Each Gateway run starts at a random id (PHP restarts at 1 and reissues ids, issue #66).
    const next = (parseInt(first.slice(12), 16) % 0xffffffff) + 1;
    assert.equal(parseInt(second.slice(12), 16), next);
  });

  it('S5: 100 pipelined messages that each increment a session counter echo 1..100 in order', async () => {
    cluster = await Cluster.start({ events: echo });
    const client = await cluster.connect();
    for (let i = 0; i < 100; i++) client.send('count');
    const replies = await client.take(100);
    assert.deepEqual(
      replies,
      Array.from({ length: 100 }, (_, i) => String(i + 1)),
    );
  });

  it('S5 with async handlers: one client at a time, in order; other clients run concurrently', async () => {
    let running = 0;
    let maxConcurrent = 0;
    cluster = await Cluster.start({
      events: {
        async onMessage(ctx) {
          running += 1;
          maxConcurrent = Math.max(maxConcurrent, running);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          const session = ctx.session as { n?: number };
          session.n = (session.n ?? 0) + 1;
          running -= 1;
          await ctx.sendToCurrentClient(String(session.n));
        },
      },
    });
    const a = await cluster.connect();
    const b = await cluster.connect();
    for (let i = 0; i < 30; i++) {
      a.send('x');
      b.send('x');
    }
    const expected = Array.from({ length: 30 }, (_, i) => String(i + 1));
    assert.deepEqual(await a.take(30), expected);
    assert.deepEqual(await b.take(30), expected);
    assert.ok(maxConcurrent >= 2, 'two clients were handled concurrently');
    assert.ok(maxConcurrent <= 2, 'never two events of one client at once');
  });

  it('S30: 1000 sendToClient calls in a loop arrive in order', async () => {
    cluster = await Cluster.start({
      events: {
        async onMessage(ctx) {
          for (let i = 1; i <= 1000; i++) await ctx.sendToCurrentClient(String(i));
        },
      },
    });
    const client = await cluster.connect();
    client.send('go');
    const got = await client.take(1000);
    assert.deepEqual(
      got,
      Array.from({ length: 1000 }, (_, i) => String(i + 1)),
    );
  });

  it('two gateways and two workers: sendToAll reaches the clients of both gateways', async () => {
    cluster = await Cluster.start({
      gateways: 2,
      workers: 2,
      events: {
        onMessage(ctx, message) {
          return ctx.gateway.sendToAll(`all:${String(message)}`);
        },
      },
    });
    const clients = [
      await cluster.connect(0),
      await cluster.connect(1),
      await cluster.connect(0),
      await cluster.connect(1),
    ];
    clients[1]!.send('hi');
    for (const client of clients) assert.equal(await client.next(), 'all:hi');
  });

  it('routes sticky per client and spreads new clients by least connections', async () => {
    const workersOf = new Map<string, Set<number>>();
    const events: Events<SessionData> = {
      onMessage(ctx) {
        const set = workersOf.get(ctx.clientId) ?? new Set<number>();
        set.add(ctx.worker.index);
        workersOf.set(ctx.clientId, set);
        return ctx.sendToCurrentClient(String(ctx.worker.index));
      },
    };
    cluster = await Cluster.start({ workers: 2, events });
    const clients = await Promise.all([0, 1, 2, 3].map(() => cluster.connect()));
    for (let round = 0; round < 5; round++) {
      for (const client of clients) client.send('which');
      for (const client of clients) await client.next();
    }
    assert.equal(workersOf.size, 4);
    for (const workers of workersOf.values())
      assert.equal(workers.size, 1, 'each client stays with one worker');
    const perWorker = [0, 0];
    for (const workers of workersOf.values()) perWorker[[...workers][0]!]! += 1;
    assert.deepEqual(perWorker, [2, 2], 'least connections spreads 4 clients 2/2');
  });

  it('handler exceptions are logged with the client id; worker and client carry on', async () => {
    cluster = await Cluster.start({
      events: {
        onMessage(ctx, message) {
          if (message === 'throw') throw new Error('boom in handler');
          if (message === 'reject') return Promise.reject(new Error('async boom'));
          return ctx.sendToCurrentClient(message === 'id' ? ctx.clientId : `ok:${String(message)}`);
        },
      },
    });
    const client = await cluster.connect();
    const clientId = await client.request('id');
    client.send('throw');
    client.send('reject');
    assert.equal(await client.request('after'), 'ok:after');
    assert.ok(client.isOpen);
    await eventually(() => {
      assert.ok(
        cluster.logs.has(new RegExp(`ERROR onMessage threw for client ${clientId}: Error: boom in handler`)),
      );
      assert.ok(
        cluster.logs.has(new RegExp(`ERROR onMessage threw for client ${clientId}: Error: async boom`)),
      );
    });
  });

  it('onClose gets the session and the reason; changes made in onClose are not written back', async () => {
    const closes: Array<{ reason: string; session: unknown }> = [];
    cluster = await Cluster.start({
      events: {
        onMessage(ctx, message) {
          (ctx.session as { name?: string }).name = String(message);
        },
        onClose(ctx, reason) {
          closes.push({ reason, session: { ...ctx.session } });
        },
      },
    });
    const client = await cluster.connect();
    client.send('alice');
    await eventually(() => assert.equal(cluster.workers[0]!.handledEvents >= 3, true));
    await client.close();
    await eventually(() => assert.equal(closes.length, 1));
    assert.deepEqual(closes[0], { reason: 'client', session: { name: 'alice' } });
  });

  it('closeClient sends a last message, closes, and the worker sees reason kicked; isOnline turns false', async () => {
    const reasons: string[] = [];
    cluster = await Cluster.start({
      events: {
        onMessage(ctx) {
          return ctx.closeCurrentClient('bye');
        },
        onClose(_ctx, reason) {
          reasons.push(reason);
        },
      },
    });
    const client = await cluster.connect();
    const api = cluster.workers[0]!.gateway;
    client.send('kick me');
    assert.equal(await client.next(), 'bye');
    await client.waitClosed();
    assert.equal(client.closeCode, 1000);
    await eventually(() => assert.deepEqual(reasons, ['kicked']));
    assert.equal(await api.getAllClientCount(), 0);
  });

  it('isOnline, getAllClientCount, sendToAll with a client list and an exclude list (S10)', async () => {
    cluster = await Cluster.start({
      gateways: 2,
      events: { onMessage: (ctx) => ctx.sendToCurrentClient(ctx.clientId) },
    });
    const [x, y, z] = [await cluster.connect(0), await cluster.connect(1), await cluster.connect(0)];
    const [X, Y, Z] = [await x.request('id'), await y.request('id'), await z.request('id')];
    const api = cluster.workers[0]!.gateway;
    assert.equal(await api.isOnline(X), true);
    assert.equal(await api.getAllClientCount(), 3);

    await api.sendToAll('m1', { exclude: [Y] });
    await api.sendToAll('m2', { clientIds: [X, Z] });
    await api.sendToAll('m3', { clientIds: [X, Z], exclude: [Z] });
    await api.sendToAll('m4', { clientIds: [] });
    await api.sendToAll('end');
    assert.deepEqual(await x.take(4), ['m1', 'm2', 'm3', 'end']);
    assert.deepEqual(await y.take(1), ['end']);
    assert.deepEqual(await z.take(3), ['m1', 'm2', 'end']);

    await y.close();
    await eventually(async () => assert.equal(await api.isOnline(Y), false));
    assert.equal(await api.getAllClientCount(), 2);
  });

  it('rejects malformed client ids with GW_ERR_INVALID_CLIENT_ID and keeps working', async () => {
    cluster = await Cluster.start({ events: echo });
    const api = cluster.workers[0]!.gateway;
    for (const bad of ['abc', '7F00000108FC00000001', '7f00000108fc0000000g', '', 42 as unknown as string]) {
      await assert.rejects(api.sendToClient(bad, 'x'), { code: 'GW_ERR_INVALID_CLIENT_ID' });
      await assert.rejects(api.isOnline(bad), { code: 'GW_ERR_INVALID_CLIENT_ID' });
    }
    await assert.rejects(api.sendToAll('x', { exclude: ['nope'] }), /client id "nope" is invalid/);
    // A well-formed id of a gateway nobody knows is just offline.
    assert.equal(await api.isOnline('0a0000010fa000000001'), false);
    await api.sendToClient('0a0000010fa000000001', 'nobody');
    const client = await cluster.connect();
    assert.equal(await client.request('still fine'), 'still fine');
  });

  it('sessions: setSession, updateSession (deep merge) and getSession (S6)', async () => {
    cluster = await Cluster.start({
      events: {
        onMessage: (ctx, message) =>
          ctx.sendToCurrentClient(message === 'id' ? ctx.clientId : JSON.stringify(ctx.session)),
      },
    });
    const client = await cluster.connect();
    const api = cluster.workers[0]!.gateway;
    const clientId = await client.request('id');
    assert.deepEqual(await api.getSession(clientId), {});
    await api.setSession(clientId, { a: { x: 1, y: 2 }, b: 1 });
    await api.updateSession(clientId, { a: { y: 3 }, c: 1 });
    assert.deepEqual(await api.getSession(clientId), { a: { x: 1, y: 3 }, b: 1, c: 1 });
    assert.equal(await client.request('show'), JSON.stringify({ a: { x: 1, y: 3 }, b: 1, c: 1 }));
    await api.setSession(clientId, { z: 1 });
    assert.equal(await client.request('show'), JSON.stringify({ z: 1 }));
    await assert.rejects(api.setSession(clientId, [] as unknown as Record<string, unknown>), {
      code: 'GW_ERR_INVALID_ARGUMENT',
    });
    await client.close();
    await eventually(async () => assert.equal(await api.getSession(clientId), null));
  });

  it('start order does not matter: worker first, then gateway, then register', async () => {
    cluster = new Cluster();
    // A register port outside the ephemeral range (no reconnect attempt to it can take it as its own
    // local port); the roles start in reverse order.
    cluster.registerAddress = `127.0.0.1:${(await freePorts(1))[0]}`;
    const registerAddress = cluster.registerAddress;
    const worker = await cluster.addWorker(echo);
    const gateway = await cluster.addGateway();
    await cluster.startRegister(registerAddress);
    await waitAttached(worker, [gateway.lanAddressOf()]);
    const client = await cluster.connect();
    assert.equal(await client.request('late but fine'), 'late but fine');
  });

  it('Register restart: no client disconnects, messages keep flowing, a new gateway is found', async () => {
    // Restarted at the same address: a port outside the ephemeral range, which no reconnect attempt
    // to it can take as its own local port while it is down.
    cluster = await Cluster.start({
      events: echo,
      register: { listen: `127.0.0.1:${(await freePorts(1))[0]}` },
    });
    const client = await cluster.connect();
    assert.equal(await client.request('before'), 'before');
    const registerAddress = cluster.registerAddress;
    await cluster.register!.stop();
    assert.equal(await client.request('during'), 'during');
    await cluster.startRegister(registerAddress);
    const second = await cluster.addGateway();
    await waitAttached(cluster.workers[0]!, [second.lanAddressOf()]);
    const other = await cluster.connect(1);
    assert.equal(await other.request('new gateway'), 'new gateway');
    assert.equal(await client.request('after'), 'after');
    assert.ok(client.isOpen);
    await eventually(() => assert.equal(cluster.register!.gatewayCount, 2));
  });

  it('no worker attached: events are held, then delivered in order when a worker attaches', async () => {
    cluster = new Cluster();
    await cluster.startRegister();
    await cluster.addGateway({ workerWaitMs: 10_000 });
    const client = await cluster.connect();
    client.send('count');
    client.send('count');
    const worker = await cluster.addWorker(echo);
    await onceWithin(worker, 'attached', 5000);
    assert.deepEqual(await client.take(2), ['1', '2']);
  });

  it('no worker within workerWaitMs: the client is closed with 1013 and a log line says why', async () => {
    cluster = new Cluster();
    await cluster.startRegister();
    await cluster.addGateway({ workerWaitMs: 200 });
    const client = await cluster.connect();
    client.send('anyone?');
    await client.waitClosed();
    assert.equal(client.closeCode, 1013);
    assert.equal(client.closeReason, 'no business worker available');
    assert.ok(
      cluster.logs.has(
        /no worker took the events of client [0-9a-f]{20} within 200 ms: 2 event\(s\) dropped/,
      ),
    );
  });

  it('worker stop hands its clients to another worker without losing or repeating an event', async () => {
    cluster = await Cluster.start({ workers: 2, events: echo });
    const clients = await Promise.all([0, 1, 2, 3].map(() => cluster.connect()));
    for (const client of clients) assert.equal(await client.request('count'), '1');
    for (const client of clients) for (let i = 0; i < 20; i++) client.send('count');
    const stopping = cluster.workers[0]!.stop();
    for (const client of clients) for (let i = 0; i < 20; i++) client.send('count');
    await stopping;
    for (const client of clients) {
      assert.deepEqual(
        await client.take(40),
        Array.from({ length: 40 }, (_, i) => String(i + 2)),
      );
    }
  });

  it('gateway stop closes clients with 1001 and workers get onClose with gateway-shutdown', async () => {
    const reasons: string[] = [];
    cluster = await Cluster.start({
      events: { ...echo, onClose: (_ctx, reason) => void reasons.push(reason) },
    });
    const client = await cluster.connect();
    assert.equal(await client.request('x'), 'x');
    await cluster.gateways[0]!.stop();
    await client.waitClosed();
    assert.equal(client.closeCode, 1001);
    await eventually(() => assert.deepEqual(reasons, ['gateway-shutdown']));
  });

  it('the API of a stopped worker rejects with GW_ERR_STOPPED', async () => {
    cluster = await Cluster.start({ events: echo });
    const worker = cluster.workers[0]!;
    await worker.stop();
    await assert.rejects(worker.gateway.getAllClientCount(), { code: 'GW_ERR_STOPPED' });
    await assert.rejects(worker.gateway.sendToClient('7f00000108fc00000001', 'x'), {
      code: 'GW_ERR_STOPPED',
    });
  });

  it('setSession/updateSession on the current client inside a handler combine with ctx.session changes', async () => {
    cluster = await Cluster.start({
      events: {
        async onMessage(ctx, message) {
          const session = ctx.session as { n?: number; merged?: { k?: number[] }; replaced?: boolean };
          if (message === 'replace') await ctx.gateway.setSession(ctx.clientId, { replaced: true });
          session.n = (session.n ?? 0) + 1;
          if (message === 'merge') {
            await ctx.gateway.updateSession(ctx.clientId, { merged: { k: [session.n] } });
            // The Gateway's copy has the handler's own change made before updateSession too.
            assert.deepEqual(await ctx.gateway.getSession(ctx.clientId), ctx.session);
          }
          await ctx.sendToCurrentClient(JSON.stringify(ctx.session));
        },
      },
    });
    const client = await cluster.connect();
    for (const m of ['a', 'merge', 'b', 'replace', 'c']) client.send(m);
    const states = (await client.take(5)).map((t) => JSON.parse(t) as object);
    assert.deepEqual(states, [
      { n: 1 },
      { n: 2, merged: { k: [2] } },
      { n: 3, merged: { k: [2] } },
      { replaced: true, n: 1 },
      { replaced: true, n: 2 },
    ]);
    const clientId = (await cluster.workers[0]!.gateway.getAllClientIdList())[0]!;
    assert.deepEqual(await cluster.workers[0]!.gateway.getSession(clientId), { replaced: true, n: 2 });
  });

  it('a query in a handler sees the ctx.session changes the handler made before it', async () => {
    cluster = await Cluster.start({
      events: {
        async onMessage(ctx, message) {
          if (message === 'show') return ctx.sendToCurrentClient(JSON.stringify(ctx.session));
          await ctx.gateway.joinGroup(ctx.clientId, 'room');
          ctx.session.x = message;
          const { getSession } = ctx.gateway; // a method taken off ctx.gateway saves them too
          const seen = [
            await getSession(ctx.clientId),
            (await ctx.gateway.getAllClientSessions())[ctx.clientId],
            (await ctx.gateway.getClientSessionsByGroup('room'))[ctx.clientId],
            (await ctx.gateway.getAllClientInfo('room'))[ctx.clientId],
          ];
          // A change after the query is written back when the handler settles, as always.
          ctx.session.y = `after ${message}`;
          return ctx.sendToCurrentClient(JSON.stringify(seen));
        },
      },
    });
    const client = await cluster.connect();
    for (const m of ['one', 'two']) {
      const expected = { x: m, ...(m === 'two' ? { y: 'after one' } : {}) };
      assert.deepEqual(JSON.parse(await client.request(m)), [expected, expected, expected, expected]);
    }
    assert.deepEqual(JSON.parse(await client.request('show')), { x: 'two', y: 'after two' });
  });

  it('onWorkerStart: the API answers for every Gateway (before the worker attaches), and right after start too', async () => {
    cluster = await Cluster.start({ gateways: 2, events: echo });
    const clients = [await cluster.connect(0), await cluster.connect(0), await cluster.connect(1)];
    for (const client of clients) assert.equal(await client.request('hi'), 'hi');
    const seen: unknown[] = [];
    const worker = await cluster.addWorker({
      async onWorkerStart(w) {
        seen.push(await w.gateway.getAllClientCount(), (await w.gateway.getAllClientIdList()).length);
        await w.gateway.sendToAll('from onWorkerStart');
      },
    });
    assert.deepEqual(seen, [3, 3]);
    for (const client of clients) assert.equal(await client.next(), 'from onWorkerStart');
    // Just started: its streams may still be connecting; a query waits for the Gateway list and them.
    assert.equal(await worker.gateway.getAllClientCount(), 3);
  });

  it('with no Register answering, a worker call fails with GW_ERR_REGISTER_UNAVAILABLE, in onWorkerStart too', async () => {
    cluster = new Cluster();
    const probe = await cluster.startRegister();
    const deadRegister = probe.address();
    await probe.stop();
    const options = { register: deadRegister, queryTimeoutMs: 300 };
    const worker = await cluster.addWorker(echo, options);
    await assert.rejects(worker.gateway.getAllClientCount(), { code: 'GW_ERR_REGISTER_UNAVAILABLE' });
    await assert.rejects(worker.gateway.getAllClientIdList(), { code: 'GW_ERR_REGISTER_UNAVAILABLE' });
    const failed: unknown[] = [];
    await cluster.addWorker(
      {
        async onWorkerStart(w) {
          await w.gateway.getAllClientCount().catch((err: { code?: string }) => failed.push(err.code));
        },
      },
      options,
    );
    assert.deepEqual(failed, ['GW_ERR_REGISTER_UNAVAILABLE']);
  });

  it('worker timers: repeat and one-shot, errors are logged, all cleared when the worker stops', async () => {
    let ticks = 0;
    cluster = await Cluster.start({
      events: {
        onWorkerStart(worker) {
          worker.timers.add(20, () => {
            ticks += 1;
            return worker.gateway.sendToAll(`tick ${ticks}`);
          });
          worker.timers.add(
            10,
            () => {
              throw new Error('timer boom');
            },
            { persistent: false },
          );
        },
      },
    });
    const client = await cluster.connect();
    assert.match(await client.next(), /^tick \d+$/);
    const worker = cluster.workers[0]!;
    await eventually(() => assert.ok(cluster.logs.has(/ERROR timer 2 threw: Error: timer boom/)));
    assert.equal(worker.timers.count, 1, 'the one-shot timer is gone after it ran');
    await worker.stop();
    assert.equal(worker.timers.count, 0);
    const after = ticks;
    assert.equal(
      worker.timers.add(10, () => undefined),
      0,
      'no new timers after stop',
    );
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(ticks, after, 'no tick after stop');
  });

  it('events may be loaded lazily (a module with a default export too) and are checked when loaded', async () => {
    cluster = await Cluster.start({ workers: 0 });
    await cluster.addWorker((async () => ({ default: echo })) as unknown as Events<SessionData>);
    await cluster.waitForMesh();
    const client = await cluster.connect();
    assert.equal(await client.request('lazy'), 'lazy');
    await assert.rejects(cluster.addWorker((() => ({ onMesage() {} })) as unknown as Events<SessionData>), {
      code: 'GW_ERR_INVALID_EVENTS',
    });
  });
});
