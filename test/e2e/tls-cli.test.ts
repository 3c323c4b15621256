import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { signalProcess } from '../../src/cli/signal';
import { CertificateDir } from '../helpers/certificates';
import { CliCluster, endCliTest } from '../helpers/cli-process';
import { eventually } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

/** A wss client trusting `ca`, with the fingerprint of the certificate its server showed. */
async function connectTls(
  url: string,
  ca: Buffer[],
): Promise<{ client: TestClient; fingerprint256: string }> {
  let fingerprint256 = '';
  const client = await TestClient.connect(url, 5000, {
    ca,
    finishRequest: (request) => {
      request.on('upgrade', (_response, socket) => {
        fingerprint256 = (socket as TLSSocket).getPeerCertificate().fingerprint256;
      });
      request.end();
    },
  });
  return { client, fingerprint256 };
}

describe('CLI: TLS certificates renewed while running', function () {
  this.timeout(90_000);
  let cluster: CliCluster | undefined;
  const certs = new CertificateDir();
  const clients: TestClient[] = [];

  afterEach(async function () {
    await endCliTest(this.currentTest, cluster, clients);
    cluster = undefined;
  });
  after(() => certs.cleanup());

  it('reload (and kill -HUP <master>) give new clients the renewed certificate; connected clients stay', async () => {
    const first = certs.make('server');
    cluster = await CliCluster.create({ TLS_CERT: first.cert, TLS_KEY: first.key });
    const banner = await cluster.mustRun(['start', '-d']);
    assert.match(banner, /wss:\/\/127\.0\.0\.1:\d+/);
    const url = `wss://127.0.0.1:${cluster.ports.ws}`;
    const ca = [first.pem];
    // Two clients, so that both Gateway processes (they share the port) are likely to hold one.
    for (let i = 0; i < 2; i++) {
      const { client, fingerprint256 } = await connectTls(url, ca);
      assert.equal(fingerprint256, first.fingerprint256);
      clients.push(client);
    }
    const echo = async (client: TestClient, text: string): Promise<void> => {
      client.send(text);
      assert.equal(await client.next(), text);
    };
    for (const client of clients) await echo(client, 'before');

    const renewed = certs.make('server');
    ca.push(renewed.pem);
    const output = await cluster.mustRun(['reload']);
    assert.match(output, /TestGateway:0 \(pid \d+\): certificates reloaded/);
    assert.match(output, /TestGateway:1 \(pid \d+\): certificates reloaded/);
    assert.match(output, /reloaded$/m);
    for (const client of clients) await echo(client, 'after reload');
    // Each new connection may reach either Gateway process: all of them show the new certificate.
    for (let i = 0; i < 4; i++) {
      const { client, fingerprint256 } = await connectTls(url, ca);
      clients.push(client);
      assert.equal(fingerprint256, renewed.fingerprint256);
    }

    // Bad files: reload fails (exit code, the reason), and the running certificate stays.
    writeFileSync(renewed.key, 'garbage\n');
    const failed = await cluster.run(['reload']);
    assert.notEqual(failed.code, 0);
    assert.match(
      failed.stdout,
      /TestGateway:0 \(pid \d+\): certificate reload failed, the old certificate stays: `tls.key` is not a PEM file/,
    );
    assert.match(failed.stderr, /certificate reload failed on TestGateway:0, TestGateway:1/);
    const still = await connectTls(url, ca);
    clients.push(still.client);
    assert.equal(still.fingerprint256, renewed.fingerprint256);

    // kill -HUP <master pid>: certificates only.
    const third = certs.make('server');
    ca.push(third.pem);
    const master = cluster.masterPid();
    assert.ok(master);
    // The master logs each process's reload (the reload above did too): count the new ones.
    const reloadsOf = (slot: string): number =>
      cluster!
        .log()
        .split('\n')
        .filter((line) => line.endsWith(`${slot}: certificates reloaded`)).length;
    const before = [reloadsOf('TestGateway:0'), reloadsOf('TestGateway:1')];
    signalProcess(master, 'SIGHUP');
    await eventually(async () => {
      const { client, fingerprint256 } = await connectTls(url, ca);
      clients.push(client);
      assert.equal(fingerprint256, third.fingerprint256);
    }, 10_000);
    // A connection may have reached the process that reloaded first: wait for both.
    await eventually(
      () =>
        assert.deepEqual(
          [reloadsOf('TestGateway:0'), reloadsOf('TestGateway:1')],
          before.map((n) => n + 1),
        ),
      10_000,
    );
    for (const client of clients) await echo(client, 'still connected');
  });

  it('a missing certificate file fails start -d with the option and the path', async () => {
    cluster = await CliCluster.create({
      TLS_CERT: `${certs.dir}/none.crt`,
      TLS_KEY: `${certs.dir}/none.key`,
    });
    const result = await cluster.run(['start', '-d']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr + result.stdout, /`tls\.cert` cannot be read: .*none\.crt \(ENOENT\)/);
  });
});
