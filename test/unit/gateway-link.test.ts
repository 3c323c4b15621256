import { strict as assert } from 'node:assert';
import { commandSize, sortQueued, unnumbered } from '../../src/worker/gateway-link';

describe('commands queued on a worker stream', () => {
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

  it('a session change queued across a reconnect goes out unnumbered; the queued command is not changed', () => {
    const queued = {
      session: { connection_id: 7, op: 'SESSION_OP_PATCH' as const, json: Buffer.from('{}'), seq: 5 },
    };
    assert.deepEqual(unnumbered(queued), { session: { ...queued.session, seq: 0 } });
    assert.equal(queued.session.seq, 5);
    const send = { send: { connection_ids: [1], data: Buffer.from('x') } };
    assert.equal(unnumbered(send), send);
  });
});

describe('commands queued for a Gateway that restarted (sortQueued)', () => {
  const send = { send: { connection_ids: [7], data: Buffer.from('x') } };
  const close = { close: { connection_id: 7 } };
  const toUid = { send_to_uids: { uids: ['u1'], data: Buffer.from('x') } };
  const toGroupExcept = {
    send_to_groups: { groups: ['g'], data: Buffer.from('x'), exclude_connection_ids: [7] },
  };
  const query = { request_id: 5, is_online: { connection_id: 7 } };

  it('keeps everything meant for the instance that welcomed the stream, and what was not stamped', () => {
    const queued = [{ command: send, instanceId: 'a' }, { command: query }];
    assert.deepEqual(sortQueued(queued, 'a'), { keep: [send, query], dropped: 0, failedQueries: [] });
  });

  it('for another instance: drops what names connection ids, fails queries, still sends uid commands', () => {
    const queued = [send, close, toUid, toGroupExcept, query].map((command) => ({
      command,
      instanceId: 'old',
    }));
    assert.deepEqual(sortQueued(queued, 'new'), { keep: [toUid], dropped: 3, failedQueries: [5] });
  });
});
