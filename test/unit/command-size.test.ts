import { strict as assert } from 'node:assert';
import { commandSize } from '../../src/worker/gateway-link';

describe('commandSize (batch byte cap and backpressure of a worker stream)', () => {
  const payload = Buffer.alloc(100_000);
  it('counts the payload of every kind of command, uid and group broadcasts included', () => {
    const commands = [
      { send: { connection_ids: [1], data: payload } },
      { broadcast: { data: payload } },
      { send_to_uids: { uids: ['u1'], data: payload } },
      { send_to_groups: { groups: ['g1'], data: payload, exclude_connection_ids: [] } },
      { close: { connection_id: 1, has_message: true, data: payload } },
      { session: { connection_id: 1, json: payload } },
    ];
    for (const command of commands) {
      assert.ok(commandSize(command) >= payload.length, `${Object.keys(command)[0]} counted`);
    }
  });

  it('counts names and ids too', () => {
    const uids = Array.from({ length: 1000 }, (_, i) => `user-${i}`);
    assert.ok(commandSize({ send_to_uids: { uids, data: Buffer.alloc(0) } }) > 6000);
    assert.ok(commandSize({ send: { connection_ids: Array.from({ length: 1000 }, (_, i) => i) } }) > 4000);
  });
});
