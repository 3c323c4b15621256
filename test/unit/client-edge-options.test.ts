import { strict as assert } from 'node:assert';
import { resolveGatewayOptions } from '../../src/gateway/options';

describe('Gateway options for heartbeats and limits', () => {
  it('has internet-safe defaults', () => {
    const o = resolveGatewayOptions({});
    assert.equal(o.pingIntervalMs, 0);
    assert.equal(o.pingNotResponseLimit, 0);
    assert.deepEqual(o.pingData, Buffer.alloc(0));
    assert.equal(o.wsPingIntervalMs, 20_000);
    assert.equal(o.wsPingMaxMissed, 1);
    assert.equal(o.maxConnections, 50_000);
    assert.equal(o.maxConnectionsPerIp, 1000);
    assert.equal(o.handshakeTimeoutMs, 10_000);
    assert.equal(o.wsPath, undefined);
    assert.deepEqual(o.wsAllowedOrigins, []);
    assert.equal(o.sendBufferPolicy, 'drop');
  });

  it('takes pingData as a string or bytes', () => {
    assert.deepEqual(
      resolveGatewayOptions({ pingData: '{"type":"ping"}' }).pingData,
      Buffer.from('{"type":"ping"}'),
    );
    assert.deepEqual(resolveGatewayOptions({ pingData: Buffer.from([1, 2]) }).pingData, Buffer.from([1, 2]));
  });

  it('rejects bad values, naming the option', () => {
    const bad: Array<[object, RegExp]> = [
      [{ pingIntervalMs: -1 }, /`pingIntervalMs` must be an integer >= 0, got -1/],
      [{ pingNotResponseLimit: 1.5 }, /`pingNotResponseLimit` must be an integer >= 0/],
      [{ pingData: 42 }, /`pingData` must be a string or a Buffer, got 42/],
      [{ wsPingMaxMissed: 0 }, /`wsPingMaxMissed` must be a positive integer/],
      [{ maxConnections: 0 }, /`maxConnections` must be a positive integer/],
      [{ maxConnectionsPerIp: '5' }, /`maxConnectionsPerIp` must be a positive integer/],
      [{ handshakeTimeoutMs: 0 }, /`handshakeTimeoutMs` must be a positive integer/],
      [{ wsPath: 'ws' }, /`wsPath` must be a path such as "\/ws", got "ws"/],
      [{ wsPath: '/ws?x=1' }, /`wsPath` must be a path/],
      [{ wsAllowedOrigins: 'https://a.test' }, /`wsAllowedOrigins` must be a list of non-empty strings/],
      [{ wsAllowedOrigins: [''] }, /`wsAllowedOrigins` must be a list of non-empty strings/],
      [{ sendBufferPolicy: 'block' }, /`sendBufferPolicy` must be 'drop' or 'close', got "block"/],
    ];
    for (const [options, message] of bad)
      assert.throws(() => resolveGatewayOptions(options as never), {
        code: 'GW_ERR_INVALID_OPTION',
        message,
      });
  });
});
