import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { once } from 'node:events';
import * as tls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import type { ClientOptions } from 'ws';
import { Gateway } from '../../src/index';
import { resolveGatewayOptions } from '../../src/gateway/options';
import { echoEvents } from '../fixtures/echo-events';
import { CertificateDir, type TestCertificate } from '../helpers/certificates';
import { Cluster } from '../helpers/cluster';
import { MemoryLogger } from '../helpers/logs';
import { eventually, within } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

/** Connects over wss trusting `ca`, and returns the client with the certificate the server showed. */
async function connectTls(
  cluster: Cluster,
  ca: Buffer[],
): Promise<{ client: TestClient; fingerprint256: string }> {
  let fingerprint256 = '';
  const options: ClientOptions = { ca };
  const client = await TestClient.connect(cluster.gateways[0]!.address(), 5000, {
    ...options,
    // The upgrade response's socket is the TLS socket the client keeps.
    finishRequest: (request) => {
      request.on('upgrade', (_response, socket) => {
        fingerprint256 = (socket as TLSSocket).getPeerCertificate().fingerprint256;
      });
      request.end();
    },
  });
  return { client, fingerprint256 };
}

async function echo(client: TestClient, text: string): Promise<void> {
  client.send(text);
  assert.equal(await client.next(), text);
}

describe('TLS (wss://)', () => {
  let certs: CertificateDir;
  let first: TestCertificate;
  let cluster: Cluster | undefined;

  before(() => {
    certs = new CertificateDir();
  });
  after(() => certs.cleanup());
  beforeEach(() => {
    first = certs.make('server');
  });
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  const startTls = async (): Promise<Cluster> => {
    cluster = await Cluster.start({
      events: echoEvents,
      gateway: { listen: 'wss://127.0.0.1:0', tls: { cert: first.cert, key: first.key } },
    });
    return cluster;
  };

  it('serves wss clients end to end with the configured certificate', async () => {
    const c = await startTls();
    assert.match(c.gateways[0]!.address(), /^wss:\/\/127\.0\.0\.1:\d+$/);
    const { client, fingerprint256 } = await connectTls(c, [first.pem]);
    assert.equal(fingerprint256, first.fingerprint256);
    await echo(client, 'hello over tls');
    await client.close();
  });

  it('the handshake timeout cuts slow handshakes only: an upgraded wss client outlives it', async () => {
    cluster = await Cluster.start({
      events: echoEvents,
      gateway: {
        listen: 'wss://127.0.0.1:0',
        tls: { cert: first.cert, key: first.key },
        handshakeTimeoutMs: 200,
      },
    });
    const { client } = await connectTls(cluster, [first.pem]);
    // A TCP connection that never starts its TLS handshake is cut at the deadline...
    const port = Number(cluster.gateways[0]!.address().split(':').pop());
    const silent = net.connect(port, '127.0.0.1');
    await within(once(silent, 'close'), 5000, 'the silent connection to be cut');
    // ...while the upgraded client, past the same deadline, still works.
    await echo(client, 'past the handshake deadline');
    assert.ok(client.isOpen);
    await client.close();
  });

  it('answers a request without an upgrade with 426, as the ws:// listener does', async () => {
    const c = await startTls();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      https
        .get(c.gateways[0]!.address().replace(/^wss/, 'https'), { ca: first.pem }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
        .on('error', reject);
    });
    assert.equal(status, 426);
  });

  it('a client that speaks no TLS is closed, without a log line; the Gateway keeps serving', async () => {
    const c = await startTls();
    const port = Number(c.gateways[0]!.address().split(':').pop());
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n');
    await within(new Promise((resolve) => socket.on('close', resolve)), 5000, 'the server to close it');
    const { client } = await connectTls(c, [first.pem]);
    await echo(client, 'still serving');
    assert.ok(!c.logs.has(/ERROR|WARN/), c.logs.lines.join('\n'));
  });

  it('refuses a client that does not trust the certificate', async () => {
    const c = await startTls();
    await assert.rejects(TestClient.connect(c.gateways[0]!.address()), /self-signed certificate/);
  });

  it('reloadCertificates(): new clients get the renewed certificate, connected ones keep working', async () => {
    const c = await startTls();
    const before = await connectTls(c, [first.pem]);
    await echo(before.client, 'before');
    const renewed = certs.make('server'); // same paths, new key and serial
    assert.notEqual(renewed.fingerprint256, first.fingerprint256);
    await c.gateways[0]!.reloadCertificates();
    const after = await connectTls(c, [first.pem, renewed.pem]);
    assert.equal(after.fingerprint256, renewed.fingerprint256);
    assert.ok(before.client.isOpen, 'the client connected before the reload is still open');
    await echo(before.client, 'still here');
    await echo(after.client, 'new one');
    assert.equal(c.gateways[0]!.stats().clients, 2);
    assert.ok(c.logs.has(/certificates reloaded/));
  });

  it('SIGHUP reloads the certificates', async () => {
    const c = await startTls();
    const renewed = certs.make('server');
    // The Gateway has its SIGHUP listener installed while it runs, so the signal cannot end mocha.
    assert.ok(process.listenerCount('SIGHUP') > 0);
    process.kill(process.pid, 'SIGHUP');
    await eventually(() => assert.ok(c.logs.has(/certificates reloaded/), 'the reload log line'), 5000);
    const after = await connectTls(c, [renewed.pem]);
    assert.equal(after.fingerprint256, renewed.fingerprint256);
  });

  it('a failed reload keeps the old certificate and says why', async () => {
    const c = await startTls();
    const before = await connectTls(c, [first.pem]);
    writeFileSync(first.cert, 'not a certificate\n');
    await assert.rejects(c.gateways[0]!.reloadCertificates(), {
      code: 'GW_ERR_INVALID_OPTION',
      message: `\`tls.cert\` is not a PEM file (no "-----BEGIN" line): ${first.cert}`,
    });
    assert.ok(
      c.logs.has(/ERROR .*certificate reload failed, the old certificate stays/),
      c.logs.lines.join('\n'),
    );
    // A key that does not belong to the certificate is refused as well.
    const other = certs.make('other');
    writeFileSync(first.cert, other.pem);
    await assert.rejects(c.gateways[0]!.reloadCertificates(), /key values mismatch/);
    const after = await connectTls(c, [first.pem]);
    assert.equal(after.fingerprint256, first.fingerprint256);
    await echo(before.client, 'unaffected');
  });

  it('start() fails with a clear error for a missing, non-PEM or mismatched file', async () => {
    const logger = new MemoryLogger();
    const start = (tls: { cert: string; key: string; ca?: string }): Promise<void> =>
      new Gateway({ listen: 'wss://127.0.0.1:0', tls, register: '127.0.0.1:1', logger }).start();
    const missing = `${certs.dir}/missing.crt`;
    await assert.rejects(start({ cert: missing, key: first.key }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: `\`tls.cert\` cannot be read: ${missing} (ENOENT)`,
    });
    await assert.rejects(start({ cert: first.cert, key: first.cert }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: /^`tls` files are not a usable certificate and key \(cert .*server\.crt, key .*server\.crt\)/,
    });
    await assert.rejects(start({ cert: first.cert, key: first.key, ca: certs.dir }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: `\`tls.ca\` cannot be read: ${certs.dir} (EISDIR)`,
    });
  });

  it('TLS on a TCP address (text, tls: true) beside wss: one certificate, one reload for both', async () => {
    cluster = await Cluster.start({
      events: echoEvents,
      gateway: {
        listen: ['wss://127.0.0.1:0', { url: 'text://127.0.0.1:0', tls: true }],
        tls: { cert: first.cert, key: first.key },
      },
    });
    const gateway = cluster.gateways[0]!;
    const textUrl = gateway.addresses()[1] as string;
    assert.match(textUrl, /^text:\/\/127\.0\.0\.1:\d+$/);
    const textPort = Number(textUrl.split(':').pop());
    /** One line over TLS: the echo's answer and the certificate shown. */
    const roundTrip = async (ca: Buffer[]): Promise<{ line: string; fingerprint256: string }> => {
      const socket = tls.connect({ host: '127.0.0.1', port: textPort, ca, servername: 'localhost' });
      try {
        await within(once(socket, 'secureConnect'), 5000, 'the TLS handshake');
        socket.write('hello over tls text\n');
        const [chunk] = (await within(once(socket, 'data'), 5000, 'the echo')) as [Buffer];
        return { line: chunk.toString(), fingerprint256: socket.getPeerCertificate().fingerprint256 };
      } finally {
        socket.destroy();
      }
    };
    assert.deepEqual(await roundTrip([first.pem]), {
      line: 'hello over tls text\n',
      fingerprint256: first.fingerprint256,
    });
    const renewed = certs.make('server');
    await gateway.reloadCertificates();
    assert.equal((await roundTrip([renewed.pem])).fingerprint256, renewed.fingerprint256);
    assert.equal((await connectTls(cluster, [renewed.pem])).fingerprint256, renewed.fingerprint256);
  });

  it('options: a TLS address needs tls, tls needs a TLS address, tls is checked', () => {
    const tls = { cert: 'a.crt', key: 'a.key' };
    assert.deepEqual(resolveGatewayOptions({ listen: 'wss://0.0.0.0:443', tls }).tls, tls);
    assert.equal(resolveGatewayOptions({ listen: 'wss://0.0.0.0:443', tls }).listeners[0]?.tls, true);
    assert.throws(() => resolveGatewayOptions({ listen: 'wss://0.0.0.0:443' }), {
      code: 'GW_ERR_INVALID_OPTION',
      message: '`listen` "wss://..." (or tls: true) needs `tls: { cert, key }` (certificate and key files)',
    });
    assert.throws(() => resolveGatewayOptions({ listen: 'ws://0.0.0.0:80', tls }), {
      message:
        '`tls` is set but no `listen` address uses it; use "wss://host:port" (or { url, tls: true } for TCP) to serve TLS',
    });
    // TCP addresses serve TLS with tls: true; WebSocket says it with its scheme.
    const both = resolveGatewayOptions({
      listen: ['wss://0.0.0.0:443', { url: 'text://0.0.0.0:8283', tls: true }, 'frame://0.0.0.0:8284'],
      tls,
    });
    assert.deepEqual(
      both.listeners.map((listen) => listen.tls),
      [true, true, false],
    );
    assert.throws(() => resolveGatewayOptions({ listen: { url: 'ws://0.0.0.0:80', tls: true }, tls }), {
      message: '`listen.tls` is for TCP addresses; WebSocket uses "ws://" or "wss://"',
    });
    assert.throws(
      () => resolveGatewayOptions({ listen: { url: 'text://0.0.0.0:80', tls: 'yes' as never } }),
      {
        message: '`listen.tls` must be true or false, got "yes"',
      },
    );
    assert.throws(() => resolveGatewayOptions({ listen: 'wss://0.0.0.0:443', tls: 'a.crt' as never }), {
      message: '`tls` must be an object { cert, key, ca? }',
    });
    assert.throws(() => resolveGatewayOptions({ listen: 'wss://0.0.0.0:443', tls: { cert: 'a', key: '' } }), {
      message: '`tls.key` must be a non-empty string, got ""',
    });
    assert.throws(
      () => resolveGatewayOptions({ listen: 'wss://0.0.0.0:443', tls: { ...tls, certs: 'x' } as never }),
      { message: /unknown option `certs` \(did you mean `cert`\?\)/ },
    );
  });
});
