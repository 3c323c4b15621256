import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { apiEvents } from '../fixtures/api-events';
import { Cluster } from '../helpers/cluster';
import { eventually } from '../helpers/wait';
import { unaryClient } from '../helpers/unary-client';
import type { TestClient } from '../helpers/ws-client';

/** Calls a unary RPC of the Gateway service by name, as grpcurl would. */
const rpcClient = (address: string): ReturnType<typeof unaryClient> => unaryClient(address, 'Gateway');

describe('Gateway unary RPCs (per-gateway API, as grpcurl calls it)', () => {
  let cluster: Cluster;
  let g0: ReturnType<typeof rpcClient>;
  let x: TestClient, y: TestClient, other: TestClient;
  let X: string, Y: string, OTHER: string;

  beforeEach(async () => {
    cluster = await Cluster.start({ gateways: 2, events: apiEvents });
    x = await cluster.connect(0);
    y = await cluster.connect(0);
    other = await cluster.connect(1);
    const whoami = async (c: TestClient): Promise<string> => {
      c.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
      return (JSON.parse(await c.next()) as { result: string }).result;
    };
    [X, Y, OTHER] = [await whoami(x), await whoami(y), await whoami(other)];
    g0 = rpcClient(cluster.gateways[0]!.lanAddressOf());
  });
  afterEach(async () => {
    g0?.close();
    await cluster.close();
  });

  it("SendToAll, SendToClient with text and binary payloads reach this gateway's clients only", async () => {
    await g0.call('SendToAll')({ text: 'to gateway 0' });
    assert.equal(await x.next(), 'to gateway 0');
    assert.equal(await y.next(), 'to gateway 0');
    await g0.call('SendToClient')({ client_id: X, binary: Buffer.from([1, 2, 3]) });
    const got = await x.nextRaw();
    assert.equal(got.binary, true);
    assert.deepEqual([...(got.data as Buffer)], [1, 2, 3]);
    await g0.call('SendToAll')({ text: 'not y', exclude_client_ids: [Y] });
    await g0.call('SendToAll')({ text: 'listed', client_ids: [Y, OTHER] });
    assert.equal(await x.next(), 'not y');
    assert.equal(await y.next(), 'listed');
    await cluster.workers[0]!.gateway.sendToClient(OTHER, 'sync');
    assert.equal(await other.next(), 'sync', 'gateway 1 clients got nothing from gateway 0');
  });

  it('uids and groups: BindUid, SendToUid, JoinGroup, SendToGroup and the queries', async () => {
    await g0.call('BindUid')({ client_id: X, uid: 'u1' });
    await g0.call('JoinGroup')({ client_id: X, group: 'g' });
    await g0.call('JoinGroup')({ client_id: Y, group: 'g' });
    await g0.call('JoinGroup')({ client_id: Y, group: 'h' });
    assert.deepEqual(await g0.call('IsUidOnline')({ uid: 'u1' }), { online: true });
    assert.deepEqual(await g0.call('GetClientIdByUid')({ uid: 'u1' }), { client_ids: [X] });
    assert.deepEqual(await g0.call('GetUidByClientId')({ client_id: X }), { uid: 'u1' });
    assert.deepEqual(await g0.call('GetClientCountByGroup')({ group: 'g' }), { count: 2 });
    assert.deepEqual((await g0.call('GetClientIdListByGroup')({ groups: ['g'] })).client_ids, [X, Y]);
    assert.deepEqual(await g0.call('GetUidListByGroup')({ groups: ['g'] }), { uids: ['u1'] });
    assert.deepEqual(await g0.call('GetAllGroupIdList')({}), { groups: ['g', 'h'] });
    assert.deepEqual(await g0.call('GetAllGroupClientIdCount')({}), {
      groups: [
        { group: 'g', count: 2 },
        { group: 'h', count: 1 },
      ],
    });
    assert.deepEqual(await g0.call('GetAllUidCount')({}), { count: 1 });
    await g0.call('SendToUid')({ uids: ['u1'], text: 'to u1' });
    assert.equal(await x.next(), 'to u1');
    await g0.call('SendToGroup')({ groups: ['g', 'h'], text: 'to groups', exclude_client_ids: [X] });
    assert.equal(await y.next(), 'to groups');
    await g0.call('Ungroup')({ group: 'g' });
    assert.deepEqual(await g0.call('GetClientCountByGroup')({ group: 'g' }), { count: 0 });
    await g0.call('UnbindUid')({ client_id: X });
    assert.deepEqual(await g0.call('IsUidOnline')({ uid: 'u1' }), { online: false });
  });

  it('sessions: SetSession, UpdateSession, GetSession; the worker sees the change', async () => {
    await g0.call('SetSession')({ client_id: X, session_json: '{"a":{"x":1},"b":1}' });
    await g0.call('UpdateSession')({ client_id: X, session_json: '{"a":{"y":2}}' });
    const { found, session_json } = await g0.call('GetSession')({ client_id: X });
    assert.equal(found, true);
    assert.deepEqual(JSON.parse(session_json as string), { a: { x: 1, y: 2 }, b: 1 });
    assert.deepEqual(await cluster.workers[0]!.gateway.getSession(X), { a: { x: 1, y: 2 }, b: 1 });
    const sessions = (await g0.call('GetAllClientSessions')({})).sessions as Array<{
      client_id: string;
      session_json: string;
    }>;
    assert.deepEqual(
      sessions.map((s) => [s.client_id, JSON.parse(s.session_json)]),
      [
        [X, { a: { x: 1, y: 2 }, b: 1 }],
        [Y, {}],
      ],
    );
    await assert.rejects(g0.call('SetSession')({ client_id: X, session_json: '[1]' }), {
      code: grpc.status.INVALID_ARGUMENT,
      details: /GW_ERR_INVALID_ARGUMENT: session must be a JSON object/,
    });
  });

  it('CloseClient with a message and DestroyClient; IsOnline and GetSession turn false', async () => {
    await g0.call('CloseClient')({ client_id: X, text: 'bye' });
    assert.equal(await x.next(), 'bye');
    await x.waitClosed();
    await g0.call('DestroyClient')({ client_id: Y });
    await y.waitClosed();
    await eventually(async () =>
      assert.deepEqual(await g0.call('IsOnline')({ client_id: X }), { online: false }),
    );
    assert.deepEqual(await g0.call('GetSession')({ client_id: Y }), { found: false });
    assert.deepEqual(await g0.call('GetAllClientCount')({}), { count: 0 });
  });

  it("bad input gets a clear status: malformed id, another gateway's client, empty uid or group", async () => {
    await assert.rejects(g0.call('SendToClient')({ client_id: 'abc', text: 'x' }), {
      code: grpc.status.INVALID_ARGUMENT,
      details: /GW_ERR_INVALID_CLIENT_ID: client id "abc" is invalid/,
    });
    await assert.rejects(g0.call('IsOnline')({ client_id: OTHER }), {
      code: grpc.status.FAILED_PRECONDITION,
      details: /GW_ERR_WRONG_GATEWAY: client [0-9a-f]{20} belongs to gateway/,
    });
    await assert.rejects(g0.call('BindUid')({ client_id: X, uid: '' }), {
      details: /GW_ERR_INVALID_ARGUMENT: uid must be a non-empty string/,
    });
    await assert.rejects(g0.call('JoinGroup')({ client_id: X, group: '' }), {
      details: /GW_ERR_INVALID_ARGUMENT: group must be a non-empty string/,
    });
    await g0.call('SendToClient')({ client_id: X, binary: Buffer.from([0xff]) }); // not UTF-8, but binary: fine
    assert.deepEqual([...((await x.nextRaw()).data as Buffer)], [0xff]);
  });
});
