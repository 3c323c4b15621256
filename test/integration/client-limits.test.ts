import { strict as assert } from 'node:assert';
import { WebSocket } from 'ws';
import { Cluster } from '../helpers/cluster';
import { startCountingCluster } from '../helpers/counting-cluster';
import { RawClient } from '../helpers/raw-ws';
import { eventually, within } from '../helpers/wait';

/** The HTTP status of a refused upgrade, or 101. */
function upgradeStatus(
  url: string,
  options: ConstructorParameters<typeof WebSocket>[2] = {},
): Promise<number> {
  const ws = new WebSocket(url, options);
  return within(
    new Promise<number>((resolve) => {
      ws.once('open', () => {
        resolve(101);
        ws.terminate();
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', () => resolve(0));
    }),
    5000,
    `upgrade of ${url}`,
  );
}

describe('client admission and limits (real sockets)', () => {
  let cluster: Cluster | undefined;
  afterEach(() => cluster?.close());

  it('slowloris: 200 upgrade requests sent a byte at a time are all cut at handshakeTimeoutMs; a normal client still works', async () => {
    const started = await startCountingCluster({ handshakeTimeoutMs: 500 });
    cluster = started.cluster;
    const request = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n';
    const slow = Array.from({ length: 200 }, () => new RawClient(started.port));
    const since = Date.now();
    let sent = 0;
    const drip = setInterval(() => {
      for (const client of slow)
        if (!client.isClosed) client.socket.write(request.charAt(sent % request.length));
      sent += 1;
    }, 50);
    try {
      const normal = await cluster.connect();
      assert.equal(await normal.request('echo'), 'echo');
      await within(Promise.all(slow.map((c) => c.closed)), 5000, 'every slow client to be cut');
      const took = Date.now() - since;
      assert.ok(took >= 450 && took < 3000, `all cut after ${took} ms`);
      assert.equal(await normal.request('echo'), 'echo', 'the normal client is unaffected');
      assert.equal(started.seen.connects, 1, 'no worker event for a connection that never upgraded');
    } finally {
      clearInterval(drip);
    }
  });

  it('maxConnectionsPerIp and maxConnections refuse at accept with 503, before any worker event; a close frees a slot', async () => {
    const started = await startCountingCluster({ maxConnections: 3, maxConnectionsPerIp: 2 });
    cluster = started.cluster;
    const { url } = started;
    const a1 = await cluster.connect();
    await cluster.connect();
    assert.equal(await upgradeStatus(url), 503, 'a third connection from 127.0.0.1');
    const b1 = new WebSocket(url, { localAddress: '127.0.0.2' });
    b1.on('error', () => undefined);
    await within(new Promise((resolve) => b1.once('open', resolve)), 5000, 'open from 127.0.0.2');
    assert.equal(await upgradeStatus(url, { localAddress: '127.0.0.3' }), 503, 'over the process limit');
    await eventually(() => assert.equal(started.seen.connects, 3));
    await a1.close();
    await eventually(async () => assert.equal(await upgradeStatus(url, { localAddress: '127.0.0.3' }), 101));
    b1.close();
    await eventually(() => assert.equal(started.seen.connects, 4));
    assert.equal(started.seen.connects, 4, 'refused connections never reached a worker');
  });

  it('wsPath and wsAllowedOrigins refuse with 404 and 403; plain HTTP gets 426; a huge request head is refused', async () => {
    const started = await startCountingCluster({ wsPath: '/ws', wsAllowedOrigins: ['https://good.test'] });
    cluster = started.cluster;
    const { url } = started;
    assert.equal(await upgradeStatus(`${url}/other`, { origin: 'https://good.test' }), 404);
    assert.equal(await upgradeStatus(`${url}/ws`, { origin: 'https://evil.test' }), 403);
    assert.equal(await upgradeStatus(`${url}/ws`), 403, 'no Origin at all');
    assert.equal(await upgradeStatus(`${url}/ws?token=1`, { origin: 'https://good.test' }), 101);
    const plain = new RawClient(started.port);
    plain.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(await plain.statusLine(), /^HTTP\/1\.1 426/);
    const huge = new RawClient(started.port);
    huge.socket.write(`GET /ws HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    assert.match(await huge.statusLine(), /^HTTP\/1\.1 431/);
    await within(huge.closed, 5000, 'the huge request to be closed');
    assert.equal(started.seen.connects, 1);
  });

  it('onWebSocketConnect can take its time: a message sent right after connecting reaches onMessage after it', async () => {
    const seen: string[] = [];
    cluster = await Cluster.start({
      events: {
        async onWebSocketConnect() {
          seen.push('ws-connect start');
          await new Promise((resolve) => setTimeout(resolve, 300));
          seen.push('ws-connect end');
        },
        onMessage(ctx, message) {
          seen.push(`message ${String(message)}`);
          return ctx.sendToCurrentClient('ok');
        },
      },
    });
    const client = await cluster.connect();
    client.send('right away');
    assert.equal(await client.next(), 'ok');
    assert.deepEqual(seen, ['ws-connect start', 'ws-connect end', 'message right away']);
  });

  it('onWebSocketConnect refuses a bad token with a close frame of its code and reason', async () => {
    const seen: string[] = [];
    cluster = await Cluster.start({
      events: {
        async onWebSocketConnect(ctx, handshake) {
          if (handshake.query.token !== 'good')
            await ctx.closeCurrentClient(undefined, { code: 4001, reason: 'bad token' });
        },
        onMessage(_ctx, message) {
          seen.push(String(message));
        },
        onClose(_ctx, reason) {
          seen.push(`close ${reason}`);
        },
      },
    });
    const refused = await cluster.connect(0, '/?token=bad');
    await refused.waitClosed();
    assert.equal(refused.closeCode, 4001);
    assert.equal(refused.closeReason, 'bad token');
    const welcome = await cluster.connect(0, '/?token=good');
    welcome.send('hello');
    await eventually(() => assert.deepEqual(seen, ['close kicked', 'hello']));
  });

  it('closeClient checks its close code and reason', async () => {
    cluster = await Cluster.start({});
    const client = await cluster.connect();
    const id = cluster.gateways[0]!.connections()[0]!.clientId;
    const api = cluster.workers[0]!.gateway;
    await assert.rejects(api.closeClient(id, undefined, { code: 1006 }), {
      code: 'GW_ERR_INVALID_ARGUMENT',
      message: 'a close code must be 1000 or 3000-4999, got 1006',
    });
    await assert.rejects(api.closeClient(id, undefined, { reason: 'x'.repeat(124) }), {
      code: 'GW_ERR_INVALID_ARGUMENT',
    });
    await api.closeClient(id, 'bye', { code: 3000, reason: 'moved' });
    assert.equal(await client.next(), 'bye');
    await client.waitClosed();
    assert.equal(client.closeCode, 3000);
    assert.equal(client.closeReason, 'moved');
  });
});
