import { strict as assert } from 'node:assert';
import { RegisterLists } from '../../src/rpc/register-lists';

const g1 = { address: '127.0.0.1:2001', instance_id: 'g1' };
const g2 = { address: '127.0.0.1:2002', instance_id: 'g2' };
const addresses = (lists: RegisterLists, nowMs: number): string[] =>
  lists
    .current(nowMs)
    .map((g) => g.address ?? '')
    .sort();

describe('RegisterLists', () => {
  it('merges the lists of the live Registers', () => {
    const lists = new RegisterLists(1000);
    assert.equal(lists.hasAnyList, false);
    lists.update('A', [g1]);
    lists.update('B', [g2]);
    assert.deepEqual(addresses(lists, 0), [g1.address, g2.address]);
  });

  it('a Register that went down while another is live counts only for the grace period', () => {
    const lists = new RegisterLists(1000);
    lists.update('A', [g1, g2]);
    lists.update('B', [g1, g2]);
    lists.down('A', 100);
    assert.equal(lists.nextExpiryMs(100), 1100);
    lists.update('B', [g1]); // B saw g2 die; A, being down, cannot.
    assert.deepEqual(addresses(lists, 1099), [g1.address, g2.address], 'still within the grace');
    assert.deepEqual(addresses(lists, 1100), [g1.address], 'A is stale: only B counts');
    assert.equal(lists.nextExpiryMs(1100), undefined);
  });

  it('while no Register is live, the last lists stay (a lone Register restarting hides nothing)', () => {
    const lists = new RegisterLists(1000);
    lists.update('A', [g1, g2]);
    lists.down('A', 0);
    assert.equal(lists.nextExpiryMs(0), undefined, 'nothing to expire while nobody is live');
    assert.deepEqual(addresses(lists, 60_000), [g1.address, g2.address]);
    lists.update('A', []); // the restarted Register answers: its (empty) list replaces the old one
    assert.deepEqual(addresses(lists, 60_001), []);
  });

  it('a second down() keeps the first time the stream broke (reconnect attempts do not extend the grace)', () => {
    const lists = new RegisterLists(1000);
    lists.update('A', [g2]);
    lists.update('B', [g1]);
    lists.down('A', 0);
    lists.down('A', 900);
    assert.deepEqual(addresses(lists, 1000), [g1.address]);
  });

  it('an entry from a live Register wins over a stale one for the same address', () => {
    const lists = new RegisterLists(1000);
    lists.update('A', [{ ...g1, instance_id: 'old' }]);
    lists.down('A', 0);
    lists.update('B', [{ ...g1, instance_id: 'new' }]);
    assert.equal(lists.current(10)[0]?.instance_id, 'new');
  });
});
