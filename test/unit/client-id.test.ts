import { strict as assert } from 'node:assert';
import { decodeClientId, encodeClientId, isClientId, routeOfClientId } from '../../src/client-id';

describe('client ids', () => {
  it('encode the PHP GatewayWorker layout: ipv4, port, connection id, 20 lowercase hex', () => {
    assert.equal(encodeClientId('127.0.0.1:2300', 1), '7f00000108fc00000001');
    assert.equal(encodeClientId('10.0.0.255:65535', 0xffffffff), '0a0000ffffffffffffff');
  });

  it('decode back to the gateway address and connection id', () => {
    assert.deepEqual(decodeClientId('7f00000108fc00000001'), {
      gatewayAddress: '127.0.0.1:2300',
      connectionId: 1,
    });
    assert.deepEqual(decodeClientId('0a0000ffffffffffffff'), {
      gatewayAddress: '10.0.0.255:65535',
      connectionId: 0xffffffff,
    });
  });

  for (const bad of [
    '',
    'abc',
    '7f00000108fc0000000',
    '7f00000108fc000000011',
    '7F00000108FC00000001',
    'zz00000108fc00000001',
  ]) {
    it(`reject ${JSON.stringify(bad)} with GW_ERR_INVALID_CLIENT_ID`, () => {
      assert.equal(isClientId(bad), false);
      assert.throws(() => decodeClientId(bad), {
        code: 'GW_ERR_INVALID_CLIENT_ID',
        message: /is invalid: expected 20 lowercase hex/,
      });
    });
  }

  it('reject non-strings', () => {
    assert.throws(() => decodeClientId(42), { code: 'GW_ERR_INVALID_CLIENT_ID' });
    assert.throws(() => decodeClientId(undefined), { code: 'GW_ERR_INVALID_CLIENT_ID' });
  });

  it('refuse to encode for a gateway address that is not ipv4:port', () => {
    assert.throws(() => encodeClientId('localhost:2300', 1), { code: 'GW_ERR_INVALID_OPTION' });
    assert.throws(() => encodeClientId('[::1]:2300', 1), { code: 'GW_ERR_INVALID_OPTION' });
  });

  it('routeOfClientId remembers decoded ids (one frozen object per id), bounded, always right', () => {
    const id = encodeClientId('127.0.0.1:2300', 77);
    const route = routeOfClientId(id);
    assert.equal(routeOfClientId(id), route);
    assert.ok(Object.isFrozen(route));
    assert.deepEqual(route, { gatewayAddress: '127.0.0.1:2300', connectionId: 77 });
    // Past the bound the memory is dropped: ids still decode right, to new objects.
    for (let i = 0; i < 20_000; i++) {
      assert.equal(routeOfClientId(encodeClientId('10.1.2.3:9', i)).connectionId, i);
    }
    assert.notEqual(routeOfClientId(id), route);
    assert.deepEqual(routeOfClientId(id), route);
    assert.throws(() => routeOfClientId('7F00000108FC00000001'), { code: 'GW_ERR_INVALID_CLIENT_ID' });
  });

  it('decodeClientId gives the caller its own object', () => {
    const id = encodeClientId('127.0.0.1:2300', 5);
    const mine = decodeClientId(id);
    mine.connectionId = 6;
    assert.equal(decodeClientId(id).connectionId, 5);
  });
});
