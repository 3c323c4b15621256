import { strict as assert } from 'node:assert';
import * as http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { decodeClientId } from '../../src/client-id';
import type { Events, SessionData } from '../../src/index';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import type { ConnectRequest } from '../../src/rpc/generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse__Output } from '../../src/rpc/generated/gatewayworker/v1/ConnectResponse';
import { echoEvents } from '../fixtures/echo-events';
import { Cluster } from '../helpers/cluster';
import { eventually, within } from '../helpers/wait';

const echo = echoEvents as Events<SessionData>;

/** A Connect stream that sends whatever bytes it is given, as a broken worker would. */
function rawConnect(address: string): grpc.ClientDuplexStream<Buffer, Buffer> {
  const Client = grpc.makeGenericClientConstructor(
    {
      Connect: {
        path: '/gatewayworker.v1.Gateway/Connect',
        requestStream: true,
        responseStream: true,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    'Gateway',
  );
  const client = new Client(address, grpc.credentials.createInsecure());
  return (client as unknown as { Connect(): grpc.ClientDuplexStream<Buffer, Buffer> }).Connect();
}

/** A hand-driven worker stream speaking the real protocol. */
function protoConnect(address: string): grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output> {
  const { proto } = loadProtos();
  const client = new proto.gatewayworker.v1.Gateway(
    address,
    grpc.credentials.createInsecure(),
    CLIENT_OPTIONS,
  );
  return client.Connect();
}

/**
 * A Connect stream over plain HTTP/2 that sends `requests` and then reads nothing (no flow-control
 * credit goes back to the Gateway) until `readAll()`, which resolves with the trailers.
 */
function nonReadingConnect(
  address: string,
  requests: ConnectRequest[],
): { readAll(): Promise<http2.IncomingHttpHeaders>; close(): void } {
  const service = loadProtos().definition['gatewayworker.v1.Gateway'] as grpc.ServiceDefinition;
  const serialize = service.Connect!.requestSerialize;
  const session = http2.connect(`http://${address}`);
  session.on('error', () => undefined);
  const stream = session.request({
    ':method': 'POST',
    ':path': '/gatewayworker.v1.Gateway/Connect',
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  stream.on('error', () => undefined);
  stream.pause();
  for (const request of requests) {
    const message = serialize(request);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(message.length, 1);
    stream.write(Buffer.concat([header, message]));
  }
  const trailers = new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once('trailers', resolve));
  return {
    readAll: () => {
      stream.resume();
      return within(trailers, 10_000, 'the trailers');
    },
    close: () => session.destroy(),
  };
}

function statusOf(call: NodeJS.EventEmitter): Promise<grpc.StatusObject> {
  return within(
    new Promise((resolve) => {
      call.on('error', () => undefined);
      call.on('status', resolve);
    }),
    5000,
    'stream status',
  );
}

describe('worker streams with bad input', () => {
  let cluster: Cluster;
  afterEach(() => cluster?.close());

  it('a stream sending garbage bytes is ended; the gateway and other workers carry on', async () => {
    cluster = await Cluster.start({ events: echo });
    const client = await cluster.connect();
    const bad = rawConnect(cluster.gateways[0]!.lanAddressOf());
    const status = statusOf(bad);
    bad.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
    assert.notEqual((await status).code, grpc.status.OK);
    assert.equal(await client.request('still here'), 'still here');
  });

  it('a stream whose first message has no hello is rejected with a clear status', async () => {
    cluster = await Cluster.start({ events: echo });
    const call = protoConnect(cluster.gateways[0]!.lanAddressOf());
    const status = statusOf(call);
    call.write({ commands: [{ broadcast: { data: Buffer.from('sneaky') } }] });
    const { code, details } = await status;
    assert.equal(code, grpc.status.INVALID_ARGUMENT);
    assert.match(details, /first ConnectRequest must carry hello/);
  });

  it('a hello with a newer protocol version is refused with FAILED_PRECONDITION; an unset one means 1', async () => {
    cluster = await Cluster.start({ events: echo });
    const address = cluster.gateways[0]!.lanAddressOf();
    const newer = protoConnect(address);
    const status = statusOf(newer);
    newer.write({ hello: { worker_name: 'Future', protocol_version: 2 } });
    const { code, details } = await status;
    assert.equal(code, grpc.status.FAILED_PRECONDITION);
    assert.match(details, /speaks stream protocol version 2; this Gateway speaks version 1/);

    const unset = protoConnect(address);
    const welcome = within(
      new Promise<ConnectResponse__Output>((resolve) => unset.once('data', resolve)),
      5000,
      'welcome',
    );
    unset.on('error', () => undefined);
    unset.write({ hello: { worker_name: 'Handwritten', api_only: true } });
    assert.equal((await welcome).welcome?.protocol_version, 1);
    unset.cancel();
  });

  it('malformed commands get an error reply or a log line; the stream stays usable', async () => {
    cluster = await Cluster.start({ events: echo });
    const client = await cluster.connect();
    const call = protoConnect(cluster.gateways[0]!.lanAddressOf());
    const frames: ConnectResponse__Output[] = [];
    call.on('data', (frame: ConnectResponse__Output) => frames.push(frame));
    call.on('error', () => undefined);
    call.write({ hello: { worker_name: 'probe', instance_id: 'p1', protocol_version: 1, api_only: true } });
    call.write({
      commands: [
        { request_id: 7 },
        {
          request_id: 8,
          session: { connection_id: 1, op: 'SESSION_OP_REPLACE', json: Buffer.from('[1,2]') },
        },
        { send: { connection_ids: [1], data: Buffer.from([0xc3, 0x28]), binary: false } },
        { request_id: 9, client_count: {} },
      ],
    });
    await eventually(() => assert.ok(frames.flatMap((f) => f.replies ?? []).length >= 3));
    const replies = frames.flatMap((f) => f.replies ?? []);
    assert.equal(replies.find((r) => r.request_id === 7)?.error_code, 'GW_ERR_PROTOCOL');
    assert.equal(replies.find((r) => r.request_id === 8)?.error_code, 'GW_ERR_INVALID_ARGUMENT');
    assert.equal(replies.find((r) => r.request_id === 9)?.count, 1);
    assert.ok(cluster.logs.has(/command send from worker probe:0 rejected: text message is not valid UTF-8/));
    assert.equal(await client.request('unharmed'), 'unharmed');
    call.cancel();
  });

  it('a worker that half-closes its stream still gets the replies to what it sent, then status OK', async () => {
    cluster = await Cluster.start({ events: echo });
    await cluster.connect();
    const call = protoConnect(cluster.gateways[0]!.lanAddressOf());
    const replies: number[] = [];
    call.on('data', (frame: ConnectResponse__Output) =>
      replies.push(...(frame.replies ?? []).map((r) => r.count ?? -1)),
    );
    const status = statusOf(call);
    call.write({ hello: { worker_name: 'oneshot', instance_id: 'o1', protocol_version: 1, api_only: true } });
    call.write({ commands: Array.from({ length: 50 }, (_, i) => ({ request_id: i + 1, client_count: {} })) });
    call.end();
    assert.equal((await status).code, grpc.status.OK);
    assert.deepEqual(replies, Array(50).fill(1), 'every query answered before the stream ended');
  });

  it('a worker that disconnects mid-command loses nothing for other clients; its client moves on', async () => {
    cluster = new Cluster();
    await cluster.startRegister();
    const gateway = await cluster.addGateway();
    // The only worker is a hand-driven stream that answers one event with half a reply, then vanishes.
    const call = protoConnect(gateway.lanAddressOf());
    call.on('error', () => undefined);
    const gotMessage = new Promise<number>((resolve) => {
      call.on('data', (frame: ConnectResponse__Output) => {
        const message = frame.events?.find((e) => e.type === 'CLIENT_EVENT_TYPE_MESSAGE');
        if (message) resolve(message.connection_id ?? 0);
      });
    });
    call.write({ hello: { worker_name: 'flaky', instance_id: 'f1', protocol_version: 1 } });
    const client = await cluster.connect();
    client.send('first');
    const connectionId = await within(gotMessage, 5000, 'the flaky worker to get the message');
    // Cancelled right after the write: the command may or may not have left; either is fine.
    call.write({ commands: [{ send: { connection_ids: [connectionId], data: Buffer.from('partial') } }] });
    call.cancel();
    await eventually(() => assert.ok(cluster.logs.has(/worker flaky:0 detached/)));
    await cluster.addWorker(echo);
    await cluster.waitForMesh();
    client.send('second');
    const first = await client.next();
    assert.equal(first === 'partial' ? await client.next() : first, 'second');
    assert.ok(client.isOpen);
  });

  it('a stream that floods queries and reads nothing is cut with RESOURCE_EXHAUSTED past 64 MiB queued', async () => {
    cluster = await Cluster.start({ events: echo });
    const client = await cluster.connect();
    const [state] = cluster.gateways[0]!.connections();
    const api = cluster.workers[0]!.gateway;
    await api.setSession(state!.clientId, { big: 'x'.repeat(1_000_000) });
    await api.getSession(state!.clientId); // a round trip: the Gateway holds the session now
    const { connectionId } = decodeClientId(state!.clientId);
    // 100 answers of 1 MB each: the Gateway holds at most 64 MiB for a worker that does not read.
    const queries = Array.from({ length: 100 }, (_, i) => ({
      request_id: i + 1,
      get_session: { connection_id: connectionId },
    }));
    const hostile = nonReadingConnect(cluster.gateways[0]!.lanAddressOf(), [
      { hello: { worker_name: 'hoarder', instance_id: 'h1', protocol_version: 1, api_only: true } },
      { commands: queries },
    ]);
    try {
      await eventually(() => assert.ok(cluster.logs.has(/worker hoarder:0 does not read its stream/)));
      assert.equal(await client.request('unharmed'), 'unharmed');
      const trailers = await hostile.readAll();
      assert.equal(trailers['grpc-status'], String(grpc.status.RESOURCE_EXHAUSTED));
      assert.match(decodeURIComponent(String(trailers['grpc-message'])), /over the limit of 67108864/);
    } finally {
      hostile.close();
    }
  });

  it('a hello with a huge worker name is refused; a flood of bad commands logs ten lines, then one per thousand', async () => {
    cluster = await Cluster.start({ events: echo });
    const address = cluster.gateways[0]!.lanAddressOf();
    const huge = protoConnect(address);
    const refused = statusOf(huge);
    huge.write({ hello: { worker_name: 'w'.repeat(1_000_000), protocol_version: 1 } });
    const { code, details } = await refused;
    assert.equal(code, grpc.status.INVALID_ARGUMENT);
    assert.match(details, /hello.worker_name is over 256 characters/);

    const call = protoConnect(address);
    const replies: number[] = [];
    call.on('data', (frame: ConnectResponse__Output) => {
      for (const reply of frame.replies ?? []) replies.push(reply.request_id ?? 0);
    });
    call.on('error', () => undefined);
    call.write({ hello: { worker_name: 'noisy', instance_id: 'n1', protocol_version: 1, api_only: true } });
    // Commands without a kind: each gets its error reply.
    call.write({ commands: Array.from({ length: 5000 }, (_, i) => ({ request_id: i + 1 })) });
    await eventually(() => assert.equal(replies.length, 5000));
    const lines = cluster.logs.lines.filter((line) => line.includes('from worker noisy:0 rejected'));
    assert.equal(lines.length, 10 + 5);
    assert.match(lines.at(-1)!, /\(5000 rejected so far\)/);
    assert.ok(
      cluster.logs.lines.every((line) => line.length < 1000),
      'no huge log line',
    );
    call.cancel();
  });

  it('a frame of 200,000 commands is applied over many turns: other clients are served meanwhile', async () => {
    cluster = await Cluster.start({ events: echo });
    const client = await cluster.connect();
    const [state] = cluster.gateways[0]!.connections();
    const { connectionId } = decodeClientId(state!.clientId);
    const send = (text: string) => ({ send: { connection_ids: [connectionId], data: Buffer.from(text) } });
    const queries = Array.from({ length: 200_000 }, (_, i) => ({ request_id: i + 1, client_count: {} }));
    // Seeing 'first', the client sends a message: its echo needs the Gateway's loop while the frame runs.
    client.ws.once('message', () => client.send('meanwhile'));
    const call = protoConnect(cluster.gateways[0]!.lanAddressOf());
    call.on('data', () => undefined);
    call.on('error', () => undefined);
    call.write({ hello: { worker_name: 'bulk', instance_id: 'b1', protocol_version: 1, api_only: true } });
    call.write({ commands: [send('first'), ...queries, send('last')] });
    assert.deepEqual(await client.take(3, 15_000), ['first', 'meanwhile', 'last']);
    call.cancel();
  });
});
