import { strict as assert } from 'node:assert';
import { OPERATIONS, type OperationName } from '../../src/api/operations';
import { GatewayClient, type EventContext, type GatewayApi } from '../../src/index';
import type { SessionData } from '../../src/session';
import { Cluster } from '../helpers/cluster';
import { unaryClient } from '../helpers/unary-client';
import { eventually } from '../helpers/wait';
import type { TestClient } from '../helpers/ws-client';

/**
 * Every operation of the table, through every surface: a handler's ctx.gateway, a GatewayClient,
 * the Gateway's unary RPC and the Register's cluster-wide one. All four must give the same
 * response and the same effect on WebSocket clients. An operation without a case here, or not
 * reachable on some surface, fails this test.
 */

type Label = 'a' | 'b' | 'c';
const LABELS: Label[] = ['a', 'b', 'c'];
type Ids = Record<Label, string>;
type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;

interface Case {
  args(ids: Ids): unknown[];
  request(ids: Ids): object;
  /** Queries: the unary response (client ids as labels; default values left out). */
  response?: unknown;
  /** Commands: the text messages each client receives (before the end marker); a closed client ends with 'CLOSED'. */
  received?: Partial<Record<Label, string[]>>;
  /** Commands: a check of the state afterwards, through a GatewayClient. */
  state?: (api: GatewayApi, ids: Ids) => Promise<void>;
}

// Every case starts from: a (uid u1, groups g1 g2, session {n:'a'}), b (uid u2, group g1,
// session {n:'b'}), c (nothing), all on one Gateway.
const CASES: Record<OperationName, Case> = {
  sendToClient: {
    args: (i) => [i.a, 'm'],
    request: (i) => ({ client_id: i.a, text: 'm' }),
    received: { a: ['m'] },
  },
  // Defect 4.1: a client listed twice gets the message once.
  sendToAll: {
    args: (i) => ['m', { clientIds: [i.a, i.a, i.b] }],
    request: (i) => ({ text: 'm', client_ids: [i.a, i.a, i.b] }),
    received: { a: ['m'], b: ['m'] },
  },
  sendToUid: {
    args: () => [['u1', 'u2'], 'm'],
    request: () => ({ uids: ['u1', 'u2'], text: 'm' }),
    received: { a: ['m'], b: ['m'] },
  },
  sendToGroup: {
    args: (i) => [['g1', 'g2'], 'm', { exclude: [i.b] }],
    request: (i) => ({ groups: ['g1', 'g2'], text: 'm', exclude_client_ids: [i.b] }),
    received: { a: ['m'] },
  },
  closeClient: {
    args: (i) => [i.a, 'bye'],
    request: (i) => ({ client_id: i.a, text: 'bye' }),
    received: { a: ['bye', 'CLOSED'] },
  },
  destroyClient: { args: (i) => [i.a], request: (i) => ({ client_id: i.a }), received: { a: ['CLOSED'] } },
  bindUid: {
    args: (i) => [i.c, 'u3'],
    request: (i) => ({ client_id: i.c, uid: 'u3' }),
    state: async (api, i) => assert.deepEqual(await api.getClientIdByUid('u3'), [i.c]),
  },
  unbindUid: {
    args: (i) => [i.a],
    request: (i) => ({ client_id: i.a }),
    state: async (api, i) => assert.equal(await api.getUidByClientId(i.a), null),
  },
  joinGroup: {
    args: (i) => [i.c, 'g2'],
    request: (i) => ({ client_id: i.c, group: 'g2' }),
    state: async (api, i) => assert.deepEqual(await api.getClientIdListByGroup('g2'), [i.a, i.c]),
  },
  leaveGroup: {
    args: (i) => [i.a, 'g1'],
    request: (i) => ({ client_id: i.a, group: 'g1' }),
    state: async (api, i) => assert.deepEqual(await api.getClientIdListByGroup('g1'), [i.b]),
  },
  ungroup: {
    args: () => ['g1'],
    request: () => ({ group: 'g1' }),
    state: async (api) => assert.deepEqual(await api.getAllGroupIdList(), ['g2']),
  },
  setSession: {
    args: (i) => [i.a, { x: 1 }],
    request: (i) => ({ client_id: i.a, session_json: '{"x":1}' }),
    state: async (api, i) => assert.deepEqual(await api.getSession(i.a), { x: 1 }),
  },
  updateSession: {
    args: (i) => [i.a, { m: { k: 1 } }],
    request: (i) => ({ client_id: i.a, session_json: '{"m":{"k":1}}' }),
    state: async (api, i) => assert.deepEqual(await api.getSession(i.a), { n: 'a', m: { k: 1 } }),
  },
  isOnline: { args: (i) => [i.a], request: (i) => ({ client_id: i.a }), response: { online: true } },
  isUidOnline: { args: () => ['u2'], request: () => ({ uid: 'u2' }), response: { online: true } },
  getClientIdByUid: { args: () => ['u1'], request: () => ({ uid: 'u1' }), response: { client_ids: ['a'] } },
  getUidByClientId: { args: (i) => [i.b], request: (i) => ({ client_id: i.b }), response: { uid: 'u2' } },
  getSession: {
    args: (i) => [i.a],
    request: (i) => ({ client_id: i.a }),
    response: { found: true, session_json: '{"n":"a"}' },
  },
  getAllClientCount: { args: () => [], request: () => ({}), response: { count: 3 } },
  getAllClientIdList: { args: () => [], request: () => ({}), response: { client_ids: ['a', 'b', 'c'] } },
  getAllClientSessions: {
    args: () => [],
    request: () => ({}),
    response: {
      sessions: [
        { client_id: 'a', session_json: '{"n":"a"}' },
        { client_id: 'b', session_json: '{"n":"b"}' },
        { client_id: 'c', session_json: '{}' },
      ],
    },
  },
  getClientCountByGroup: { args: () => ['g1'], request: () => ({ group: 'g1' }), response: { count: 2 } },
  getClientIdListByGroup: {
    args: () => [['g1', 'g2']],
    request: () => ({ groups: ['g1', 'g2'] }),
    response: { client_ids: ['a', 'b'] },
  },
  getClientSessionsByGroup: {
    args: () => ['g2'],
    request: () => ({ group: 'g2' }),
    response: { sessions: [{ client_id: 'a', session_json: '{"n":"a"}' }] },
  },
  getUidListByGroup: {
    args: () => [['g2']],
    request: () => ({ groups: ['g2'] }),
    response: { uids: ['u1'] },
  },
  // A list of groups, as the original's getUidCountByGroup takes.
  getUidCountByGroup: {
    args: () => [['g1', 'g2']],
    request: () => ({ groups: ['g1', 'g2'] }),
    response: { count: 2 },
  },
  getAllUidList: { args: () => [], request: () => ({}), response: { uids: ['u1', 'u2'] } },
  getAllUidCount: { args: () => [], request: () => ({}), response: { count: 2 } },
  getAllGroupIdList: { args: () => [], request: () => ({}), response: { groups: ['g1', 'g2'] } },
  getAllGroupClientIdList: {
    args: () => [],
    request: () => ({}),
    response: {
      groups: [
        { group: 'g1', client_ids: ['a', 'b'] },
        { group: 'g2', client_ids: ['a'] },
      ],
    },
  },
  getAllGroupClientIdCount: {
    args: () => [],
    request: () => ({}),
    response: {
      groups: [
        { group: 'g1', count: 2 },
        { group: 'g2', count: 1 },
      ],
    },
  },
  getAllGroupUidList: {
    args: () => [],
    request: () => ({}),
    response: {
      groups: [
        { group: 'g1', uids: ['u1', 'u2'] },
        { group: 'g2', uids: ['u1'] },
      ],
    },
  },
  getAllGroupUidCount: {
    args: () => [],
    request: () => ({}),
    response: {
      groups: [
        { group: 'g1', count: 2 },
        { group: 'g2', count: 1 },
      ],
    },
  },
};

// Compile-time: aliases, list arguments and ctx's current-client methods are typed like the rest.
export async function typedUse(ctx: EventContext, api: GatewayApi): Promise<number> {
  await ctx.destoryCurrentClient();
  await ctx.destroyCurrentClient();
  await api.destoryClient(ctx.clientId);
  const sessions: Record<string, SessionData> = await api.getClientInfoByGroup('g');
  return (
    (await api.getUidCountByGroup(['g1', 'g2'])) +
    (await api.getAllClientIdCount()) +
    Object.keys(sessions).length
  );
}

/** Client ids as labels, default values (which gRPC leaves out) left out, lists sorted. */
function normalize(value: unknown, ids: Ids): unknown {
  const label = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return label.get(v) ?? v;
    if (Array.isArray(v))
      return v.map(walk).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, field] of Object.entries(v)) {
        const isDefault =
          field === false || field === 0 || field === '' || (Array.isArray(field) && field.length === 0);
        if (!isDefault && field !== undefined) out[k] = walk(field);
      }
      return out;
    }
    return v;
  };
  return walk(value);
}

describe('every operation of the table through every surface (handler, GatewayClient, Gateway unary, Cluster unary)', function () {
  this.timeout(120_000);
  let cluster: Cluster;
  let client: GatewayClient;
  const contexts = new Map<string, EventContext<SessionData>>();

  before(async () => {
    cluster = await Cluster.start({
      events: {
        async onConnect(ctx) {
          contexts.set(ctx.clientId, ctx);
          await ctx.sendToCurrentClient(ctx.clientId);
        },
      },
    });
    client = new GatewayClient({ register: cluster.registerAddress, logger: cluster.logs });
  });
  after(async () => {
    await client?.close();
    await cluster?.close();
  });

  async function connect(): Promise<{ ws: TestClient; id: string }> {
    const ws = await cluster.connect();
    return { ws, id: await ws.next() };
  }

  /** Three fresh clients in the state the cases start from. */
  async function setUp(): Promise<{ ws: Record<Label, TestClient>; ids: Ids }> {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const ids: Ids = { a: a.id, b: b.id, c: c.id };
    await client.bindUid(ids.a, 'u1');
    await client.bindUid(ids.b, 'u2');
    await client.joinGroup(ids.a, 'g1');
    await client.joinGroup(ids.a, 'g2');
    await client.joinGroup(ids.b, 'g1');
    await client.setSession(ids.a, { n: 'a' });
    await client.setSession(ids.b, { n: 'b' });
    assert.equal(await client.getAllClientCount(), 3); // a query after the commands: they are applied
    return { ws: { a: a.ws, b: b.ws, c: c.ws }, ids };
  }

  async function tearDown(ws: Record<Label, TestClient>): Promise<void> {
    await Promise.all(Object.values(ws).map((c) => c.close()));
    await client.ungroup('g1');
    await client.ungroup('g2');
    await eventually(async () => assert.equal(await client.getAllClientCount(), 0));
  }

  /** What a client receives until the end marker, or until it is closed ('CLOSED'). */
  async function receivedBy(ws: TestClient, closes: boolean): Promise<string[]> {
    if (closes) {
      await ws.waitClosed();
      return [...ws.received.splice(0).map((r) => String(r.data)), 'CLOSED'];
    }
    const got: string[] = [];
    for (let message = await ws.next(); message !== 'END'; message = await ws.next()) got.push(message);
    return got;
  }

  interface Surface {
    name: string;
    call(op: OperationName, args: unknown[], request: object): Promise<unknown>;
  }

  /** A TypeScript surface: called by the operation's last alias if it has one (aliases must work). */
  const typescript = (name: string, api: () => Api): Surface => ({
    name,
    async call(op, args) {
      const method = [op, ...OPERATIONS[op].aliases].at(-1)!;
      assert.ok(api()[method], `${name} has no method ${method}`);
      const result = await api()[method]!(...args);
      return (OPERATIONS[op].toResponse as (r: unknown) => unknown)(result);
    },
  });
  const rpcs: Array<ReturnType<typeof unaryClient>> = [];
  const unary = (name: string, address: () => string, service: 'Gateway' | 'Cluster'): Surface => {
    let rpc: ReturnType<typeof unaryClient> | undefined;
    return {
      name,
      call(op, _args, request) {
        if (!rpc) rpcs.push((rpc = unaryClient(address(), service)));
        return rpc.call(OPERATIONS[op].rpc)(request);
      },
    };
  };
  after(() => rpcs.forEach((rpc) => rpc.close()));
  const surfaces: Surface[] = [
    typescript('handler ctx.gateway', () => [...contexts.values()].at(-1)!.gateway as unknown as Api),
    typescript('GatewayClient', () => client as unknown as Api),
    unary('Gateway unary', () => cluster.gateways[0]!.lanAddressOf(), 'Gateway'),
    unary('Cluster unary', () => cluster.registerAddress, 'Cluster'),
  ];

  it('has a case for every operation and no case for anything else', () => {
    assert.deepEqual(Object.keys(CASES).sort(), Object.keys(OPERATIONS).sort());
  });

  for (const op of Object.keys(OPERATIONS) as OperationName[]) {
    it(`${op} (${OPERATIONS[op].kind}, ${OPERATIONS[op].scope})`, async () => {
      const theCase = CASES[op];
      assert.ok(theCase, `no case for ${op}`);
      for (const surface of surfaces) {
        const { ws, ids } = await setUp();
        const what = `${op} on ${surface.name}`;
        try {
          const response = normalize(await surface.call(op, theCase.args(ids), theCase.request(ids)), ids);
          if (OPERATIONS[op].kind === 'query') {
            assert.deepEqual(response, normalize(theCase.response, ids), what);
            continue;
          }
          assert.deepEqual(response, {}, `${what}: a command answers nothing`);
          const closes = (l: Label): boolean => (theCase.received?.[l] ?? []).includes('CLOSED');
          // The end marker goes the same way as the command, so it arrives after what the command sent.
          for (const l of LABELS.filter((l) => !closes(l))) {
            await surface.call('sendToClient', [ids[l], 'END'], { client_id: ids[l], text: 'END' });
          }
          for (const l of LABELS) {
            assert.deepEqual(
              await receivedBy(ws[l], closes(l)),
              theCase.received?.[l] ?? [],
              `${what}: client ${l}`,
            );
          }
          await theCase.state?.(client, ids);
        } finally {
          await tearDown(ws);
        }
      }
    });
  }

  it("every alias of PHP's Lib\\Gateway is the same method on ctx.gateway, worker.gateway and GatewayClient", () => {
    const aliases: string[] = Object.values(OPERATIONS).flatMap((o) => [...o.aliases]);
    for (const name of [
      'destoryClient',
      'getAllClientIdCount',
      'getClientIdCountByGroup',
      'getAllClientInfo',
      'getClientInfoByGroup',
    ])
      assert.ok(aliases.includes(name), `alias ${name}`);
    const apis = [
      [...contexts.values()].at(-1)!.gateway,
      cluster.workers[0]!.gateway,
      client as unknown as GatewayApi,
    ] as unknown as Api[];
    for (const api of apis) {
      for (const [name, operation] of Object.entries(OPERATIONS)) {
        for (const alias of operation.aliases) assert.equal(api[alias], api[name], `${alias} is ${name}`);
      }
    }
  });

  it("ctx's current-client methods (sendToCurrentClient, closeCurrentClient, destroyCurrentClient, destoryCurrentClient)", async () => {
    const expected: Record<string, { args: unknown[]; received: string[] }> = {
      sendToCurrentClient: { args: ['m'], received: ['m'] },
      closeCurrentClient: { args: ['bye'], received: ['bye', 'CLOSED'] },
      destroyCurrentClient: { args: [], received: ['CLOSED'] },
      destoryCurrentClient: { args: [], received: ['CLOSED'] },
    };
    const declared = Object.values(OPERATIONS).flatMap((o) => [...o.current]);
    assert.deepEqual(declared.sort(), Object.keys(expected).sort());
    for (const [name, { args, received }] of Object.entries(expected)) {
      const { ws, id } = await connect();
      const ctx = contexts.get(id) as unknown as Api & { gateway: GatewayApi };
      await ctx[name]!(...args);
      const closes = received.includes('CLOSED');
      if (!closes) await ctx.gateway.sendToClient(id, 'END');
      assert.deepEqual(await receivedBy(ws, closes), received, name);
      await ws.close();
    }
  });
});
