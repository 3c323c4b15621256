import { strict as assert } from 'node:assert';
import * as http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { Register } from '../../src/index';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import { MemoryLogger } from '../helpers/logs';
import { eventually, within } from '../helpers/wait';

/**
 * A gRPC call over plain HTTP/2 that writes `messages` (already serialized) and never reads: no
 * flow-control credit goes back to the server, as from a peer that is stuck or hostile.
 */
function nonReadingCall(address: string, path: string, messages: Buffer[]): () => void {
  const session = http2.connect(`http://${address}`);
  session.on('error', () => undefined);
  const stream = session.request({
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  stream.on('error', () => undefined);
  stream.pause();
  stream.write(
    Buffer.concat(
      messages.flatMap((message) => {
        const header = Buffer.alloc(5);
        header.writeUInt32BE(message.length, 1);
        return [header, message];
      }),
    ),
  );
  return () => session.destroy();
}

describe('hostile mesh peers (real gRPC)', () => {
  const stops: Array<() => unknown> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  it('an Announce stream that never reads its answers stops being read; the Register serves on', async () => {
    const register = new Register({ listen: '127.0.0.1:0', logger: new MemoryLogger() });
    await register.start();
    stops.push(() => register.stop());
    const { proto, definition } = loadProtos();
    const announce = (definition['gatewayworker.v1.Register'] as grpc.ServiceDefinition).Announce!;
    // Two addresses in turn: every announcement read changes the list (its version goes up by 1 or 2).
    const sent = 20_000;
    const messages = Array.from({ length: sent }, (_, i) =>
      announce.requestSerialize({ gateway: { address: `127.0.0.9:${9000 + (i % 2)}`, instance_id: 'x' } }),
    );
    stops.push(nonReadingCall(register.address(), '/gatewayworker.v1.Register/Announce', messages));
    const client = new proto.gatewayworker.v1.Register(
      register.address(),
      grpc.credentials.createInsecure(),
      CLIENT_OPTIONS,
    );
    stops.push(() => client.close());
    const version = (): Promise<number> =>
      new Promise((resolve, reject) =>
        client.ListGateways({}, (err, reply) => (err ? reject(err) : resolve(Number(reply?.version)))),
      );
    // Read until the version holds still for 200 ms: the Register has read all it will.
    let last = -1;
    const settled = await eventually(async () => {
      const now = await version();
      const before = last;
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(now, before);
      return now;
    }, 15_000);
    assert.ok(settled > 0, 'some announcements were read');
    assert.ok(settled < sent / 2, `list version ${settled} after ${sent} announcements from a non-reader`);
  });

  it('refuses announcements with a bad address or an oversized field, with a short reason; lists none', async () => {
    const logger = new MemoryLogger();
    const register = new Register({ listen: '127.0.0.1:0', logger });
    await register.start();
    stops.push(() => register.stop());
    const client = new (loadProtos().proto.gatewayworker.v1.Register)(
      register.address(),
      grpc.credentials.createInsecure(),
      CLIENT_OPTIONS,
    );
    stops.push(() => client.close());
    const cases = [
      { gateway: { address: '::1:80' }, reason: /"::1:80" must be "ipv4:port"/ },
      { gateway: { address: 'a'.repeat(100_000) }, reason: /address has 100000 characters, over the limit/ },
      {
        gateway: { address: '127.0.0.1:9000', name: 'n'.repeat(1_000_000) },
        reason: /name has 1000000 characters, over the limit of 4096/,
      },
      { gateway: undefined, reason: /has no gateway/ },
    ];
    for (const { gateway, reason } of cases) {
      const call = client.Announce();
      const status = within(
        new Promise<grpc.StatusObject>((resolve) => {
          call.on('error', () => undefined);
          call.on('status', resolve);
        }),
        5000,
        'the refusal',
      );
      call.write({ gateway });
      const { code, details } = await status;
      assert.equal(code, grpc.status.INVALID_ARGUMENT);
      assert.match(details, reason);
      assert.ok(details.length < 200, `a short reason: ${details.length} characters`);
    }
    assert.equal(register.gatewayCount, 0);
    assert.ok(
      logger.lines.every((line) => line.length < 300),
      'no huge log line',
    );
  });
});
