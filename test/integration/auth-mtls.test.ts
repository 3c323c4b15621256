import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { GatewayClient, GatewayWorkerError, Register } from '../../src/index';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import { SECRET_METADATA_KEY } from '../../src/rpc/secret-key';
import { echoEvents } from '../fixtures/echo-events';
import { Cluster } from '../helpers/cluster';
import { findGrpcurl } from '../helpers/grpcurl';
import { MemoryLogger } from '../helpers/logs';
import { MeshCa, type MeshFiles } from '../helpers/mesh-certificates';

const KEY = 'mtls-and-secret';

/** ListGateways over `credentials`, with the secret: the status code it ends with. */
function listGateways(address: string, credentials: grpc.ChannelCredentials): Promise<grpc.status> {
  const { proto } = loadProtos();
  const client = new proto.gatewayworker.v1.Register(address, credentials, CLIENT_OPTIONS);
  const metadata = new grpc.Metadata();
  metadata.set(SECRET_METADATA_KEY, KEY);
  return new Promise<grpc.status>((resolve) => {
    client.ListGateways({}, metadata, { deadline: Date.now() + 3000 }, (err) =>
      resolve(err ? err.code : grpc.status.OK),
    );
  }).finally(() => client.close());
}

function ssl(files: { ca: string; cert?: string; key?: string }): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(
    readFileSync(files.ca),
    files.key ? readFileSync(files.key) : null,
    files.cert ? readFileSync(files.cert) : null,
  );
}

describe('mTLS on the gRPC mesh (meshTls)', () => {
  let ca: MeshCa;
  let strangers: MeshCa;
  let cluster: Cluster | undefined;
  const closers: Array<() => Promise<void>> = [];

  before(() => {
    ca = new MeshCa();
    strangers = new MeshCa();
  });
  after(() => {
    ca.cleanup();
    strangers.cleanup();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await cluster?.close();
    cluster = undefined;
  });

  const startCluster = (): Promise<Cluster> => {
    const mesh = (name: string): { secretKey: string; meshTls: MeshFiles } => ({
      secretKey: KEY,
      meshTls: ca.issue(name),
    });
    return Cluster.start({
      events: echoEvents,
      register: mesh('register'),
      gateway: mesh('gateway'),
      worker: mesh('worker'),
    });
  };

  it('runs a whole cluster over mTLS with the secret: echo, GatewayClient and the Cluster service work', async () => {
    cluster = await startCluster();
    const ws = await cluster.connect();
    ws.send('over mTLS');
    assert.equal(await ws.next(), 'over mTLS');
    const client = new GatewayClient({
      register: cluster.registerAddress,
      secretKey: KEY,
      meshTls: ca.issue('api'),
      logger: new MemoryLogger(),
    });
    closers.push(() => client.close());
    assert.equal(await client.getAllClientIdCount(), 1);
    // The Register's Cluster service reaches the Gateways with the Register's own certificate.
    const { proto } = loadProtos();
    const cert = ca.issue('grpcurl');
    const api = new proto.gatewayworker.v1.Cluster(cluster.registerAddress, ssl(cert), CLIENT_OPTIONS);
    closers.push(async () => api.close());
    const metadata = new grpc.Metadata();
    metadata.set(SECRET_METADATA_KEY, KEY);
    const count = await new Promise<unknown>((resolve, reject) =>
      api.GetAllClientCount({}, metadata, (err, res) => (err ? reject(err) : resolve(res?.count))),
    );
    assert.equal(Number(count), 1);
  });

  it('refuses clients without a certificate, with one of another CA, or in plaintext', async () => {
    cluster = await startCluster();
    const address = cluster.registerAddress;
    assert.equal(await listGateways(address, ssl(ca.issue('ok'))), grpc.status.OK);
    for (const [what, credentials] of [
      ['no client certificate', ssl({ ca: ca.ca })],
      ['a certificate of another CA', ssl({ ...strangers.issue('stranger'), ca: ca.ca })],
      ['plaintext', grpc.credentials.createInsecure()],
    ] as const) {
      assert.equal(await listGateways(address, credentials), grpc.status.UNAVAILABLE, what);
    }
    // A GatewayClient with a stranger's certificate gets nothing either.
    const client = new GatewayClient({
      register: address,
      secretKey: KEY,
      meshTls: { ...strangers.issue('stranger-api'), ca: ca.ca },
      connectTimeoutMs: 500,
      logger: new MemoryLogger(),
    });
    closers.push(() => client.close());
    await assert.rejects(client.getAllClientIdCount(), { code: 'GW_ERR_REGISTER_UNAVAILABLE' });
  });

  const grpcurlBinary = findGrpcurl();
  (grpcurlBinary ? it : it.skip)('grpcurl with -cacert, -cert, -key and the secret header', async () => {
    cluster = await startCluster();
    const files = ca.issue('grpcurl-cli');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        grpcurlBinary!,
        [
          ...['-cacert', files.ca, '-cert', files.cert, '-key', files.key],
          ...['-H', `x-gatewayworker-secret: ${KEY}`, cluster!.registerAddress],
          'gatewayworker.v1.Register/ListGateways',
        ],
        { timeout: 10_000 },
        (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)),
      ),
    );
    assert.match(out, new RegExp(cluster.gateways[0]!.lanAddressOf()));
  });

  it('start() fails with GW_ERR_INVALID_OPTION naming a missing meshTls file', async () => {
    const register = new Register({
      listen: '127.0.0.1:0',
      meshTls: { ...ca.issue('missing'), cert: `${ca.dir}/nope.crt` },
      logger: new MemoryLogger(),
    });
    await assert.rejects(register.start(), (err: unknown) => {
      assert.ok(err instanceof GatewayWorkerError);
      assert.equal(err.code, 'GW_ERR_INVALID_OPTION');
      assert.match(err.message, /`meshTls\.cert` cannot be read: .*nope\.crt \(ENOENT\)/);
      return true;
    });
    await register.stop();
  });
});
