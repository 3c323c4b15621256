import { strict as assert } from 'node:assert';
import * as protoLoader from '@grpc/proto-loader';
import fc from 'fast-check';
import {
  eventEnums,
  fastConnectRequestSerializer,
  fastConnectResponseDeserializer,
} from '../../src/rpc/connect-codec';
import { LOADER_OPTIONS, PROTO_FILES, loadProtos } from '../../src/rpc/load';
import type { Command } from '../../src/rpc/generated/gatewayworker/v1/Command';
import type { ConnectRequest } from '../../src/rpc/generated/gatewayworker/v1/ConnectRequest';
import type { ClientEvent } from '../../src/rpc/generated/gatewayworker/v1/ClientEvent';
import type {
  ConnectResponse,
  ConnectResponse__Output,
} from '../../src/rpc/generated/gatewayworker/v1/ConnectResponse';

/** proto-loader's own Connect codec, from a fresh load (loadProtos() has the fast one installed). */
function plainConnect() {
  const definition = protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS);
  const service = definition['gatewayworker.v1.Gateway'] as protoLoader.ServiceDefinition;
  const connect = service.Connect as protoLoader.MethodDefinition<
    ConnectRequest,
    ConnectResponse,
    ConnectRequest,
    ConnectResponse__Output
  >;
  return { connect, definition };
}

const id = fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 0xffffffff }));
const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
const send = fc.record(
  { connection_ids: fc.array(id, { maxLength: 5 }), data: bytes, binary: fc.boolean() },
  { requiredKeys: [] },
);
const command: fc.Arbitrary<Command> = fc.oneof(
  send.map((s) => ({ send: s })),
  fc.record({ request_id: fc.nat({ max: 1000 }), send }),
  fc.record({
    broadcast: fc.record({ data: bytes, exclude_connection_ids: fc.array(id, { maxLength: 3 }) }),
  }),
  fc.record({
    session: fc.record({
      connection_id: id,
      op: fc.constantFrom('SESSION_OP_PATCH' as const, 'SESSION_OP_MERGE' as const),
      json: bytes,
      unset_keys: fc.array(fc.string(), { maxLength: 2 }),
      seq: fc.nat(),
    }),
  }),
  fc.record({
    send: fc.record({
      connection_ids: fc.array(id, { maxLength: 2 }),
      data: fc.base64String({ maxLength: 12 }),
    }),
  }),
);
const request: fc.Arbitrary<ConnectRequest> = fc.record(
  {
    hello: fc.record({ worker_name: fc.string(), worker_index: fc.nat({ max: 9 }) }),
    commands: fc.array(command, { maxLength: 12 }),
    drain: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('Connect codec (worker side)', () => {
  const { connect: plainCodec, definition } = plainConnect();
  const plain = plainCodec.requestSerialize;
  const fast = fastConnectRequestSerializer(plain);

  it('writes the same bytes as proto-loader for any mix of sends, other commands, hello and drain', () => {
    fc.assert(
      fc.property(request, (r) => {
        assert.deepEqual(fast(r), plain(r));
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('is what the loaded Connect method uses, and the Gateway decodes it as sent', () => {
    const service = loadProtos().definition['gatewayworker.v1.Gateway'] as protoLoader.ServiceDefinition;
    const connect = service.Connect as protoLoader.MethodDefinition<ConnectRequest, unknown>;
    const r: ConnectRequest = {
      commands: [
        { send: { connection_ids: [1, 300, 0xffffffff], data: Buffer.from('hi'), binary: false } },
        { request_id: 4, is_online: { connection_id: 9 } },
        { send: { connection_ids: [2], data: Buffer.alloc(200, 7), binary: true } },
      ],
    };
    const wire = connect.requestSerialize(r);
    assert.deepEqual(wire, plain(r));
    const decoded = connect.requestDeserialize(wire) as ConnectRequest;
    assert.deepEqual(decoded.commands?.[0]?.send?.connection_ids, [1, 300, 0xffffffff]);
    assert.deepEqual(decoded.commands?.[2]?.send?.data, Buffer.alloc(200, 7));
    assert.equal(decoded.commands?.[1]?.request_id, 4);
  });

  const fastDecode = fastConnectResponseDeserializer(plainCodec.responseDeserialize, eventEnums(definition));
  const event: fc.Arbitrary<ClientEvent> = fc.record(
    {
      // Numbers past the declared values too: both leave those as numbers.
      type: fc.nat({ max: 7 }),
      connection_id: id,
      data: bytes,
      binary: fc.boolean(),
      session: bytes,
      session_seq: id,
      close_reason: fc.nat({ max: 12 }),
      client: fc.record({ remote_address: fc.string(), remote_port: fc.nat({ max: 65535 }) }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<ClientEvent>;
  const response: fc.Arbitrary<ConnectResponse> = fc.oneof(
    fc.record({ events: fc.array(event, { maxLength: 10 }) }),
    fc.record(
      {
        events: fc.array(event, { maxLength: 3 }),
        replies: fc.array(fc.record({ request_id: id, count: fc.nat() }), { maxLength: 2 }),
        drained: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  );

  it('reads event frames into the same objects as proto-loader, whatever they hold', () => {
    fc.assert(
      fc.property(response, (r) => {
        const wire = plainCodec.responseSerialize(r);
        assert.deepEqual(fastDecode(wire), plainCodec.responseDeserialize(wire));
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  it('refuses a truncated frame as proto-loader does', () => {
    const wire = plainCodec.responseSerialize({
      events: [{ type: 2, connection_id: 300, data: Buffer.from('hello') }],
    });
    for (let cut = 1; cut < wire.length; cut++) {
      const part = wire.subarray(0, cut);
      assert.throws(() => plainCodec.responseDeserialize(part));
      assert.throws(() => fastDecode(part));
    }
  });
});
