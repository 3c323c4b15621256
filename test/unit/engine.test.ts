import { strict as assert } from 'node:assert';
import { createGatewayApi } from '../../src/api/gateway-api';
import { SENT, type ApiLink, type LinkDirectory } from '../../src/api/engine';
import { encodeClientId } from '../../src/client-id';
import { GatewayWorkerError } from '../../src/errors';
import type { ClientEvent__Output } from '../../src/rpc/generated/gatewayworker/v1/ClientEvent';
import type { Command } from '../../src/rpc/generated/gatewayworker/v1/Command';
import { EventDispatcher } from '../../src/worker/event-dispatcher';
import type { Events } from '../../src/worker/events';
import type { GatewayLink } from '../../src/worker/gateway-link';

const ADDRESS = '127.0.0.1:2300';

/** One Gateway link that records what it is sent; `congested` makes it ask callers to wait. */
function fakeLink(): ApiLink & { sent: Command[]; congested?: Promise<void> } {
  const link = {
    address: ADDRESS,
    sent: [] as Command[],
    congested: undefined as Promise<void> | undefined,
    send: (command: Command) => void link.sent.push(command),
    query: () => Promise.reject(new Error('no queries here')),
    whenWritable: () => link.congested,
  };
  return link;
}

function directoryOf(link: ApiLink, ready: () => void | Promise<void> = () => undefined): LinkDirectory {
  return {
    linkFor: (address) => (address === link.address ? link : undefined),
    fanOutLinks: () => ({ links: [link], missing: [] }),
    liveLinks: () => [link],
    ready,
  };
}

describe('the API engine: targeted commands (the hot path of every send)', () => {
  it('a send with nothing to wait for returns the one settled SENT promise, after queuing the command', async () => {
    const link = fakeLink();
    const api = createGatewayApi(directoryOf(link));
    const result = api.sendToClient(encodeClientId(ADDRESS, 7), 'hi');
    assert.equal(result, SENT);
    assert.deepEqual(link.sent, [{ send: { connection_ids: [7], data: Buffer.from('hi'), binary: false } }]);
    // A client of a Gateway that is not connected is offline: nothing sent, settled all the same.
    assert.equal(api.sendToClient(encodeClientId('10.0.0.1:1', 1), 'x'), SENT);
    assert.equal(link.sent.length, 1);
    await result;
  });

  it('a congested stream returns its promise, which the caller awaits', async () => {
    const link = fakeLink();
    let release: () => void = () => undefined;
    link.congested = new Promise<void>((resolve) => (release = resolve));
    const api = createGatewayApi(directoryOf(link));
    const result = api.sendToClient(encodeClientId(ADDRESS, 1), 'hi');
    assert.notEqual(result, SENT);
    let settled = false;
    void result.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    release();
    await result;
    assert.equal(settled, true);
  });

  it('waits for the directory to be ready before sending', async () => {
    const link = fakeLink();
    let open: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (open = resolve));
    const api = createGatewayApi(directoryOf(link, () => ready));
    const result = api.sendToClient(encodeClientId(ADDRESS, 1), 'hi');
    assert.notEqual(result, SENT);
    assert.equal(link.sent.length, 0);
    open();
    await result;
    assert.equal(link.sent.length, 1);
  });

  it('bad arguments reject (never throw): a malformed id, a message of the wrong type, a stopped directory', async () => {
    const link = fakeLink();
    const api = createGatewayApi(directoryOf(link));
    await assert.rejects(api.sendToClient('nope', 'x'), { code: 'GW_ERR_INVALID_CLIENT_ID' });
    await assert.rejects(api.sendToClient(encodeClientId(ADDRESS, 1), 42 as unknown as string), {
      code: 'GW_ERR_INVALID_ARGUMENT',
    });
    const stopped = createGatewayApi(
      directoryOf(link, () => {
        throw new GatewayWorkerError('GW_ERR_STOPPED', 'stopped');
      }),
    );
    await assert.rejects(stopped.sendToClient(encodeClientId(ADDRESS, 1), 'x'), { code: 'GW_ERR_STOPPED' });
    assert.equal(link.sent.length, 0);
  });
});

describe('the worker dispatcher and SENT', () => {
  function setUp(onMessage: Events['onMessage']) {
    const link = Object.assign(fakeLink(), { generation: 1, done: 0, eventDone: () => (link.done += 1) });
    const gateway = createGatewayApi(directoryOf(link));
    const logged: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (m: string) => logged.push(m) };
    const dispatcher = new EventDispatcher(
      { name: 'w', index: 0, gateway, timers: undefined as never },
      logger as never,
    );
    dispatcher.events = { onMessage };
    const events = (n: number): ClientEvent__Output[] =>
      Array.from({ length: n }, (_, i) => ({
        type: 'CLIENT_EVENT_TYPE_MESSAGE' as const,
        connection_id: 5,
        data: Buffer.from(String(i)),
      }));
    return { link, dispatcher, events, logged, asLink: link as unknown as GatewayLink };
  }

  it("a handler returning a plain send is done at once: a client's queued events run in the same turn, in order", () => {
    const { link, dispatcher, events, asLink } = setUp((ctx, message) => ctx.sendToCurrentClient(message));
    dispatcher.onEvents(asLink, events(3));
    assert.equal(dispatcher.handled, 3);
    assert.equal(link.done, 3);
    assert.deepEqual(
      link.sent.map((c) => c.send?.data?.toString()),
      ['0', '1', '2'],
    );
  });

  it("an async handler is still awaited before the client's next event; a rejection is logged and the next runs", async () => {
    const releases: Array<() => void> = [];
    const { dispatcher, events, logged, asLink } = setUp(
      (_ctx, message) =>
        new Promise<void>((resolve, reject) =>
          releases.push(message === '1' ? () => reject(new Error('boom')) : resolve),
        ),
    );
    dispatcher.onEvents(asLink, events(3));
    assert.equal(releases.length, 1);
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(releases.length, i + 1, 'the next event waits for the handler before it');
      assert.equal(dispatcher.handled, i);
      releases[i]!();
    }
    await dispatcher.whenIdle();
    assert.equal(dispatcher.handled, 3);
    assert.equal(releases.length, 3);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /onMessage threw .*boom/);
  });
});

describe('the worker dispatcher and thenables', () => {
  it('a thenable that settles twice (both callbacks, or one twice) completes its event once', () => {
    const link = Object.assign(fakeLink(), { generation: 1, done: 0, eventDone: () => (link.done += 1) });
    const logged: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (m: string) => logged.push(m) };
    const gateway = createGatewayApi(directoryOf(link));
    const dispatcher = new EventDispatcher(
      { name: 'w', index: 0, gateway, timers: undefined as never },
      logger as never,
    );
    dispatcher.events = {
      onMessage: () =>
        ({
          then(onDone: () => void, onError: (err: unknown) => void) {
            onDone();
            onError(new Error('late'));
            onDone();
          },
        }) as unknown as Promise<void>,
    };
    dispatcher.onEvents(link as unknown as GatewayLink, [
      { type: 'CLIENT_EVENT_TYPE_MESSAGE', connection_id: 1, data: Buffer.from('a') },
      { type: 'CLIENT_EVENT_TYPE_MESSAGE', connection_id: 1, data: Buffer.from('b') },
    ]);
    assert.equal(dispatcher.handled, 2);
    assert.equal(link.done, 2);
    assert.deepEqual(logged, []);
  });
});

describe('the API engine: order of calls', () => {
  /** A link that records commands and queries in the order they reach it. */
  function recordingLink(): ApiLink & { order: string[] } {
    const order: string[] = [];
    const kindOf = (command: Command): string => Object.keys(command).find((k) => k !== 'request_id') ?? '?';
    return {
      address: ADDRESS,
      order,
      send: (command) => void order.push(kindOf(command)),
      query: (command) => {
        order.push(kindOf(command));
        return Promise.resolve({ online: true, count: 0, clients: { rows: [] } });
      },
      whenWritable: () => undefined,
    };
  }
  const X = encodeClientId(ADDRESS, 3);
  /** One call of every way to reach a Gateway, none awaited (as a port of PHP code makes them). */
  const calls = (api: ReturnType<typeof createGatewayApi>) => [
    api.sendToAll('a'),
    api.sendToClient(X, 'b'),
    api.isOnline(X),
    api.setSession(X, { s: 1 }),
    api.leaveGroup(X, 'g'),
    api.getAllClientCount(),
    api.sendToGroup('g', 'c'),
    api.joinGroup(X, 'g'),
    api.ungroup('g'),
  ];
  const expected = [
    'broadcast',
    'send',
    'is_online',
    'session',
    'leave_group',
    'client_count',
    'send_to_groups',
    'join_group',
    'ungroup',
  ];

  it('reach the Gateway in the order they were made, awaited or not (a ready worker: each at once)', async () => {
    const link = recordingLink();
    const pending = calls(createGatewayApi(directoryOf(link)));
    assert.deepEqual(link.order, expected, 'sent synchronously, in call order');
    await Promise.all(pending);
  });

  it('reach the Gateway in the order they were made while the directory gets ready (a GatewayClient)', async () => {
    const link = recordingLink();
    let open: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (open = resolve));
    const pending = calls(createGatewayApi(directoryOf(link, () => ready)));
    assert.deepEqual(link.order, []);
    open();
    await Promise.all(pending);
    assert.deepEqual(link.order, expected);
    link.order.length = 0;
    await Promise.all(calls(createGatewayApi(directoryOf(link, () => ready))));
    assert.deepEqual(link.order, expected, 'once ready too');
  });

  it("setSession on the handler's own client changes ctx.session at once, before it is awaited", () => {
    const link = Object.assign(fakeLink(), { generation: 1, done: 0, eventDone: () => (link.done += 1) });
    const worker: { dispatcher?: EventDispatcher } = {};
    const gateway = createGatewayApi({
      ...directoryOf(link),
      onSessionCommand: (clientId, l, op, session): number =>
        worker.dispatcher?.onSessionCommand(clientId, l as unknown as GatewayLink, op, session) ?? 0,
    });
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const dispatcher = (worker.dispatcher = new EventDispatcher(
      { name: 'w', index: 0, gateway, timers: undefined as never },
      logger as never,
    ));
    const seen: unknown[] = [];
    dispatcher.events = {
      onMessage(ctx) {
        void ctx.gateway.setSession(ctx.clientId, { a: 1 });
        seen.push({ ...ctx.session });
        ctx.session.b = 2;
        void ctx.gateway.updateSession(ctx.clientId, { c: 3 });
        seen.push({ ...ctx.session });
      },
    };
    dispatcher.onEvents(link as unknown as GatewayLink, [
      {
        type: 'CLIENT_EVENT_TYPE_MESSAGE',
        connection_id: 1,
        data: Buffer.from('m'),
        session: Buffer.from('{"old":1}'),
      },
    ]);
    assert.deepEqual(seen, [{ a: 1 }, { a: 1, b: 2, c: 3 }]);
  });
});
