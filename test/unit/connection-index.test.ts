import { strict as assert } from 'node:assert';
import { ConnectionIndex } from '../../src/gateway/connection-index';

describe('ConnectionIndex', () => {
  it('a client has one uid at most; binding another moves it; a uid has many clients', () => {
    const index = new ConnectionIndex();
    index.bindUid(1, 'a');
    index.bindUid(2, 'a');
    index.bindUid(1, 'b');
    assert.deepEqual([...index.clientsOfUids(['a'])], [2]);
    assert.deepEqual([...index.clientsOfUids(['b'])], [1]);
    assert.deepEqual([...index.clientsOfUids(['a', 'b', 'a'])].sort(), [1, 2]);
    assert.equal(index.uidOf(1), 'b');
  });

  it('unbindUid with a uid only unbinds that one', () => {
    const index = new ConnectionIndex();
    index.bindUid(1, 'a');
    index.unbindUid(1, 'other');
    assert.equal(index.uidOf(1), 'a');
    index.unbindUid(1, 'a');
    assert.equal(index.uidOf(1), undefined);
    assert.equal(index.clientsOfUids(['a']).size, 0);
  });

  it('groups: join is idempotent, members are distinct across groups, empty groups vanish', () => {
    const index = new ConnectionIndex();
    index.joinGroup(1, 'g');
    index.joinGroup(1, 'g');
    index.joinGroup(1, 'h');
    index.joinGroup(2, 'g');
    assert.deepEqual([...index.clientsOfGroups(['g', 'h'])].sort(), [1, 2]);
    assert.deepEqual(index.groupsOf(1).sort(), ['g', 'h']);
    index.leaveGroup(1, 'h');
    assert.deepEqual(index.groups().sort(), ['g']);
    index.ungroup('g');
    assert.deepEqual(index.groups(), []);
    assert.deepEqual(index.groupsOf(2), []);
  });

  it('removeClient forgets its uid and groups', () => {
    const index = new ConnectionIndex();
    index.bindUid(1, 'a');
    index.joinGroup(1, 'g');
    index.joinGroup(2, 'g');
    index.removeClient(1);
    assert.equal(index.uidOf(1), undefined);
    assert.equal(index.clientsOfUids(['a']).size, 0);
    assert.deepEqual([...index.clientsOfGroups(['g'])], [2]);
  });
});
