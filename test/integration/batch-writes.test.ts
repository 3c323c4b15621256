import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import * as net from 'node:net';
import WebSocket from 'ws';
import { CORK_FLUSH_BYTES, type ClientSocket } from '../../src/gateway/listeners/client-socket';
import { listenTcp } from '../../src/gateway/listeners/tcp';
import { listenWebSocket } from '../../src/gateway/listeners/websocket';
import { textProtocol } from '../../src/index';
import { MemoryLogger } from '../helpers/logs';
import { TcpTestClient } from '../helpers/tcp-client';
import { eventually } from '../helpers/wait';

/** Counts the writes a socket hands to the kernel (one per _write or _writev call). */
function countWrites(socket: net.Socket): { count: number } {
  const counter = { count: 0 };
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const name of ['_write', '_writev'] as const) {
    const original = internals[name].bind(socket);
    internals[name] = (...args: unknown[]) => {
      counter.count += 1;
      return original(...args);
    };
  }
  return counter;
}

interface WsSetup {
  server: ClientSocket;
  writes: { count: number };
  close(): Promise<void>;
}

/** A WebSocket listener with one accepted client; its socket's writes are counted. */
async function acceptWebSocket(sendBufferBytes: number, connect: (url: string) => void): Promise<WsSetup> {
  const http: Server = createServer();
  let writes: { count: number } | undefined;
  http.on('connection', (socket) => (writes = countWrites(socket)));
  let server: ClientSocket | undefined;
  const listener = await listenWebSocket({
    host: '127.0.0.1',
    port: 0,
    server: http,
    maxMessageBytes: 1024 * 1024,
    sendBufferBytes,
    logger: new MemoryLogger(),
    accept: (socket) => {
      server = socket;
      return { onMessage: () => undefined, onClose: () => undefined };
    },
  });
  connect(`ws://127.0.0.1:${listener.port}`);
  await eventually(() => assert.ok(server && writes));
  return {
    server: server as ClientSocket,
    writes: writes as { count: number },
    close: async () => {
      server?.destroy();
      await listener.close();
    },
  };
}

function receiveAll(ws: WebSocket): Array<{ data: Buffer; binary: boolean }> {
  const got: Array<{ data: Buffer; binary: boolean }> = [];
  ws.on('message', (data: Buffer, binary: boolean) => got.push({ data, binary }));
  return got;
}

describe('Batched writes to clients (cork per applied batch)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A `ws` client, open, on a Gateway-side socket with this send buffer; what the client receives. */
  async function openClient(
    sendBufferBytes: number,
  ): Promise<{ setup: WsSetup; got: ReturnType<typeof receiveAll> }> {
    let client: WebSocket | undefined;
    const setup = await acceptWebSocket(sendBufferBytes, (url) => (client = new WebSocket(url)));
    cleanups.push(
      () => setup.close(),
      () => client?.terminate(),
    );
    const got = receiveAll(client as WebSocket);
    await eventually(() => assert.equal(client?.readyState, WebSocket.OPEN));
    return { setup, got };
  }

  it('WebSocket: a corked batch leaves in one write, in order; uncorked, each message is its own write', async () => {
    const { setup, got } = await openClient(1024 * 1024);

    const before = setup.writes.count;
    for (let i = 0; i < 3; i++) assert.equal(setup.server.send(Buffer.from(`plain ${i}`), false), true);
    assert.equal(setup.writes.count - before, 3, 'uncorked: one write per message');

    const batchStart = setup.writes.count;
    setup.server.cork();
    for (let i = 0; i < 50; i++) setup.server.send(Buffer.from(`batch ${i}`), i % 2 === 1);
    assert.equal(setup.writes.count, batchStart, 'nothing written while corked');
    setup.server.uncork();
    assert.equal(setup.writes.count - batchStart, 1, 'the batch in one write');

    await eventually(() => assert.equal(got.length, 53));
    const expected = [0, 1, 2]
      .map((i) => `plain ${i}`)
      .concat([...Array(50).keys()].map((i) => `batch ${i}`));
    assert.deepEqual(
      got.map((m) => m.data.toString()),
      expected,
    );
    assert.deepEqual(
      got.slice(3).map((m) => m.binary),
      [...Array(50).keys()].map((i) => i % 2 === 1),
    );
  });

  it('WebSocket: frames of every header size arrive intact, shared frames (one payload to many sends) too', async () => {
    const { setup, got } = await openClient(64 * 1024 * 1024);
    const sizes = [0, 1, 125, 126, 127, 16 * 1024, 16 * 1024 + 1, 65_535, 65_536, 200_000];
    const sent: Array<{ data: Buffer; binary: boolean }> = [];
    setup.server.cork();
    for (const size of sizes) {
      const data = Buffer.alloc(size, (size % 26) + 97);
      for (const binary of [false, true, true]) {
        assert.equal(setup.server.send(data, binary), true);
        sent.push({ data, binary });
      }
    }
    setup.server.uncork();
    await eventually(() => assert.equal(got.length, sent.length), 5000);
    got.forEach((m, i) => {
      assert.equal(m.binary, sent[i]?.binary, `message ${i}`);
      assert.ok(m.data.equals(sent[i]?.data as Buffer), `message ${i} (${sent[i]?.data.length} bytes)`);
    });
  });

  it('held bytes of a flowing socket do not count against sendBufferBytes; a client that never reads still gets drops', async () => {
    // A raw client that completes the upgrade and then never reads.
    let raw: net.Socket | undefined;
    const setup = await acceptWebSocket(1024, (url) => {
      const { port } = new URL(url);
      raw = net.connect(Number(port), '127.0.0.1', () => {
        raw?.write(
          'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      raw.on('error', () => undefined);
    });
    cleanups.push(
      () => setup.close(),
      () => void raw?.destroy(),
    );
    // More than sendBufferBytes in one batch: the socket is flowing, so all of it is taken.
    setup.server.cork();
    for (let i = 0; i < 10; i++)
      assert.equal(setup.server.send(Buffer.alloc(500), true), true, `message ${i}`);
    setup.server.uncork();
    raw?.pause();
    // The client never reads: once the kernel's buffers are full, messages are dropped, corked or not.
    let accepted = 0;
    let dropped = false;
    for (let batch = 0; batch < 10_000 && !dropped; batch++) {
      setup.server.cork();
      for (let i = 0; i < 16; i++) {
        if (setup.server.send(Buffer.alloc(4096), true)) accepted += 4096;
        else dropped = true;
      }
      setup.server.uncork();
    }
    assert.ok(dropped, `no drop after ${accepted} bytes`);
    assert.ok(accepted < 40 * 1024 * 1024, `${accepted} bytes accepted before the first drop`);
  });

  it('TCP: a corked batch leaves in one write; destroy() in a batch still sends what the batch wrote before it', async () => {
    let server: ClientSocket | undefined;
    let writes: { count: number } | undefined;
    const listener = await listenTcp({
      host: '127.0.0.1',
      port: 0,
      protocol: textProtocol,
      maxMessageBytes: 1024,
      sendBufferBytes: 1024,
      logger: new MemoryLogger(),
      createServer: (onSocket) =>
        net.createServer((socket) => {
          writes = countWrites(socket);
          onSocket(socket);
        }),
      accept: (socket) => {
        server = socket;
        return { onMessage: () => undefined, onClose: () => undefined };
      },
    });
    cleanups.push(() => listener.close());
    const client = await TcpTestClient.connect(`text://127.0.0.1:${listener.port}`, textProtocol);
    cleanups.push(() => client.close());
    await eventually(() => assert.ok(server && writes));
    const socket = server as ClientSocket;
    socket.cork();
    // 40 lines of 101 bytes: more than sendBufferBytes (1024), all taken by a flowing socket.
    for (let i = 0; i < 40; i++)
      assert.equal(socket.send(Buffer.from(`${i}`.padStart(100, '.')), false), true);
    socket.uncork();
    assert.equal(writes?.count, 1);
    socket.cork();
    socket.send(Buffer.from('last'), false);
    socket.destroy();
    await client.waitClosed(5000);
    const lines = client.raw.toString().split('\n');
    assert.equal(lines.length, 42);
    assert.equal(lines[39], '39'.padStart(100, '.'));
    assert.equal(lines[40], 'last');
  });

  it(`a batch past ${CORK_FLUSH_BYTES} bytes is written as it goes, not held whole`, async () => {
    const { setup, got } = await openClient(64 * 1024 * 1024);
    const start = setup.writes.count;
    setup.server.cork();
    for (let i = 0; i < 64; i++) setup.server.send(Buffer.alloc(1024, i), true);
    assert.ok(setup.writes.count - start >= 3, `${setup.writes.count - start} writes while corked`);
    setup.server.uncork();
    await eventually(() => assert.equal(got.length, 64));
    got.forEach((m, i) => assert.equal(m.data[0], i));
  });
});
