import { strict as assert } from 'node:assert';
import type { Events, SessionData } from '../../src/index';
import { createChatEvents } from '../../examples/chat/events';
import { Cluster } from '../helpers/cluster';
import type { TestClient } from '../helpers/ws-client';

type Json = Record<string, unknown>;

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const CLIENT_ID = /^[0-9a-f]{20}$/;

async function nextJson(client: TestClient, timeoutMs?: number): Promise<Json> {
  return JSON.parse(await client.next(timeoutMs)) as Json;
}

/** Logs in and returns the server's answer (the one with client_list). */
async function login(client: TestClient, name: string, room: string | number): Promise<Json> {
  client.send(JSON.stringify({ type: 'login', client_name: name, room_id: room }));
  const reply = await nextJson(client);
  assert.equal(reply.type, 'login');
  assert.ok(reply.client_list, `login answer without client_list: ${JSON.stringify(reply)}`);
  return reply;
}

function say(client: TestClient, to: string, content: string, toName = ''): void {
  client.send(JSON.stringify({ type: 'say', to_client_id: to, to_client_name: toName, content }));
}

let markers = 0;

/**
 * Asserts that nothing more is on its way to `clients` and that no handler threw. Every worker
 * sends a marker to everyone: whatever a worker sent a client before reaches it before that
 * worker's marker (one ordered stream per worker and Gateway), so no waiting for silence.
 */
async function expectNothingMore(cluster: Cluster, clients: Record<string, TestClient>): Promise<void> {
  const sent = cluster.workers.map((_, i) => `marker ${i}.${++markers}`);
  await Promise.all(cluster.workers.map((worker, i) => worker.gateway.sendToAll(sent[i]!)));
  for (const [name, client] of Object.entries(clients)) {
    const pending = new Set(sent);
    const extra: string[] = [];
    while (pending.size > 0) {
      const message = await client.next();
      if (!pending.delete(message)) extra.push(message);
    }
    assert.deepEqual(extra, [], `${name} received more than expected`);
  }
  assert.ok(!cluster.logs.has(/threw/), 'no handler threw');
}

describe('chat example (workerman-chat protocol)', () => {
  let cluster: Cluster;
  let ignored: string[];

  beforeEach(async () => {
    ignored = [];
    cluster = await Cluster.start({
      gateways: 2,
      workers: 2,
      events: createChatEvents((line) => ignored.push(line)) as Events<SessionData>,
    });
  });
  afterEach(() => cluster?.close());

  /** S1's setup: A (gateway 0) and B (gateway 1) in room 1, C (gateway 0) in room 2. */
  async function threeClients(): Promise<{
    a: TestClient;
    b: TestClient;
    c: TestClient;
    ids: { a: string; b: string; c: string };
    answers: { a: Json; b: Json; c: Json };
  }> {
    const a = await cluster.connect(0);
    const b = await cluster.connect(1);
    const c = await cluster.connect(0);
    const answers = { a: await login(a, 'a', 1), b: await login(b, 'b', 1), c: await login(c, 'c', 2) };
    const ids = {
      a: String(answers.a.client_id),
      b: String(answers.b.client_id),
      c: String(answers.c.client_id),
    };
    // A learns of B's login (B logged in after A had joined).
    const notice = await nextJson(a);
    assert.deepEqual(
      { ...notice, time: '' },
      { type: 'login', client_id: ids.b, client_name: 'b', time: '' },
    );
    assert.match(String(notice.time), TIME);
    return { a, b, c, ids, answers };
  }

  it('S1: login answers with the room list, tells the room, and stays within the room', async () => {
    const { a, b, c, ids, answers } = await threeClients();
    for (const id of Object.values(ids)) assert.match(id, CLIENT_ID);
    assert.notEqual(ids.a.slice(0, 12), ids.b.slice(0, 12), 'A and B are on different gateways');
    assert.deepEqual(answers.a, {
      type: 'login',
      client_id: ids.a,
      client_name: 'a',
      time: answers.a.time,
      client_list: { [ids.a]: 'a' },
    });
    assert.match(String(answers.a.time), TIME);
    assert.deepEqual(answers.b.client_list, { [ids.a]: 'a', [ids.b]: 'b' });
    assert.equal(answers.b.client_id, ids.b);
    assert.deepEqual(answers.c.client_list, { [ids.c]: 'c' });
    // B got no notice of its own login, and nobody in room 1 heard of C.
    await expectNothingMore(cluster, { a, b, c });
  });

  it('S2: a private say reaches its target and the sender; a say to all reaches the room once each', async () => {
    const { a, b, c, ids } = await threeClients();

    say(a, ids.b, 'hi', 'b');
    const toB = await nextJson(b);
    assert.deepEqual(toB, {
      type: 'say',
      from_client_id: ids.a,
      from_client_name: 'a',
      to_client_id: ids.b,
      content: '<b>对你说: </b>hi',
      time: toB.time,
    });
    assert.match(String(toB.time), TIME);
    assert.deepEqual(await nextJson(a), { ...toB, content: '<b>你对b说: </b>hi' });
    await expectNothingMore(cluster, { a, b, c });

    say(a, 'all', 'hello room');
    for (const client of [a, b]) {
      const got = await nextJson(client);
      assert.deepEqual(got, {
        type: 'say',
        from_client_id: ids.a,
        from_client_name: 'a',
        to_client_id: 'all',
        content: 'hello room',
        time: got.time,
      });
    }
    await expectNothingMore(cluster, { a, b, c });
  });

  it('S3: closing a socket tells the room within 1 s and leaves the group', async () => {
    const { a, b, c, ids } = await threeClients();
    const [logout] = await Promise.all([nextJson(b, 1000), a.close()]);
    assert.deepEqual(logout, {
      type: 'logout',
      from_client_id: ids.a,
      from_client_name: 'a',
      time: logout.time,
    });
    assert.match(String(logout.time), TIME);
    assert.deepEqual(await cluster.workers[0]!.gateway.getClientIdListByGroup('1'), [ids.b]);
    await expectNothingMore(cluster, { b, c });
  });

  it('escapes HTML in names and contents; the private prefix stays markup', async () => {
    const x = await cluster.connect(0);
    const y = await cluster.connect(1);
    const xAnswer = await login(x, '<script>alert("x")</script>', 'esc');
    const xName = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';
    assert.equal(xAnswer.client_name, xName);
    const yAnswer = await login(y, "y&'", 'esc');
    const [xId, yId] = [String(xAnswer.client_id), String(yAnswer.client_id)];
    assert.deepEqual(yAnswer.client_list, { [xId]: xName, [yId]: 'y&amp;&#039;' });
    assert.equal((await nextJson(x)).client_name, 'y&amp;&#039;');

    say(y, 'all', '<img src=x onerror=alert(1)>\nnext line');
    for (const client of [x, y]) {
      const got = await nextJson(client);
      assert.equal(got.from_client_name, 'y&amp;&#039;');
      assert.equal(got.content, '&lt;img src=x onerror=alert(1)&gt;<br />\nnext line');
    }
    say(y, xId, '<u>psst</u>', '<i>');
    assert.equal((await nextJson(x)).content, '<b>对你说: </b>&lt;u&gt;psst&lt;/u&gt;');
    assert.equal((await nextJson(y)).content, '<b>你对&lt;i&gt;说: </b>&lt;u&gt;psst&lt;/u&gt;');
    await expectNothingMore(cluster, { x, y });
  });

  it('ignores malformed messages and a say before login; the client stays connected and served', async () => {
    const d = await cluster.connect(1);
    for (const bad of [
      'not json',
      '[1]',
      'null',
      '{"type":"nope"}',
      '{"type":"say","to_client_id":"all","content":"too early"}',
      '{"type":"login","room_id":1}',
      '{"type":"pong"}',
    ])
      d.send(bad);
    // Events of one client are handled in order: by the answer, every message above was handled.
    const answer = await login(d, 'd', 1);
    assert.deepEqual(answer.client_list, { [String(answer.client_id)]: 'd' });
    assert.equal(ignored.length, 6, ignored.join('\n')); // all but the pong
    assert.match(ignored[0]!, /not JSON/);

    say(d, 'not-a-client-id', 'to nobody');
    say(d, 'all', 'still here');
    assert.equal((await nextJson(d)).content, 'still here');
    assert.equal(ignored.length, 7);
    assert.ok(d.isOpen);
    await expectNothingMore(cluster, { d });
  });
});
