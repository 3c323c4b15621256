import { strict as assert } from 'node:assert';
import { connectionCap, openFileLimit, RESERVED_FILES } from '../../src/gateway/open-file-limit';

describe('connectionCap (maxConnections below the open-file limit)', () => {
  it('keeps maxConnections when the limit allows it, or when the limit is unknown', () => {
    assert.deepEqual(connectionCap(50_000, 1_048_576), { cap: 50_000, lowered: false });
    assert.deepEqual(connectionCap(50_000, undefined), { cap: 50_000, lowered: false });
  });

  it('lowers it to the limit minus the reserve, never below 1', () => {
    assert.deepEqual(connectionCap(50_000, 20_000), { cap: 20_000 - RESERVED_FILES, lowered: true });
    assert.deepEqual(connectionCap(50_000, 10), { cap: 1, lowered: true });
  });

  it("reads this process's soft limit on Linux", function () {
    if (process.platform !== 'linux') this.skip();
    const limit = openFileLimit();
    assert.ok(limit === undefined || (Number.isInteger(limit) && limit > 0), String(limit));
  });
});
