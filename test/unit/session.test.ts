import { strict as assert } from 'node:assert';
import {
  applyPatch,
  deepMerge,
  diffSessions,
  parseSession,
  serializeSession,
  snapshotSession,
} from '../../src/session';

describe('sessions', () => {
  it('deepMerge merges objects key by key and replaces everything else (S6)', () => {
    assert.deepEqual(deepMerge({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 3 }, c: 1 }), {
      a: { x: 1, y: 3 },
      b: 1,
      c: 1,
    });
    assert.deepEqual(deepMerge({ list: [1, 2, 3] }, { list: [9] }), { list: [9] });
    assert.deepEqual(deepMerge({ a: { x: 1 } }, { a: 5 }), { a: 5 });
  });

  it('applyPatch sets top-level keys and deletes others', () => {
    assert.deepEqual(applyPatch({ a: 1, b: 2 }, { c: 3, a: 0 }, ['b']), { a: 0, c: 3 });
  });

  it('diffSessions finds changed, added and removed top-level keys, including nested changes', () => {
    const before = snapshotSession({ a: 1, b: { deep: [1] }, c: 'x' });
    const diff = diffSessions(before, { a: 1, b: { deep: [1, 2] }, d: true });
    assert.deepEqual(diff, { set: { b: { deep: [1, 2] }, d: true }, unset: ['c'], changed: true });
    assert.equal(diffSessions(before, { a: 1, b: { deep: [1] }, c: 'x' }).changed, false);
  });

  it('parseSession accepts only JSON objects', () => {
    assert.deepEqual(parseSession('{"a":1}'), { a: 1 });
    for (const bad of ['[1]', 'null', '3', '{oops']) {
      assert.throws(() => parseSession(bad), { code: 'GW_ERR_INVALID_ARGUMENT' });
    }
  });

  it('serializeSession refuses what JSON cannot carry', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => serializeSession(cyclic), { code: 'GW_ERR_INVALID_ARGUMENT' });
    assert.throws(() => serializeSession({ n: 1n }), { code: 'GW_ERR_INVALID_ARGUMENT' });
    assert.equal(serializeSession({ a: [1] }), '{"a":[1]}');
  });
});
