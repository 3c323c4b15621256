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

  it('keeps the first holder of an address and refuses another instance, changing nothing', () => {
    const table = new GatewayTable();
    table.announce(1, { address: '127.0.0.1:2000', instance_id: 'first', name: 'A' });
    const version = table.snapshot().version;
    const outcome = table.announce(2, { address: '127.0.0.1:2000', instance_id: 'second', name: 'B' });
    assert.equal(outcome.listed, false);
    assert.equal(!outcome.listed && outcome.holder.name, 'A');
    assert.equal(table.snapshot().version, version, 'a refusal is no change');
    assert.equal(table.snapshot().gateways[0]?.instance_id, 'first');
    assert.equal(table.removeStream(2), false, 'the refused stream owns nothing');
    // Once the holder's stream ends, the other Gateway's next try is listed.
    table.removeStream(1);
    assert.deepEqual(table.announce(2, { address: '127.0.0.1:2000', instance_id: 'second' }), {
      listed: true,
      changed: true,
    });
  });

  it('lets the same instance take its entry over from its own older stream (reconnect)', () => {
    const table = new GatewayTable();
    table.announce(1, { address: '127.0.0.1:2000', instance_id: 'same' });
    assert.deepEqual(table.announce(2, { address: '127.0.0.1:2000', instance_id: 'same' }), {
      listed: true,
      changed: true,
      displacedStreamId: 1,
    });
    assert.equal(table.removeStream(1), false, 'the displaced stream owns nothing any more');
    assert.equal(table.snapshot().gateways.length, 1);
  });

  it('a re-announce on the same stream replaces its info', () => {
    const table = new GatewayTable();
    table.announce(1, { address: '127.0.0.1:2000', name: 'a' });
    assert.deepEqual(table.announce(1, { address: '127.0.0.1:2000', name: 'renamed' }), {
      listed: true,
      changed: true,
    });
    assert.equal(table.snapshot().gateways.length, 1);
    assert.equal(table.snapshot().gateways[0]?.name, 'renamed');
  });

  it('the same announce again on the same stream changes nothing: same version, changed false', () => {
    const table = new GatewayTable();
    const info = { address: '127.0.0.1:2000', name: 'a', instance_id: 'i', started_at_unix_ms: '5' };
    table.announce(1, info);
    const { version } = table.snapshot();
    assert.deepEqual(table.announce(1, { ...info }), { listed: true, changed: false });
    assert.equal(table.snapshot().version, version);
    assert.deepEqual(table.announce(1, { ...info, started_at_unix_ms: '6' }), {
      listed: true,
      changed: true,
    });
    assert.equal(table.snapshot().version, version + 1);
  });
});
