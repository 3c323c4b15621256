import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as descriptor from 'protobufjs/ext/descriptor';
import { apiEvents } from '../fixtures/api-events';
import { Cluster } from '../helpers/cluster';
import { findGrpcurl, grpcurl } from '../helpers/grpcurl';
import type { TestClient } from '../helpers/ws-client';

/** Every message and service name in our protos (from the descriptor set that reflection serves). */
function allSymbols(): { services: string[]; messages: string[] } {
  const set = descriptor.FileDescriptorSet.decode(
    readFileSync(path.resolve(__dirname, '../../../src/rpc/generated/descriptors.binpb')),
  ) as unknown as {
    file: Array<{
      package: string;
      messageType?: Array<{ name: string }>;
      service?: Array<{ name: string }>;
    }>;
  };
  const services: string[] = [];
  const messages: string[] = [];
  for (const file of set.file) {
    for (const m of file.messageType ?? []) messages.push(`${file.package}.${m.name}`);
    for (const s of file.service ?? []) services.push(`${file.package}.${s.name}`);
  }
  return { services, messages };
}

describe('grpcurl against a live cluster (reflection, health, unary calls)', function () {
  this.timeout(60_000);
  const binary = findGrpcurl();
  let cluster: Cluster;
  let gateway: string;
  let register: string;

  before(function () {
    if (binary) return;
    if (process.env.CI) throw new Error('grpcurl is missing: .ci/run installs it with go install');
    this.skip();
  });
  beforeEach(async () => {
    cluster = await Cluster.start({ events: apiEvents });
    gateway = cluster.gateways[0]!.lanAddressOf();
    register = cluster.registerAddress;
  });
  afterEach(() => cluster.close());

  const run = (...args: string[]): Promise<string> => grpcurl(binary!, args);

  it('lists the services of a Gateway and of the Register', async () => {
    assert.deepEqual((await run(gateway, 'list')).trim().split('\n'), [
      'gatewayworker.v1.Gateway',
      'grpc.health.v1.Health',
    ]);
    assert.deepEqual((await run(register, 'list')).trim().split('\n'), [
      'gatewayworker.v1.Cluster',
      'gatewayworker.v1.Register',
      'grpc.health.v1.Health',
    ]);
  });

  it('describes every service and every message, with comments', async () => {
    const gatewayDescription = await run(gateway, 'describe', 'gatewayworker.v1.Gateway');
    assert.match(
      gatewayDescription,
      /rpc Connect \( stream \.gatewayworker\.v1\.ConnectRequest \) returns \( stream/,
    );
    assert.match(gatewayDescription, /rpc SendToGroup/);
    assert.match(gatewayDescription, /\/\/ Sends a message to every member of any of the groups/);
    assert.match(await run(gateway, 'describe', 'grpc.health.v1.Health'), /rpc Check/);
    const { services, messages } = allSymbols();
    const symbols = [...services, ...messages];
    assert.ok(symbols.length > 80, `found ${symbols.length} symbols`);
    for (let i = 0; i < symbols.length; i += 8) {
      const batch = symbols.slice(i, i + 8);
      const target = (symbol: string): string => (symbol.includes('.Register') ? register : gateway);
      const outputs = await Promise.all(batch.map((symbol) => run(target(symbol), 'describe', symbol)));
      outputs.forEach((out, j) =>
        assert.match(out, new RegExp(`${batch[j]!.split('.').pop()!} is a (message|service)`)),
      );
    }
  });

  it('ListGateways on the Register and a health check', async () => {
    const list = JSON.parse(await run(register, 'gatewayworker.v1.Register/ListGateways')) as {
      gateways: Array<{ address: string }>;
    };
    assert.deepEqual(
      list.gateways.map((g) => g.address),
      [gateway],
    );
    assert.deepEqual(JSON.parse(await run(gateway, 'grpc.health.v1.Health/Check')), { status: 'SERVING' });
    assert.deepEqual(
      JSON.parse(
        await run('-d', '{"service":"gatewayworker.v1.Gateway"}', gateway, 'grpc.health.v1.Health/Check'),
      ),
      {
        status: 'SERVING',
      },
    );
    assert.deepEqual(JSON.parse(await run(register, 'grpc.health.v1.Health/Check')), { status: 'SERVING' });
  });

  it('unary calls change what WebSocket clients see: SendToAll, JoinGroup, SendToGroup, GetSession', async () => {
    const a: TestClient = await cluster.connect();
    const b: TestClient = await cluster.connect();
    const idOf = async (c: TestClient): Promise<string> => {
      c.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
      return (JSON.parse(await c.next()) as { result: string }).result;
    };
    const [A, B] = [await idOf(a), await idOf(b)];
    await run('-d', '{"text":"hello everyone"}', gateway, 'gatewayworker.v1.Gateway/SendToAll');
    assert.equal(await a.next(), 'hello everyone');
    assert.equal(await b.next(), 'hello everyone');
    await run(
      '-d',
      JSON.stringify({ client_id: B, group: 'room' }),
      gateway,
      'gatewayworker.v1.Gateway/JoinGroup',
    );
    await run(
      '-d',
      '{"groups":["room"],"text":"room only"}',
      gateway,
      'gatewayworker.v1.Gateway/SendToGroup',
    );
    assert.equal(await b.next(), 'room only');
    await run(
      '-d',
      JSON.stringify({ client_id: A, session_json: '{"name":"alice"}' }),
      gateway,
      'gatewayworker.v1.Gateway/SetSession',
    );
    const session = JSON.parse(
      await run('-d', JSON.stringify({ client_id: A }), gateway, 'gatewayworker.v1.Gateway/GetSession'),
    ) as {
      found: boolean;
      sessionJson: string;
    };
    assert.equal(session.found, true);
    assert.deepEqual(JSON.parse(session.sessionJson), { name: 'alice' });
    await run(
      '-d',
      JSON.stringify({ client_ids: [A], text: 'only a' }),
      gateway,
      'gatewayworker.v1.Gateway/SendToAll',
    );
    assert.equal(await a.next(), 'only a');
    await assert.rejects(
      run('-d', '{"client_id":"nope","text":"x"}', gateway, 'gatewayworker.v1.Gateway/SendToClient'),
      /InvalidArgument.*GW_ERR_INVALID_CLIENT_ID/s,
    );
  });

  it('the Register serves the whole cluster: describe, health, a command and a query across two Gateways', async () => {
    const description = await run(register, 'describe', 'gatewayworker.v1.Cluster');
    assert.match(description, /gatewayworker\.v1\.Cluster is a service/);
    assert.match(description, /rpc SendToUid \( \.gatewayworker\.v1\.SendToUidRequest \)/);
    assert.match(description, /rpc GetAllClientCount/);
    assert.deepEqual(
      JSON.parse(
        await run('-d', '{"service":"gatewayworker.v1.Cluster"}', register, 'grpc.health.v1.Health/Check'),
      ),
      { status: 'SERVING' },
    );
    await cluster.addGateway();
    await cluster.waitForMesh();
    const clients = [await cluster.connect(0), await cluster.connect(1)];
    const ids = await Promise.all(
      clients.map(async (c) => {
        c.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
        return (JSON.parse(await c.next()) as { result: string }).result;
      }),
    );
    for (const id of ids) {
      await run(
        '-d',
        JSON.stringify({ client_id: id, uid: 'u1' }),
        register,
        'gatewayworker.v1.Cluster/BindUid',
      );
    }
    await run(
      '-d',
      '{"uids":["u1"],"text":"to u1 everywhere"}',
      register,
      'gatewayworker.v1.Cluster/SendToUid',
    );
    for (const c of clients) assert.equal(await c.next(), 'to u1 everywhere');
    assert.deepEqual(JSON.parse(await run(register, 'gatewayworker.v1.Cluster/GetAllClientCount')), {
      count: 2,
    });
  });
});
