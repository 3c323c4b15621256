import { strict as assert } from 'node:assert';
import * as protoLoader from '@grpc/proto-loader';
import fc from 'fast-check';
import {
  eventEnums,
  fastConnectRequestDeserializer,
  fastConnectRequestSerializer,
  fastConnectResponseDeserializer,
  fastConnectResponseSerializer,
} from '../../src/rpc/connect-codec';
import { LOADER_OPTIONS, PROTO_FILES, loadProtos } from '../../src/rpc/load';
import type { Command } from '../../src/rpc/generated/gatewayworker/v1/Command';
import type {
  ConnectRequest,
  ConnectRequest__Output,
} from '../../src/rpc/generated/gatewayworker/v1/ConnectRequest';
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
    ConnectRequest__Output,
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

describe('Connect codec (Gateway side)', () => {
  const { connect: plainCodec, definition } = plainConnect();
  const enums = eventEnums(definition);
  const fastEncode = fastConnectResponseSerializer(plainCodec.responseSerialize, enums);
  let fallbacks = 0;
  const fastDecode = fastConnectRequestDeserializer((wire) => {
    fallbacks += 1;
    return plainCodec.requestDeserialize(wire);
  });

  const typeName = fc.constantFrom(...enums.eventTypes.values());
  const reasonName = fc.constantFrom(...enums.closeReasons.values());
  // What the Gateway sends (enum names, Buffers), and what proto-loader also takes (numbers, strings).
  const event: fc.Arbitrary<ClientEvent> = fc.record(
    {
      type: fc.oneof(typeName, fc.nat({ max: 7 }), fc.constant('NOT_A_TYPE')),
      connection_id: fc.oneof(id, fc.constant(-1)),
      data: fc.oneof(bytes, bytes, fc.base64String({ maxLength: 8 })),
      binary: fc.boolean(),
      session: bytes,
      session_seq: id,
      close_reason: fc.oneof(reasonName, fc.nat({ max: 12 })),
      client: fc.record({ remote_address: fc.string(), remote_port: fc.nat({ max: 65535 }) }),
      handshake: fc.record({ url: fc.string() }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<ClientEvent>;
  const plainEvent = fc.record(
    { type: typeName, connection_id: id, data: bytes, binary: fc.boolean(), close_reason: reasonName },
    { requiredKeys: ['type', 'connection_id'] },
  ) as fc.Arbitrary<ClientEvent>;
  const response: fc.Arbitrary<ConnectResponse> = fc.record(
    {
      welcome: fc.record({ instance_id: fc.string(), name: fc.string() }),
      events: fc.array(fc.oneof(plainEvent, plainEvent, event), { maxLength: 10 }),
      replies: fc.array(fc.record({ request_id: id, count: fc.nat() }), { maxLength: 2 }),
      drained: fc.boolean(),
    },
    { requiredKeys: ['events'] },
  );

  it('writes the same bytes as proto-loader for any frame of events, replies, welcome and drained', () => {
    fc.assert(
      fc.property(response, (r) => {
        assert.deepEqual(fastEncode(r), plainCodec.responseSerialize(r));
      }),
      { seed: 31, numRuns: 500 },
    );
  });

  it('reads command frames into the same objects as proto-loader, whatever they hold', () => {
    const sendsOnly = fc.record({
      commands: fc.array(
        send.map((s) => ({ send: s })),
        { minLength: 1, maxLength: 10 },
      ),
    });
    fallbacks = 0;
    fc.assert(
      fc.property(fc.oneof(request, sendsOnly), (r) => {
        const wire = plainCodec.requestSerialize(r);
        assert.deepEqual(fastDecode(wire), plainCodec.requestDeserialize(wire));
      }),
      { seed: 32, numRuns: 500 },
    );
    // Both paths ran: frames of sends only without proto-loader, the others with it.
    assert.ok(fallbacks > 100 && fallbacks < 400, `${fallbacks} of 500 frames fell back`);
  });

  it('reads connection ids sent unpacked (as protobuf allows) and an empty payload as proto-loader does', () => {
    // commands { send { connection_ids: 5 (unpacked), connection_ids: 300 (unpacked), data: "" , binary: true } }
    const send = Buffer.from([0x08, 0x05, 0x08, 0xac, 0x02, 0x12, 0x00, 0x18, 0x01]);
    const wire = Buffer.concat([Buffer.from([0x12, send.length + 2, 0x12, send.length]), send]);
    const decoded = fastDecode(wire);
    assert.deepEqual(decoded, plainCodec.requestDeserialize(wire));
    assert.deepEqual(decoded.commands?.[0]?.send?.connection_ids, [5, 300]);
  });

  it('is what the loaded Connect method uses on the Gateway side', () => {
    const service = loadProtos().definition['gatewayworker.v1.Gateway'] as protoLoader.ServiceDefinition;
    const connect = service.Connect as protoLoader.MethodDefinition<
      ConnectRequest,
      ConnectResponse,
      ConnectRequest,
      ConnectResponse__Output
    >;
    const r: ConnectResponse = {
      events: [
        { type: 'CLIENT_EVENT_TYPE_MESSAGE', connection_id: 9, data: Buffer.from('hi'), binary: false },
      ],
    };
    assert.deepEqual(connect.responseSerialize(r), plainCodec.responseSerialize(r));
    const request: ConnectRequest = {
      commands: [{ send: { connection_ids: [9], data: Buffer.from('hi') } }],
    };
    assert.deepEqual(
      connect.requestDeserialize(plainCodec.requestSerialize(request)),
      plainCodec.requestDeserialize(plainCodec.requestSerialize(request)),
    );
  });

  it('refuses a truncated command frame as proto-loader does', () => {
    const wire = plainCodec.requestSerialize({
      commands: [{ send: { connection_ids: [1, 300], data: Buffer.from('hello'), binary: true } }],
    });
    for (let cut = 1; cut < wire.length; cut++) {
      const part = wire.subarray(0, cut);
      assert.throws(() => plainCodec.requestDeserialize(part));
      assert.throws(() => fastDecode(part));
    }
  });
});
