import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { BusinessWorker, GatewayClient, GatewayWorkerError } from '../../src/index';
import type { SessionData } from '../../src/session';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import { SECRET_METADATA_KEY } from '../../src/rpc/secret-key';
import { echoEvents } from '../fixtures/echo-events';
import { Cluster } from '../helpers/cluster';
import { findGrpcurl, grpcurl } from '../helpers/grpcurl';
import { MemoryLogger } from '../helpers/logs';
import { eventually } from '../helpers/wait';

const KEY = 'k-3f9a2c';
const secure = { secretKey: KEY };

/** Metadata carrying `key` (none when undefined). */
function withKey(key?: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (key !== undefined) metadata.set(SECRET_METADATA_KEY, key);
  return metadata;
}

type Kind = 'unary' | 'server-stream' | 'bidi';
const identity = (b: Buffer): Buffer => b;

/**
 * Calls `path` with an empty message, as any gRPC client could, and resolves with the final status
 * (OK as soon as a stream answers with a message).
 */
function rawCall(
  address: string,
  path: string,
  kind: Kind,
  metadata: grpc.Metadata,
): Promise<{ code: grpc.status; details: string }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), CLIENT_OPTIONS);
  return new Promise<{ code: grpc.status; details: string }>((resolve) => {
    if (kind === 'unary') {
      client.makeUnaryRequest(path, identity, identity, Buffer.alloc(0), metadata, (err) =>
        resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '' }),
      );
      return;
    }
    const call =
      kind === 'bidi'
        ? client.makeBidiStreamRequest(path, identity, identity, metadata)
        : client.makeServerStreamRequest(path, identity, identity, Buffer.alloc(0), metadata);
    call.on('data', () => {
      resolve({ code: grpc.status.OK, details: '' });
      call.cancel();
    });
    call.on('error', () => undefined);
    call.on('status', (status: grpc.StatusObject) => resolve(status));
  }).finally(() => client.close());
}

async function echo(cluster: Cluster, text: string): Promise<void> {
  const client = await cluster.connect();
  client.send(text);
  assert.equal(await client.next(), text);
}

describe('Secret key on the gRPC mesh', () => {
  let cluster: Cluster | undefined;
  let other: Array<{ stop?(): Promise<void>; close?(): Promise<void> }> = [];

  afterEach(async () => {
    for (const role of other) await (role.stop ?? role.close)?.call(role);
    other = [];
    await cluster?.close();
    cluster = undefined;
  });

  const startCluster = (): Promise<Cluster> =>
    Cluster.start({ events: echoEvents, register: secure, gateway: secure, worker: secure });

  it('runs a whole cluster with the key: a WebSocket client gets its echo', async () => {
    cluster = await startCluster();
    await echo(cluster, 'hello with a secret');
  });

  it('refuses a worker with a wrong key, which says why once, while the right one works', async () => {
    cluster = await startCluster();
    const logs = new MemoryLogger();
    let events = 0;
    const intruder = new BusinessWorker<SessionData>({
      events: { onMessage: () => void events++ },
      register: cluster.registerAddress,
      name: 'Intruder',
      secretKey: 'not-the-key',
      logger: logs,
    });
    other.push(intruder);
    await intruder.start();
    await eventually(() =>
      assert.ok(logs.has(/register .*refused: wrong secret key/), logs.lines.join('\n')),
    );
    // It keeps retrying (backoff up to 1 s) without a log line per retry.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(logs.lines.filter((l) => /wrong secret key/.test(l)).length, 1, logs.lines.join('\n'));
    for (let i = 0; i < 5; i++) await echo(cluster, `message ${i}`);
    assert.equal(events, 0);
    assert.deepEqual(intruder.attachedGateways(), []);
    // The Register logged the refusal once per peer and reason, and never the key.
    const refusals = cluster.logs.lines.filter((l) => /refused .*Register\/WatchGateways.*wrong/.test(l));
    assert.equal(refusals.length, 1, cluster.logs.lines.join('\n'));
    for (const line of [...cluster.logs.lines, ...logs.lines]) {
      assert.ok(!line.includes('not-the-key') && !line.includes(KEY), line);
    }
  });

  it('rejects GatewayClient calls without or with a wrong key (GW_ERR_UNAUTHENTICATED), accepts the key', async () => {
    cluster = await startCluster();
    await cluster.connect();
    for (const secretKey of [undefined, 'wrong']) {
      const client = new GatewayClient({
        register: cluster.registerAddress,
        connectTimeoutMs: 3000,
        logger: new MemoryLogger(),
        ...(secretKey === undefined ? {} : { secretKey }),
      });
      other.push(client);
      const started = Date.now();
      await assert.rejects(client.getAllClientIdCount(), (err: unknown) => {
        assert.ok(err instanceof GatewayWorkerError);
        assert.equal(err.code, 'GW_ERR_UNAUTHENTICATED');
        assert.match(err.message, secretKey ? /wrong secret key/ : /missing secret key/);
        return true;
      });
      // Refused at once, not after the connect timeout.
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    }
    const client = new GatewayClient({ register: cluster.registerAddress, secretKey: KEY });
    other.push(client);
    assert.equal(await client.getAllClientIdCount(), 1);
  });

  it('answers UNAUTHENTICATED to a raw gRPC client on every mesh service, with or without a wrong key', async () => {
    cluster = await startCluster();
    const register = cluster.registerAddress;
    const gateway = cluster.gateways[0]!.lanAddressOf();
    const calls: Array<[string, string, Kind]> = [
      [register, '/gatewayworker.v1.Register/Announce', 'bidi'],
      [register, '/gatewayworker.v1.Register/WatchGateways', 'server-stream'],
      [register, '/gatewayworker.v1.Register/ListGateways', 'unary'],
      [register, '/gatewayworker.v1.Cluster/GetAllClientCount', 'unary'],
      [gateway, '/gatewayworker.v1.Gateway/Connect', 'bidi'],
      [gateway, '/gatewayworker.v1.Gateway/GetAllClientCount', 'unary'],
      [gateway, '/gatewayworker.v1.Gateway/SendToAll', 'unary'],
    ];
    for (const [address, path, kind] of calls) {
      for (const [key, reason] of [
        [undefined, /missing secret key/],
        ['wrong', /wrong secret key/],
      ] as const) {
        const status = await rawCall(address, path, kind, withKey(key));
        assert.equal(status.code, grpc.status.UNAUTHENTICATED, `${path} with key ${key}`);
        assert.match(status.details, reason);
      }
    }
    // The same calls pass the check with the key (ListGateways answers; Cluster asks the Gateways).
    assert.equal(
      (await rawCall(register, '/gatewayworker.v1.Register/ListGateways', 'unary', withKey(KEY))).code,
      grpc.status.OK,
    );
    assert.equal(
      (await rawCall(register, '/gatewayworker.v1.Cluster/GetAllClientCount', 'unary', withKey(KEY))).code,
      grpc.status.OK,
    );
    // Health and reflection stay open by default.
    assert.equal((await rawCall(register, '/grpc.health.v1.Health/Check', 'unary', withKey())).code, 0);
    assert.equal((await rawCall(gateway, '/grpc.health.v1.Health/Check', 'unary', withKey())).code, 0);
  });

  const grpcurlBinary = findGrpcurl();
  (grpcurlBinary ? it : it.skip)(
    'grpcurl works with -H x-gatewayworker-secret, and is refused without',
    async () => {
      cluster = await startCluster();
      await cluster.connect();
      const bin = grpcurlBinary!;
      const method = 'gatewayworker.v1.Cluster/GetAllClientCount';
      const out = await grpcurl(bin, [
        '-H',
        `x-gatewayworker-secret: ${KEY}`,
        cluster.registerAddress,
        method,
      ]);
      assert.equal(Number((JSON.parse(out) as { count?: string }).count), 1);
      await assert.rejects(
        grpcurl(bin, [cluster.registerAddress, method]),
        /Code: Unauthenticated\s+Message: missing secret key/,
      );
    },
  );

  it('does not list a fake Gateway announced without the key', async () => {
    cluster = await startCluster();
    const { proto } = loadProtos();
    const client = new proto.gatewayworker.v1.Register(
      cluster.registerAddress,
      grpc.credentials.createInsecure(),
      CLIENT_OPTIONS,
    );
    try {
      const call = client.Announce(withKey('guess'));
      const status = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
      call.on('error', () => undefined);
      call.write({ gateway: { address: '127.0.0.1:1', name: 'Fake', instance_id: 'x' } });
      assert.equal((await status).code, grpc.status.UNAUTHENTICATED);
      assert.equal(cluster.register!.gatewayCount, 1);
    } finally {
      client.close();
    }
  });

  it("with introspection: 'secret', health needs the key too", async () => {
    cluster = await Cluster.start({
      events: echoEvents,
      register: { ...secure, introspection: 'secret' },
      gateway: { ...secure, introspection: 'secret' },
      worker: secure,
    });
    for (const address of [cluster.registerAddress, cluster.gateways[0]!.lanAddressOf()]) {
      const path = '/grpc.health.v1.Health/Check';
      assert.equal((await rawCall(address, path, 'unary', withKey())).code, grpc.status.UNAUTHENTICATED);
      assert.equal((await rawCall(address, path, 'unary', withKey(KEY))).code, grpc.status.OK);
    }
  });

  it('logs a Gateway whose key the Register refuses, and does not list it', async () => {
    cluster = await startCluster();
    const logs = new MemoryLogger();
    const gateway = await cluster.addGateway({ secretKey: 'other', logger: logs });
    await eventually(() =>
      assert.ok(logs.has(/register .*refused: wrong secret key/), logs.lines.join('\n')),
    );
    assert.equal(cluster.register!.gatewayCount, 1);
    assert.ok(gateway.lanAddressOf());
  });
});
