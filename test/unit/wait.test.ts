import { strict as assert } from 'node:assert';
import { eventually } from '../helpers/wait';

describe('test helper eventually()', () => {
  it('returns as soon as the check passes', async () => {
    let attempts = 0;
    assert.equal(
      await eventually(() => {
        attempts += 1;
        assert.ok(attempts >= 3);
        return 'done';
      }, 1000),
      'done',
    );
    assert.equal(attempts, 3);
  });

  it('on timeout throws the last assertion error, with its actual and expected values', async () => {
    let n = 0;
    await assert.rejects(
      eventually(() => assert.equal(++n, -1), 50),
      (err: assert.AssertionError) => {
        assert.equal(err.name, 'AssertionError');
        assert.equal(err.expected, -1);
        assert.equal(err.actual, n, 'the last attempt');
        assert.match(err.message, /^still failing after 50 ms: /);
        return true;
      },
    );
  });

  it('cuts off an attempt that hangs at the deadline', async () => {
    const startedAt = Date.now();
    await assert.rejects(
      eventually(() => new Promise<never>(() => undefined), 40),
      /eventually: no attempt finished within 40 ms/,
    );
    assert.ok(Date.now() - startedAt < 1000);
  });
});
