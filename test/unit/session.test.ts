import { strict as assert } from 'node:assert';
import {
  applyPatch,
  deepMerge,
  jsonDepth,
  MAX_SESSION_BYTES,
  MAX_SESSION_DEPTH,
  parseSession,
  serializeSession,
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

  it('jsonDepth counts nested objects and arrays, not brackets in strings', () => {
    assert.equal(jsonDepth('{}'), 1);
    assert.equal(jsonDepth('{"a":[{"b":1}],"c":{}}'), 3);
    assert.equal(jsonDepth('{"a":"[[{\\"\\\\","b":[]}'), 2);
    assert.equal(jsonDepth('1'), 0);
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

  it('parseSession and serializeSession enforce the size and depth limits', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 1; i < MAX_SESSION_DEPTH; i++) deep = { d: deep };
    assert.doesNotThrow(() => parseSession(serializeSession(deep)));
    assert.throws(() => serializeSession({ d: deep }), { message: /nested too deep/ });
    assert.throws(() => parseSession(JSON.stringify({ d: deep })), { message: /nested too deep/ });
    const big = { s: 'x'.repeat(MAX_SESSION_BYTES) };
    assert.throws(() => serializeSession(big), { code: 'GW_ERR_INVALID_ARGUMENT', message: /too large/ });
    assert.throws(() => parseSession(JSON.stringify(big)), { message: /too large/ });
  });
});
