import { strict as assert } from 'node:assert';
import { SessionReplica } from '../../src/gateway/session-replica';
import { MAX_SESSION_BYTES, MAX_SESSION_DEPTH } from '../../src/session';

const json = (value: unknown): string => JSON.stringify(value);

describe('SessionReplica (the Gateway side of session replication)', () => {
  it('applies replace, merge and patch; its bytes are the JSON of the result, byte for byte', () => {
    const replica = new SessionReplica();
    assert.equal(replica.bytes().toString(), '{}');
    replica.apply({ op: 'replace', json: json({ a: { x: 1 }, b: 'ü' }) });
    replica.apply({ op: 'merge', json: json({ a: { y: [2] }, c: null }) });
    replica.apply({ op: 'patch', json: json({ d: true }), unset: ['b'] });
    assert.deepEqual(replica.value(), { a: { x: 1, y: [2] }, c: null, d: true });
    assert.equal(replica.byteLength, replica.bytes().length);
    assert.deepEqual(JSON.parse(replica.bytes().toString()), replica.value());
  });

  it('sends the bound worker a copy only when its copy is stale, and always its last processed seq', () => {
    const replica = new SessionReplica();
    replica.apply({ op: 'replace', json: json({ n: 1 }) });
    replica.workerBound();
    assert.equal(replica.stamp().session?.toString(), '{"n":1}');
    assert.deepEqual(replica.stamp(), {});
    // The worker's own numbered change, made on a current copy: the copy stays current.
    replica.apply({ op: 'patch', json: json({ n: 2 }), unset: [] }, 1);
    assert.deepEqual(replica.stamp(), { session_seq: 1 });
    // Anyone else's change makes it stale.
    replica.apply({ op: 'merge', json: json({ m: 1 }) });
    replica.apply({ op: 'patch', json: json({ n: 3 }), unset: [] }, 2);
    assert.deepEqual(replica.stamp(), { session: Buffer.from('{"n":3,"m":1}'), session_seq: 2 });
    // A new worker has no copy and numbered nothing.
    replica.workerBound();
    assert.deepEqual(replica.stamp(), { session: Buffer.from('{"n":3,"m":1}') });
  });

  it('refuses sessions over the size limit, also when reached by merges; the session stays as it was', () => {
    const replica = new SessionReplica();
    const half = 'x'.repeat(MAX_SESSION_BYTES / 2);
    assert.throws(() => replica.apply({ op: 'replace', json: json({ big: half + half }) }), {
      code: 'GW_ERR_INVALID_ARGUMENT',
      message: /session too large/,
    });
    replica.apply({ op: 'merge', json: json({ a: half }) });
    assert.throws(() => replica.apply({ op: 'merge', json: json({ b: half }) }), {
      code: 'GW_ERR_INVALID_ARGUMENT',
    });
    assert.deepEqual(Object.keys(replica.value()), ['a']);
    // Replacing a key by a value of the same size is fine: the limit counts the result exactly.
    replica.apply({ op: 'patch', json: json({ a: half }), unset: [] });
    assert.equal(replica.byteLength, Buffer.byteLength(json({ a: half })));
  });

  it('refuses deep nesting (20,000 levels used to crash the Gateway) before parsing it', () => {
    const replica = new SessionReplica();
    const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    assert.throws(() => replica.apply({ op: 'replace', json: deep }), {
      code: 'GW_ERR_INVALID_ARGUMENT',
      message: /nested too deep/,
    });
    const atLimit = '{"a":'.repeat(MAX_SESSION_DEPTH - 1) + '[]' + '}'.repeat(MAX_SESSION_DEPTH - 1);
    replica.apply({ op: 'replace', json: atLimit });
    const tooDeep = '{"a":'.repeat(MAX_SESSION_DEPTH) + '[]' + '}'.repeat(MAX_SESSION_DEPTH);
    assert.throws(() => replica.apply({ op: 'merge', json: tooDeep }), { code: 'GW_ERR_INVALID_ARGUMENT' });
    // Brackets inside strings do not count.
    replica.apply({ op: 'replace', json: json({ s: '[[[[{{{{\\"'.repeat(100) }) });
    assert.ok(replica.bytes().length > 0);
  });

  it('a refused numbered change of the bound worker sends it a fresh copy with that seq', () => {
    const replica = new SessionReplica();
    replica.workerBound();
    replica.stamp();
    assert.throws(() => replica.apply({ op: 'patch', json: '{"a":', unset: [] }, 1));
    assert.deepEqual(replica.stamp(), { session: Buffer.from('{}'), session_seq: 1 });
  });
});
