import { strict as assert } from 'node:assert';
import { MAX_SESSION_BYTES } from '../../src/session';
import { SessionCopy } from '../../src/worker/session-copy';

/** Runs one "handler" on the copy and returns its write-back (or the error that refused it). */
function handle(
  copy: SessionCopy,
  handler: (read: () => Record<string, unknown>) => void,
  fresh?: unknown,
  sessionSeq = 0,
): { json?: unknown; unset?: string[]; seq?: number; error?: Error } {
  copy.beginEvent(fresh === undefined ? undefined : Buffer.from(JSON.stringify(fresh)), sessionSeq);
  handler(() => copy.read());
  try {
    const changes = copy.takeChanges();
    return changes
      ? { json: JSON.parse(changes.json.toString()), unset: changes.unset, seq: changes.seq }
      : {};
  } catch (err) {
    return { error: err as Error };
  } finally {
    copy.endEvent();
  }
}

describe('SessionCopy (the worker side of session replication)', () => {
  it('a handler that does not read the session encodes nothing', () => {
    let encodings = 0;
    const counted = { toJSON: () => (encodings++, 'v') };
    const copy = new SessionCopy();
    handle(copy, (read) => (read().k = counted));
    const after = encodings;
    for (let i = 0; i < 10; i++)
      assert.deepEqual(
        handle(copy, () => undefined),
        {},
      );
    assert.equal(encodings, after);
    handle(copy, (read) => read());
    assert.equal(encodings, after + 2, 'read: the baseline and the comparison after the handler');
  });

  it('a handler that reads starts from the encoding the previous one settled with (one encoding, not two)', () => {
    let encodings = 0;
    const counted = { toJSON: () => (encodings++, 'v') };
    const copy = new SessionCopy();
    /** Like the dispatcher: changes taken when the handler settles, then endEvent(true). */
    const settle = (handler: (s: Record<string, unknown>) => void, fresh?: unknown) => {
      copy.beginEvent(fresh === undefined ? undefined : Buffer.from(JSON.stringify(fresh)), 0);
      handler(copy.read());
      const changes = copy.takeChanges();
      copy.endEvent(true);
      return changes && JSON.parse(changes.json.toString());
    };
    assert.deepEqual(
      settle((s) => (s.k = counted)),
      { k: 'v' },
    );
    assert.equal(encodings, 1);
    settle(() => undefined); // reads (the baseline is reused), changes nothing
    assert.equal(encodings, 2, 'only the comparison after the handler');
    copy.beginEvent(undefined, 0);
    copy.endEvent(true); // a handler that does not read keeps what was settled
    assert.deepEqual(
      settle((s) => (s.n = 1)),
      { n: 1 },
    );
    assert.equal(encodings, 3);
    // Whatever changes the copy between handlers makes the next one encode afresh.
    copy.applyOwn('merge', '{"m":2}');
    assert.deepEqual(
      settle((s) => (s.n = 2)),
      { n: 2 },
    );
    assert.equal(encodings, 6, 'after an own updateSession (its size check, then baseline and comparison)');
    assert.deepEqual(
      settle((s) => (s.n = 3), { k: 'w', n: 2 }),
      { n: 3 },
    );
    copy.beginEvent(undefined, 0);
    copy.read().n = 4;
    copy.endEvent(); // onClose: dropped, so nothing settled
    assert.deepEqual(
      settle((s) => (s.n = 5)),
      { n: 5 },
    );
  });

  it('writes back top-level changes, nested mutations included, numbered 1, 2, 3', () => {
    const copy = new SessionCopy();
    assert.deepEqual(
      handle(copy, (read) => (read().a = { b: { c: 1 } }), { x: 1 }),
      {
        json: { a: { b: { c: 1 } } },
        unset: [],
        seq: 1,
      },
    );
    const nested = handle(copy, (read) => {
      (read().a as { b: { c: number } }).b.c = 2;
      delete read().x;
    });
    assert.deepEqual(nested, { json: { a: { b: { c: 2 } } }, unset: ['x'], seq: 2 });
    assert.deepEqual(
      handle(copy, (read) => read()),
      {},
    );
  });

  it('puts its unprocessed changes on top of a fresh copy; forgets those the Gateway processed', () => {
    const copy = new SessionCopy();
    handle(copy, (read) => (read().n = 1)); // seq 1
    handle(copy, (read) => (read().m = 1)); // seq 2
    let seen: unknown;
    handle(copy, (read) => (seen = { ...read() }), { n: 1, other: true }, 1);
    assert.deepEqual(seen, { n: 1, other: true, m: 1 });
    handle(copy, (read) => (seen = { ...read() }), { fresh: 1 }, 2);
    assert.deepEqual(seen, { fresh: 1 });
  });

  it('a value JSON cannot encode (BigInt) is refused and the session put back; the next event is fine', () => {
    const copy = new SessionCopy();
    handle(copy, (read) => (read().ok = 1));
    const refused = handle(copy, (read) => {
      read().n = 1n;
      read().ok = 2;
    });
    assert.equal((refused.error as { code?: string }).code, 'GW_ERR_INVALID_ARGUMENT');
    let seen: unknown;
    assert.deepEqual(
      handle(copy, (read) => (seen = { ...read() })),
      {},
    );
    assert.deepEqual(seen, { ok: 1 });
  });

  it('a write-back over the size limit is refused and the session put back', () => {
    const copy = new SessionCopy();
    // {"big":"x…"} is the string's length + 10 bytes: exactly at the limit is fine, one more is not.
    assert.equal(handle(copy, (read) => (read().big = 'x'.repeat(MAX_SESSION_BYTES - 10))).seq, 1);
    assert.match(
      handle(copy, (read) => (read().big = 'x'.repeat(MAX_SESSION_BYTES - 9))).error?.message ?? '',
      /too large/,
    );
    handle(copy, (read) => delete read().big);
    const refused = handle(copy, (read) => (read().big = 'x'.repeat(MAX_SESSION_BYTES)));
    assert.match(refused.error?.message ?? '', /session too large/);
    let seen: unknown;
    handle(copy, (read) => (seen = { ...read() }));
    assert.deepEqual(seen, {});
  });

  it('setSession/updateSession inside a handler: earlier handler changes are taken first, then the op is numbered', () => {
    const copy = new SessionCopy();
    copy.beginEvent(undefined, 0);
    const live = copy.read();
    live.a = 1;
    assert.deepEqual(JSON.parse(copy.takeChanges()!.json.toString()), { a: 1 });
    assert.equal(copy.applyOwn('merge', '{"b":{"c":1}}'), 2);
    assert.equal(live, copy.read(), 'the handler keeps the live object');
    assert.deepEqual({ ...live }, { a: 1, b: { c: 1 } });
    live.d = 1;
    assert.deepEqual(JSON.parse(copy.takeChanges()!.json.toString()), { d: 1 });
    copy.endEvent();
    assert.throws(() => copy.applyOwn('merge', JSON.stringify({ big: 'x'.repeat(MAX_SESSION_BYTES) })), {
      code: 'GW_ERR_INVALID_ARGUMENT',
    });
  });

  it('after its stream is gone, changes go unnumbered (seq 0)', () => {
    const copy = new SessionCopy();
    copy.beginEvent(undefined, 0);
    copy.read().a = 1;
    copy.detach();
    assert.equal(copy.takeChanges()?.seq, 0);
    assert.equal(copy.applyOwn('replace', '{}'), 0);
  });
});
