import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import type * as net from 'node:net';
import * as tls from 'node:tls';
import { createClientServer, loadSecureContext } from '../../src/gateway/listeners/tls-server';
import { CertificateDir } from '../helpers/certificates';
import { within } from '../helpers/wait';

/** Listens on a free loopback port; every client gets its bytes echoed. */
async function listenEcho(server: net.Server, connectionEvent: string): Promise<number> {
  server.on(connectionEvent, (socket: net.Socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

async function roundTrip(socket: tls.TLSSocket, text: string): Promise<void> {
  socket.write(text);
  const [data] = (await within(once(socket, 'data'), 5000, 'the echo')) as [Buffer];
  assert.equal(data.toString(), text);
}

describe('createClientServer (TLS on TCP, the building block for TCP listeners)', () => {
  const certs = new CertificateDir();
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });
  after(() => certs.cleanup());

  it('tcp with TLS: secureConnection carries the decrypted stream; a reload changes only new connections', async () => {
    const first = certs.make('tcp');
    const { server, connectionEvent, reloadCertificates } = await createClientServer('tcp', {
      cert: first.cert,
      key: first.key,
    });
    assert.equal(connectionEvent, 'secureConnection');
    assert.ok(server instanceof tls.Server);
    closers.push(() => server.close());
    const port = await listenEcho(server, connectionEvent);
    const connect = async (ca: Buffer[]): Promise<tls.TLSSocket> => {
      const socket = tls.connect({ port, host: '127.0.0.1', ca });
      closers.push(() => socket.destroy());
      await within(once(socket, 'secureConnect'), 5000, 'the TLS handshake');
      return socket;
    };
    const old = await connect([first.pem]);
    assert.equal(old.getPeerCertificate().fingerprint256, first.fingerprint256);
    await roundTrip(old, 'one');

    const renewed = certs.make('tcp');
    await reloadCertificates();
    const fresh = await connect([first.pem, renewed.pem]);
    assert.equal(fresh.getPeerCertificate().fingerprint256, renewed.fingerprint256);
    await roundTrip(old, 'old connection still works');
    await roundTrip(fresh, 'new one too');
  });

  it('with several files missing, names the first in the order cert, key, ca (every time)', async () => {
    const missing = {
      cert: `${certs.dir}/none.crt`,
      key: `${certs.dir}/none.key`,
      ca: `${certs.dir}/none.ca`,
    };
    for (let i = 0; i < 20; i++) {
      await assert.rejects(loadSecureContext(missing), {
        code: 'GW_ERR_INVALID_OPTION',
        message: `\`tls.cert\` cannot be read: ${missing.cert} (ENOENT)`,
      });
    }
    const { cert } = certs.make('present');
    await assert.rejects(loadSecureContext({ ...missing, cert }), { message: /^`tls\.key` cannot be read/ });
  });

  it('without TLS: a plain server, connection event, reload is a no-op', async () => {
    const plain = await createClientServer('tcp');
    assert.equal(plain.connectionEvent, 'connection');
    assert.ok(!(plain.server instanceof tls.Server));
    await plain.reloadCertificates();
  });
});
