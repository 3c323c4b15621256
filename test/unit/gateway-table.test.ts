import { strict as assert } from 'node:assert';
import { GatewayTable } from '../../src/register/gateway-table';

describe('GatewayTable', () => {
  it('lists announced gateways, bumps the version on every change, unlists when the stream ends', () => {
    const table = new GatewayTable();
    assert.deepEqual(table.snapshot(), { version: 0, gateways: [] });
    table.announce(1, { address: '127.0.0.1:2001', name: 'a' });
    table.announce(2, { address: '127.0.0.1:2000', name: 'b' });
    const snapshot = table.snapshot();
    assert.equal(snapshot.version, 2);
    assert.deepEqual(
      snapshot.gateways.map((g) => g.address),
      ['127.0.0.1:2000', '127.0.0.1:2001'],
    );
    assert.equal(table.removeStream(1), true);
    assert.equal(table.removeStream(1), false);
    assert.deepEqual(
      table.snapshot().gateways.map((g) => g.address),
      ['127.0.0.1:2000'],
    );
    assert.equal(table.snapshot().version, 3);
  });

  it('gives an address to the newest stream that announces it and says whom it displaced', () => {
    const table = new GatewayTable();
    table.announce(1, { address: '127.0.0.1:2000', instance_id: 'old' });
    assert.deepEqual(table.announce(2, { address: '127.0.0.1:2000', instance_id: 'new' }), {
      displacedStreamId: 1,
    });
    assert.equal(table.snapshot().gateways[0]?.instance_id, 'new');
    assert.equal(table.removeStream(1), false, 'the displaced stream owns nothing any more');
  });

  it('a re-announce on the same stream replaces its info', () => {
    const table = new GatewayTable();
    table.announce(1, { address: '127.0.0.1:2000', name: 'a' });
    assert.deepEqual(table.announce(1, { address: '127.0.0.1:2000', name: 'renamed' }), {});
    assert.equal(table.snapshot().gateways.length, 1);
    assert.equal(table.snapshot().gateways[0]?.name, 'renamed');
  });
});
