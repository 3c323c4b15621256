import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { shortFrameProtocol } from '../../examples/custom-protocol/short-frame';
import {
  frameProtocol,
  textProtocol,
  type CloseReason,
  type Events,
  type SessionData,
} from '../../src/index';
import type { ClientSocket } from '../../src/gateway/listeners/client-socket';
import { listenTcp } from '../../src/gateway/listeners/tcp';
import { Cluster } from '../helpers/cluster';
import { MemoryLogger } from '../helpers/logs';
import { TcpTestClient } from '../helpers/tcp-client';
import { eventually } from '../helpers/wait';

const frame = (payload: Buffer | string): Buffer => frameProtocol.encode(Buffer.from(payload), true);

describe('TCP client protocols at the Gateway', () => {
  let cluster: Cluster;
  const clients: TcpTestClient[] = [];
  const seen: string[] = [];
  const reasons: CloseReason[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await cluster?.close();
    seen.length = 0;
    reasons.length = 0;
  });

  /** Echoes what arrived: "<protocol> <string|binary> <message>", as a string, or as a Buffer for "bin…". */
  const echo: Events<SessionData> = {
    onConnect: (ctx) => void seen.push(`connect ${ctx.protocol}`),
    onWebSocketConnect: (ctx) => void seen.push(`websocket-connect ${ctx.protocol}`),
    onMessage(ctx, message) {
      const kind = typeof message === 'string' ? 'string' : 'binary';
      const reply = `${ctx.protocol} ${kind} ${message.toString()}`;
      return ctx.sendToCurrentClient(message.toString().startsWith('bin') ? Buffer.from(reply) : reply);
    },
    onClose: (_ctx, reason) => void reasons.push(reason),
  };

  async function connect(index: number, protocol = textProtocol): Promise<TcpTestClient> {
    const client = await TcpTestClient.connect(cluster.gateways[0]!.addresses()[index]!, protocol);
    clients.push(client);
    return client;
  }

  it('text: "\\n" and "\\r\\n" lines, several in one chunk or split over chunks; replies end with "\\n"', async () => {
    cluster = await Cluster.start({ gateway: { listen: 'text://127.0.0.1:0' }, events: echo });
    assert.match(cluster.gateways[0]!.address(), /^text:\/\/127\.0\.0\.1:\d+$/);
    const client = await connect(0);
    client.write('one\r\ntwo\nth');
    client.write('r');
    client.write('ee\r');
    client.write('\nbin\n');
    await client.waitMessages(4);
    assert.equal(
      client.raw.toString(),
      'text string one\ntext string two\ntext string three\ntext string bin\n',
    );
    assert.deepEqual(seen, ['connect text'], 'no onWebSocketConnect for TCP clients');
  });

  it('text as PHP: bytes that are not UTF-8 and an empty line echo back exactly; a line of maxMessageBytes closes', async () => {
    cluster = await Cluster.start({
      gateway: { listen: 'text://127.0.0.1:0', maxMessageBytes: 64 },
      events: { onMessage: (ctx, message) => ctx.sendToCurrentClient(message) },
    });
    const client = await connect(0);
    client.write(Buffer.from([0xff, 0x00, 0xc3, 0x0a, 0x0a])); // "\xff\0\xc3\n" then "\n"
    await client.waitMessages(2);
    assert.equal(client.raw.toString('hex'), 'ff00c30a0a');
    client.write('x'.repeat(63) + '\n'); // 64 bytes: Workerman's Text closes at strlen >= maxPackageSize
    await client.waitClosed();
    assert.equal(client.messages.length, 2);
  });

  it('pingData goes through the protocol: a text line, a frame', async () => {
    cluster = await Cluster.start({
      gateway: {
        listen: ['text://127.0.0.1:0', 'frame://127.0.0.1:0'],
        pingIntervalMs: 50,
        pingData: 'ping',
      },
      events: {},
    });
    const text = await connect(0);
    const framed = await connect(1, frameProtocol);
    await Promise.all([text.waitMessages(1), framed.waitMessages(1)]);
    assert.equal(text.raw.subarray(0, 5).toString(), 'ping\n');
    assert.equal(framed.raw.subarray(0, 8).toString('hex'), '0000000870696e67');
  });

  it('frame: split and merged frames arrive as Buffers; string and Buffer replies are both frames', async () => {
    cluster = await Cluster.start({ gateway: { listen: 'frame://127.0.0.1:0' }, events: echo });
    const client = await connect(0, frameProtocol);
    const bytes = Buffer.concat([frame('hello'), frame('bin'), frame('')]);
    client.write(bytes.subarray(0, 3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.write(bytes.subarray(3, 10));
    client.write(bytes.subarray(10));
    const replies = await client.waitMessages(3);
    assert.deepEqual(
      replies.map((m) => m.data.toString()),
      ['frame binary hello', 'frame binary bin', 'frame binary '],
    );
    assert.equal(client.raw.readUInt32BE(0), 4 + 'frame binary hello'.length);
  });

  it('a protocol of your own (the README example): ctx.protocol is its name', async () => {
    cluster = await Cluster.start({
      gateway: { listen: { url: 'tcp://127.0.0.1:0', protocol: shortFrameProtocol } },
      events: echo,
    });
    assert.match(cluster.gateways[0]!.address(), /^tcp:\/\//);
    const client = await connect(0, shortFrameProtocol);
    client.write(
      Buffer.concat([
        shortFrameProtocol.encode(Buffer.from('héllo'), false),
        shortFrameProtocol.encode(Buffer.from('x'), false),
      ]),
    );
    const replies = await client.waitMessages(2);
    assert.deepEqual(
      replies.map((m) => m.data.toString()),
      ['short-frame string héllo', 'short-frame string x'],
    );
  });

  it('one Gateway on ws + text + frame at once, one worker: each client in its own framing, sendToAll reaches all', async () => {
    const ports = new Map<string, number>();
    cluster = await Cluster.start({
      gateway: { listen: ['ws://127.0.0.1:0', 'text://127.0.0.1:0', 'frame://127.0.0.1:0'] },
      events: {
        ...echo,
        onConnect(ctx) {
          ports.set(ctx.protocol, ctx.gatewayPort);
          return echo.onConnect!(ctx);
        },
        onMessage: (ctx, message) =>
          message.toString() === 'all'
            ? ctx.gateway.sendToAll(`all from ${ctx.protocol}`)
            : echo.onMessage!(ctx, message),
      },
    });
    const gateway = cluster.gateways[0]!;
    assert.deepEqual(
      gateway.addresses().map((a) => a.split(':')[0]),
      ['ws', 'text', 'frame'],
    );
    assert.equal(gateway.address(), gateway.addresses()[0]);
    const ws = await cluster.connect();
    const text = await connect(1);
    const framed = await connect(2, frameProtocol);
    assert.equal(await ws.request('hi'), 'ws string hi');
    text.write('hi\n');
    framed.write(frame('hi'));
    assert.equal((await text.waitMessages(1))[0]!.data.toString(), 'text string hi');
    assert.equal((await framed.waitMessages(1))[0]!.data.toString(), 'frame binary hi');
    text.write('all\n');
    assert.equal(await ws.next(), 'all from text');
    assert.equal((await text.waitMessages(2))[1]!.data.toString(), 'all from text');
    assert.equal((await framed.waitMessages(2))[1]!.data.toString(), 'all from text');
    assert.deepEqual([...seen].sort(), [
      'connect frame',
      'connect text',
      'connect ws',
      'websocket-connect ws',
    ]);
    // ctx.gatewayPort is the port each client connected to.
    assert.deepEqual(
      [...ports].sort(),
      gateway
        .addresses()
        .map((a) => [a.split(':')[0], Number(a.split(':').at(-1))])
        .sort(),
    );
  });

  it('oversize, garbage and truncated input close only that client; the Gateway and other clients go on', async () => {
    cluster = await Cluster.start({
      gateway: { listen: ['text://127.0.0.1:0', 'frame://127.0.0.1:0'], maxMessageBytes: 1024 },
      events: echo,
    });
    const bystander = await connect(1, frameProtocol);
    const longLine = await connect(0);
    longLine.write('x'.repeat(2000)); // no newline: reaches the limit
    await longLine.waitClosed();
    const bigFrame = await connect(1, frameProtocol);
    bigFrame.write(Buffer.from([0, 0, 0x10, 0])); // announces 4096 bytes
    await bigFrame.waitClosed();
    const garbage = await connect(1, frameProtocol);
    garbage.write(Buffer.from([0, 0, 0, 1, 0xff, 0xfe])); // a length below 4
    await garbage.waitClosed();
    await eventually(() => assert.deepEqual(reasons, ['protocol-error', 'protocol-error', 'protocol-error']));
    const truncated = await connect(1, frameProtocol);
    truncated.write(frame('never finished').subarray(0, 9));
    truncated.socket.end(); // the client leaves mid-frame: a plain close
    await truncated.waitClosed();
    await eventually(() => assert.equal(reasons.length, 4));
    assert.equal(reasons[3], 'client');
    bystander.write(frame('still here'));
    assert.equal((await bystander.waitMessages(1))[0]!.data.toString(), 'frame binary still here');
    assert.equal(cluster.gateways[0]!.stats().clients, 1);
  });

  it('random garbage over real sockets (fast-check, seeded): every client closes cleanly, the Gateway serves on', async () => {
    cluster = await Cluster.start({
      gateway: { listen: ['text://127.0.0.1:0', 'frame://127.0.0.1:0'], maxMessageBytes: 512 },
      events: echo,
    });
    const bystander = await connect(1, frameProtocol);
    let connections = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1 }),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        async (listener, chunks) => {
          const client = await connect(listener, listener === 0 ? textProtocol : frameProtocol);
          connections += 1;
          for (const chunk of chunks) client.write(Buffer.from(chunk));
          client.socket.end();
          await client.waitClosed();
        },
      ),
      { seed: 4242, numRuns: 40 },
    );
    await eventually(() => assert.equal(reasons.length, connections));
    assert.ok(
      reasons.every((r) => r === 'client' || r === 'protocol-error'),
      reasons.join(),
    );
    bystander.write(frame('still here'));
    assert.equal((await bystander.waitMessages(1))[0]!.data.toString(), 'frame binary still here');
    assert.equal(cluster.gateways[0]!.stats().clients, 1);
  });

  it('a TCP client that stops reading gets messages dropped past sendBufferBytes and counted; others get everything', async () => {
    cluster = await Cluster.start({
      gateway: { listen: 'text://127.0.0.1:0', sendBufferBytes: 64 * 1024 },
      events: {
        async onMessage(ctx) {
          const chunk = 'y'.repeat(16 * 1024);
          for (let i = 0; i < 400; i++) await ctx.gateway.sendToAll(chunk);
          await ctx.gateway.sendToAll('done');
        },
      },
    });
    const slow = await connect(0);
    slow.socket.pause(); // never reads: the kernel buffers fill, then the Gateway's
    const reader = await connect(0);
    reader.write('go\n');
    await eventually(() => assert.ok(reader.messages.at(-1)?.data.toString() === 'done'), 10_000);
    assert.equal(reader.messages.length, 401);
    const { droppedMessages } = cluster.gateways[0]!.stats();
    assert.ok(droppedMessages > 100, `dropped ${droppedMessages}`);
    assert.equal(slow.socket.destroyed, false, 'the slow client stays open');
    slow.socket.resume();
    // Every message either reached the slow client once it read again, or was dropped and counted.
    await eventually(() => assert.equal(slow.messages.length + droppedMessages, 401), 10_000);
  });

  it('closeCurrentClient sends its message, then closes the TCP connection', async () => {
    cluster = await Cluster.start({
      gateway: { listen: 'text://127.0.0.1:0' },
      events: { onMessage: (ctx) => ctx.closeCurrentClient('bye') },
    });
    const client = await connect(0);
    client.write('quit\n');
    await client.waitClosed();
    assert.equal(client.raw.toString(), 'bye\n');
  });

  it('a graceful close of a client that never reads cuts it after the close grace', async () => {
    let server: ClientSocket | undefined;
    let closed = 0;
    const listener = await listenTcp({
      host: '127.0.0.1',
      port: 0,
      protocol: frameProtocol,
      maxMessageBytes: 1024,
      sendBufferBytes: 64 * 1024 * 1024,
      closeGraceMs: 300,
      logger: new MemoryLogger(),
      accept: (socket) => {
        server = socket;
        return { onMessage: () => undefined, onClose: () => void (closed += 1) };
      },
    });
    try {
      const client = await TcpTestClient.connect(`frame://127.0.0.1:${listener.port}`, frameProtocol);
      clients.push(client);
      client.socket.pause(); // never reads
      await eventually(() => assert.ok(server));
      for (let i = 0; i < 64; i++) assert.equal(server!.send(Buffer.alloc(256 * 1024), true), true);
      const started = Date.now();
      server!.close(1000, 'bye');
      await eventually(() => assert.equal(closed, 1), 5000);
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 250, `cut after ${elapsed} ms, not before the grace`);
      client.socket.resume();
      await client.waitClosed(5000);
    } finally {
      await listener.close();
    }
  });
});
