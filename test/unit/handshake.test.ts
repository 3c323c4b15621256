import { strict as assert } from 'node:assert';
import { readHandshake } from '../../src/worker/handshake';

describe('readHandshake', () => {
  const client = { remote_address: '10.0.0.7', remote_port: 50123, gateway_port: 7272 };
  const header = (name: string, value: string) => ({ name, value });

  it("gives PHP's $data['server'] as GatewayWorker 4 builds it: SERVER_NAME is the whole Host, CONTENT_TYPE when sent", () => {
    const request = readHandshake(
      {
        url: '/chat?token=abc',
        headers: [header('host', 'chat.example:7272'), header('content-type', 'text/plain')],
      },
      client,
    );
    assert.deepEqual(request.server, {
      QUERY_STRING: 'token=abc',
      REQUEST_METHOD: 'GET',
      REQUEST_URI: '/chat?token=abc',
      SERVER_PROTOCOL: 'HTTP/1.1',
      SERVER_NAME: 'chat.example:7272', // $request->host(false): the port stays
      SERVER_PORT: '7272',
      REMOTE_ADDR: '10.0.0.7',
      REMOTE_PORT: '50123',
      CONTENT_TYPE: 'text/plain',
      HTTP_HOST: 'chat.example:7272',
      HTTP_CONTENT_TYPE: 'text/plain',
    });
    const plain = readHandshake({ url: '/', headers: [header('host', 'chat.example')] }, client);
    assert.equal(plain.server.SERVER_NAME, 'chat.example');
    assert.equal('CONTENT_TYPE' in plain.server, false, 'PHP: null when the request has none');
  });

  it('joins a repeated header with "," in server (Workerman) and with ", " in headers', () => {
    const request = readHandshake(
      { url: '/', headers: [header('x-tag', 'a'), header('x-tag', 'b')] },
      client,
    );
    assert.equal(request.server.HTTP_X_TAG, 'a,b');
    assert.equal(request.headers['x-tag'], 'a, b');
  });

  it("decodes cookies as PHP's parse_str does: percent escapes and '+' as a space", () => {
    const request = readHandshake({ url: '/', headers: [header('cookie', 'name=a+b%2Bc; s=1')] }, client);
    assert.deepEqual(request.cookie, { name: 'a b+c', s: '1' });
  });
});
