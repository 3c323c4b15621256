import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { apiEvents } from '../fixtures/api-events';
import { freePorts } from '../helpers/cli-process';
import { Cluster } from '../helpers/cluster';
import { announceGateway, startFakeGateway } from '../helpers/fake-gateway';
import { unaryClient } from '../helpers/unary-client';
import type { TestClient } from '../helpers/ws-client';

/** gatewayworker.v1.Cluster on the Register: fan-out and merging done by the server. */
describe('Cluster service (the whole cluster in one call, served by the Register)', function () {
  this.timeout(30_000);
  let cluster: Cluster;
  let rpc: ReturnType<typeof unaryClient>;
  let clients: TestClient[];
  let ids: string[];

  beforeEach(async () => {
    cluster = await Cluster.start({ gateways: 2, events: apiEvents });
    clients = [await cluster.connect(0), await cluster.connect(1), await cluster.connect(1)];
    ids = await Promise.all(
      clients.map(async (c) => {
        c.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
        return (JSON.parse(await c.next()) as { result: string }).result;
      }),
    );
    rpc = unaryClient(cluster.registerAddress, 'Cluster');
  });
  afterEach(async () => {
    rpc?.close();
    await cluster.close();
  });

  it('merges the answers of every Gateway and routes calls on a client to its own Gateway', async () => {
    assert.deepEqual(await rpc.call('GetAllClientCount')({}), { count: 3 });
    assert.deepEqual(
      ((await rpc.call('GetAllClientIdList')({})).client_ids as string[]).sort(),
      [...ids].sort(),
    );
    // A client of Gateway 1 through the Register: no "wrong gateway" as on a Gateway's own service.
    await rpc.call('JoinGroup')({ client_id: ids[0], group: 'room' });
    await rpc.call('JoinGroup')({ client_id: ids[2], group: 'room' });
    await rpc.call('BindUid')({ client_id: ids[2], uid: 'bob' });
    assert.deepEqual(await rpc.call('GetClientCountByGroup')({ group: 'room' }), { count: 2 });
    assert.deepEqual(await rpc.call('GetUidByClientId')({ client_id: ids[2] }), { uid: 'bob' });
    await rpc.call('SendToGroup')({ groups: ['room'], text: 'to the room', exclude_client_ids: [ids[0]] });
    await rpc.call('SendToAll')({ text: 'END' });
    assert.deepEqual(await clients[0]!.take(1), ['END']);
    assert.deepEqual(await clients[1]!.take(1), ['END']);
    assert.deepEqual(await clients[2]!.take(2), ['to the room', 'END']);
  });

  it('bad input gets a clear status', async () => {
    await assert.rejects(rpc.call('SendToClient')({ client_id: 'abc', text: 'x' }), {
      code: grpc.status.INVALID_ARGUMENT,
      details: /GW_ERR_INVALID_CLIENT_ID/,
    });
    await assert.rejects(rpc.call('IsUidOnline')({ uid: '' }), {
      code: grpc.status.INVALID_ARGUMENT,
      details: /GW_ERR_INVALID_ARGUMENT: uid must be a non-empty string/,
    });
  });

  it('a listed Gateway that cannot be reached fails a query with UNAVAILABLE naming it, never a partial answer', async () => {
    assert.deepEqual(await rpc.call('GetAllClientCount')({}), { count: 3 });
    // Announce a Gateway at an address where nothing listens: the Register lists it.
    const ghost = `127.0.0.1:${(await freePorts(1))[0]}`;
    const unlist = await announceGateway(cluster.registerAddress, ghost, 'ghost');
    try {
      await assert.rejects(rpc.call('GetAllClientCount')({}), (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.UNAVAILABLE);
        assert.match(err.details, new RegExp(`GW_ERR_GATEWAY_UNAVAILABLE: .*gateway\\(?s?\\)? ${ghost}`));
        return true;
      });
    } finally {
      unlist();
    }
  });

  it('a Gateway that is connected but does not answer fails a query with DEADLINE_EXCEEDED naming it', async function () {
    this.timeout(30_000);
    assert.deepEqual(await rpc.call('GetAllClientCount')({}), { count: 3 });
    // A "Gateway" that welcomes streams and then answers nothing, announced to the Register.
    const mute = await startFakeGateway(cluster.registerAddress, 'never');
    const { address } = mute;
    try {
      const started = Date.now();
      await assert.rejects(rpc.call('GetAllClientCount')({}), (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.DEADLINE_EXCEEDED, err.details);
        assert.match(err.details, new RegExp(`GW_ERR_GATEWAY_TIMEOUT: gateway ${address} did not answer`));
        return true;
      });
      assert.ok(Date.now() - started < 10_000);
    } finally {
      mute.stop();
    }
  });

  it('works when the Register listens on every interface (0.0.0.0)', async () => {
    const wide = new Cluster();
    try {
      await wide.startRegister('0.0.0.0:0');
      await wide.addGateway();
      await wide.addWorker(apiEvents);
      await wide.waitForMesh();
      await wide.connect(0);
      const port = wide.registerAddress.split(':').pop()!;
      const wideRpc = unaryClient(`127.0.0.1:${port}`, 'Cluster');
      try {
        assert.deepEqual(await wideRpc.call('GetAllClientCount')({}), { count: 1 });
      } finally {
        wideRpc.close();
      }
    } finally {
      await wide.close();
    }
  });
});
