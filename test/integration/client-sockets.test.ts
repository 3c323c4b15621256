import { strict as assert } from 'node:assert';
import { WebSocket } from 'ws';
import type { CloseReason, Events, SessionData, WebSocketHandshake } from '../../src/index';
import { Cluster } from '../helpers/cluster';
import { eventually, within } from '../helpers/wait';

describe('client sockets at the Gateway', () => {
  let cluster: Cluster;
  afterEach(() => cluster?.close());

  it('S24: onConnect, then onWebSocketConnect with query, headers and cookies, then onMessage', async () => {
    const seen: string[] = [];
    let handshake: WebSocketHandshake | undefined;
    cluster = await Cluster.start({
      events: {
        onConnect(ctx) {
          seen.push('connect');
          return ctx.sendToCurrentClient('welcome');
        },
        onWebSocketConnect(ctx, request) {
          seen.push('websocket-connect');
          handshake = request;
          ctx.session.token = request.query.token;
        },
        onMessage(ctx, message) {
          seen.push(`message ${String(message)}`);
          return ctx.sendToCurrentClient(`token ${String(ctx.session.token)}`);
        },
      } satisfies Events<SessionData>,
    });
    const url = `${cluster.gateways[0]!.address()}/chat?token=abc&room=1`;
    const ws = new WebSocket(url, {
      headers: { Cookie: 's=1; theme=dark%20mode', Origin: 'http://example.test' },
    });
    const messages: string[] = [];
    ws.on('message', (data: Buffer) => messages.push(data.toString()));
    await within(new Promise((resolve) => ws.once('open', resolve)), 5000, 'open');
    ws.send('hi');
    await eventually(() => assert.equal(messages.length, 2));
    assert.deepEqual(messages, ['welcome', 'token abc']);
    assert.deepEqual(seen, ['connect', 'websocket-connect', 'message hi']);
    assert.equal(handshake?.url, '/chat?token=abc&room=1');
    assert.equal(handshake?.path, '/chat');
    assert.deepEqual(handshake?.query, { token: 'abc', room: '1' });
    assert.deepEqual(handshake?.cookies, { s: '1', theme: 'dark mode' });
    assert.equal(handshake?.headers.origin, 'http://example.test');
    assert.match(handshake?.headers.host ?? '', /^127\.0\.0\.1:\d+$/);
    // PHP's $data: get, cookie, server, so that a ported handler reads the same keys.
    assert.equal(handshake?.get, handshake?.query);
    assert.equal(handshake?.cookie, handshake?.cookies);
    const port = String(new URL(cluster.gateways[0]!.address()).port);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(handshake?.server ?? {}).filter(([k]) => !/^HTTP_SEC_WEBSOCKET|^REMOTE_PORT$/.test(k)),
      ),
      {
        QUERY_STRING: 'token=abc&room=1',
        REQUEST_METHOD: 'GET',
        REQUEST_URI: '/chat?token=abc&room=1',
        SERVER_PROTOCOL: 'HTTP/1.1',
        SERVER_NAME: `127.0.0.1:${port}`, // PHP's $request->host(false): the Host header whole
        SERVER_PORT: port,
        REMOTE_ADDR: '127.0.0.1',
        HTTP_HOST: `127.0.0.1:${port}`,
        HTTP_ORIGIN: 'http://example.test',
        HTTP_COOKIE: 's=1; theme=dark%20mode',
        HTTP_CONNECTION: 'Upgrade',
        HTTP_UPGRADE: 'websocket',
      },
    );
    assert.match(handshake?.server.REMOTE_PORT ?? '', /^\d+$/);
    ws.close();
  });

  it('onClose as in PHP: session readable, uid and groups already released, getSession null, sends to it no-ops', async () => {
    let seen: unknown;
    cluster = await Cluster.start({
      events: {
        async onMessage(ctx) {
          ctx.session.name = 'alice';
          await ctx.gateway.bindUid(ctx.clientId, 'u1');
          await ctx.gateway.joinGroup(ctx.clientId, 'g1');
          await ctx.sendToCurrentClient('ready');
        },
        async onClose(ctx) {
          const api = ctx.gateway;
          await ctx.sendToCurrentClient('too late');
          seen = {
            session: { ...ctx.session },
            getSession: await api.getSession(ctx.clientId),
            isOnline: await api.isOnline(ctx.clientId),
            uid: await api.getClientIdByUid('u1'),
            group: await api.getClientIdListByGroup('g1'),
            groups: await api.getAllGroupIdList(),
          };
        },
      },
    });
    const client = await cluster.connect();
    assert.equal(await client.request('login'), 'ready');
    await client.close();
    await eventually(() => assert.ok(seen));
    assert.deepEqual(seen, {
      session: { name: 'alice' },
      getSession: null,
      isOnline: false,
      uid: [],
      group: [],
      groups: [],
    });
  });

  it('S27: a message over maxMessageBytes closes that client (1009) with reason protocol-error; others are fine', async () => {
    const reasons: CloseReason[] = [];
    cluster = await Cluster.start({
      gateway: { maxMessageBytes: 1024 },
      events: {
        onMessage: (ctx, message) => ctx.sendToCurrentClient(message),
        onClose: (_ctx, reason) => void reasons.push(reason),
      },
    });
    const big = await cluster.connect();
    const small = await cluster.connect();
    big.send('x'.repeat(2048));
    await big.waitClosed();
    assert.equal(big.closeCode, 1009);
    await eventually(() => assert.deepEqual(reasons, ['protocol-error']));
    assert.equal(await small.request('x'.repeat(1000)), 'x'.repeat(1000));
  });

  it('S26: a client that stops reading gets messages dropped past sendBufferBytes; it stays open, others get everything', async () => {
    cluster = await Cluster.start({
      gateway: { sendBufferBytes: 64 * 1024 },
      events: {
        async onMessage(ctx) {
          const chunk = 'y'.repeat(16 * 1024);
          for (let i = 0; i < 400; i++) await ctx.gateway.sendToAll(chunk);
          await ctx.gateway.sendToAll('done');
        },
      },
    });
    const slow = await cluster.connect();
    const fast = await cluster.connect();
    // Stop reading: the kernel buffers fill, then the Gateway's unsent bytes pass the limit.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    fast.send('go');
    const got = await fast.take(401, 20_000);
    assert.equal(got.at(-1), 'done', 'the reading client got all 400 chunks and the end marker');
    const dropped = await eventually(() => {
      const count = cluster.gateways[0]!.stats().droppedMessages;
      assert.ok(count > 0);
      return count;
    });
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const slowCount = 401 - dropped;
    // What was not dropped arrives whole and in order; nothing else was lost.
    const received = await slow.take(slowCount, 20_000);
    assert.ok(received.every((m) => m === 'y'.repeat(16 * 1024) || m === 'done'));
    assert.ok(slow.isOpen, 'a slow client is not closed');
  });
});
