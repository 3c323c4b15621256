import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { GatewayClient, type GatewayApi } from '../../src/index';
import type { SessionData } from '../../src/session';
import { apiEvents, apiThroughHandler } from '../fixtures/api-events';
import { Cluster } from '../helpers/cluster';
import { eventually } from '../helpers/wait';
import type { TestClient } from '../helpers/ws-client';

/**
 * Seeded random sequences of Gateway API calls, run end to end (Register, 2 Gateways, 2 workers,
 * real WebSocket clients) and checked against a small in-memory model of PHP GatewayWorker's
 * semantics, with our documented differences (README "Differences"): each client receives a
 * message once however many of its uids/groups are named, unbindUid with a uid unbinds only that
 * one, lists instead of PHP maps, updateSession replaces lists. Every call's result and what
 * every client received are compared.
 */

type Uid = string | number;
type Group = string | number;
type Action =
  | { t: 'sendToClient'; c: number }
  | { t: 'sendToAll'; form: 'all' | 'exclude' | 'ids' | 'idsExclude' | 'php'; cs: number[]; ex: number[] }
  | { t: 'sendToUid'; uids: Uid | Uid[] }
  | { t: 'sendToGroup'; groups: Group | Group[]; ex: number[] }
  | { t: 'bindUid'; c: number; uid: Uid }
  | { t: 'unbindUid'; c: number; uid?: Uid }
  | { t: 'joinGroup' | 'leaveGroup'; c: number; g: Group }
  | { t: 'ungroup'; g: Group }
  | { t: 'setSession' | 'updateSession'; c: number; s: SessionData }
  | { t: 'query'; q: QueryName; c: number; uid: Uid; g: Group; gs: Group[] }
  | { t: 'closeClient'; c: number; message: boolean }
  | { t: 'destroyClient'; c: number }
  | { t: 'clientCloses'; c: number }
  | { t: 'connect'; gateway: number };

const QUERIES = [
  'isOnline',
  'getSession',
  'getUidByClientId',
  'isUidOnline',
  'getClientIdByUid',
  'getAllClientCount',
  'getClientCountByGroup',
  'getAllClientIdList',
  'getClientIdListByGroup',
  'getAllClientSessions',
  'getClientSessionsByGroup',
  'getAllUidList',
  'getAllUidCount',
  'getUidListByGroup',
  'getUidCountByGroup',
  'getAllGroupIdList',
  'getAllGroupClientIdList',
  'getAllGroupClientIdCount',
  'getAllGroupUidList',
  'getAllGroupUidCount',
] as const;
type QueryName = (typeof QUERIES)[number];

const uid = fc.constantFrom<Uid>('1', 1, '2', 'u', 'x');
const group = fc.constantFrom<Group>('a', 'b', 'c', 3);
const who = fc.nat({ max: 30 });
const session: fc.Arbitrary<SessionData> = fc
  .dictionary(
    fc.constantFrom('k', 'n', 'o'),
    fc.oneof(
      fc.integer({ min: 0, max: 9 }),
      fc.constantFrom('s', 't'),
      fc.dictionary(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 9 }), { maxKeys: 2 }),
    ),
    { maxKeys: 3 },
  )
  .map((s) => JSON.parse(JSON.stringify(s)) as SessionData); // plain objects, as a JSON reply has
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('sendToClient' as const), c: who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('sendToAll' as const),
      form: fc.constantFrom(
        'all' as const,
        'exclude' as const,
        'ids' as const,
        'idsExclude' as const,
        'php' as const,
      ),
      cs: fc.array(who, { maxLength: 4 }),
      ex: fc.array(who, { maxLength: 2 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('sendToUid' as const),
      uids: fc.oneof(uid, fc.array(uid, { maxLength: 3 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('sendToGroup' as const),
      groups: fc.oneof(group, fc.array(group, { maxLength: 3 })),
      ex: fc.array(who, { maxLength: 2 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('bindUid' as const), c: who, uid }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { t: fc.constant('unbindUid' as const), c: who, uid: uid },
      { requiredKeys: ['t', 'c'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('joinGroup' as const), c: who, g: group }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('leaveGroup' as const), c: who, g: group }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('ungroup' as const), g: group }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constantFrom('setSession' as const, 'updateSession' as const),
      c: who,
      s: session,
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      t: fc.constant('query' as const),
      q: fc.constantFrom(...QUERIES),
      c: who,
      uid,
      g: group,
      gs: fc.array(group, { maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('closeClient' as const), c: who, message: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('destroyClient' as const), c: who }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clientCloses' as const), c: who }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('connect' as const), gateway: fc.nat({ max: 1 }) }) },
);

/** One client as the model sees it. */
interface ModelClient {
  id: string;
  socket: TestClient;
  open: boolean;
  /** How it ended: what it received is then checked as a prefix only when its end may cut data. */
  end?: 'kicked' | 'destroyed' | 'itself';
  expected: string[];
  uid?: string;
  groups: Set<string>;
  session: SessionData;
}

const name = (value: Uid | Group): string => String(value);
const names = (value: Uid | Group | Array<Uid | Group>): string[] =>
  Array.isArray(value) ? value.map(name) : [name(value)];
const sorted = (list: readonly string[]): string[] => [...list].sort();
const distinct = (list: readonly string[]): string[] => sorted([...new Set(list)]);
/** Objects merge key by key, anything else replaces (PHP's array_replace_recursive on maps). */
function merge(target: SessionData, changes: SessionData): SessionData {
  const result: SessionData = { ...target };
  for (const [key, value] of Object.entries(changes)) {
    const current = result[key];
    const isMap = (v: unknown): v is SessionData => typeof v === 'object' && v !== null && !Array.isArray(v);
    result[key] = isMap(current) && isMap(value) ? merge(current, value) : value;
  }
  return result;
}
/** A query result with every list sorted, so that the order of Gateways and clients does not matter. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return sorted(value.map(String));
  if (typeof value === 'object' && value !== null && Object.values(value).some(Array.isArray))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalized(v)]));
  return value;
}

async function runScenario(actions: Action[], via: 'a GatewayClient' | 'a handler'): Promise<void> {
  const cluster = await Cluster.start({ gateways: 2, workers: 2, events: apiEvents });
  let gatewayClient: GatewayClient | undefined;
  try {
    const clients: ModelClient[] = [];
    const connect = async (gateway: number): Promise<void> => {
      const socket = await cluster.connect(gateway);
      socket.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
      const id = (JSON.parse(await socket.next()) as { result: string }).result;
      clients.push({ id, socket, open: true, expected: [], groups: new Set(), session: {} });
    };
    for (const gateway of [0, 1, 0, 1]) await connect(gateway);
    // Driving through a handler adds the controller: a client of the counts that no call targets.
    let controller: string | undefined;
    let api: GatewayApi;
    if (via === 'a handler') {
      const socket = await cluster.connect(1);
      socket.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
      controller = (JSON.parse(await socket.next()) as { result: string }).result;
      api = apiThroughHandler(socket);
    } else {
      gatewayClient = new GatewayClient({ register: cluster.registerAddress, logger: cluster.logs });
      api = gatewayClient;
    }

    let sent = 0;
    const pick = (i: number): ModelClient => clients[i % clients.length] as ModelClient;
    const open = (): ModelClient[] => clients.filter((c) => c.open);
    const byId = (ids: string[]): ModelClient[] => open().filter((c) => ids.includes(c.id));
    const deliver = (targets: ModelClient[], message: string): void => {
      for (const c of new Set(targets)) c.expected.push(message);
    };
    const inGroups = (groups: string[]): ModelClient[] =>
      open().filter((c) => groups.some((g) => c.groups.has(g)));
    const withUid = (uids: string[]): ModelClient[] =>
      open().filter((c) => c.uid !== undefined && uids.includes(c.uid));
    const allIds = (): string[] => [...open().map((c) => c.id), ...(controller ? [controller] : [])];
    const gone = (c: ModelClient, end: ModelClient['end']): void => {
      c.open = false;
      c.end = end;
      c.uid = undefined;
      c.groups.clear();
    };
    const groupIds = (): string[] => distinct(open().flatMap((c) => [...c.groups]));
    const sessions = (members: ModelClient[], withController: boolean): Record<string, SessionData> => ({
      ...Object.fromEntries(members.map((c) => [c.id, c.session])),
      ...(withController && controller ? { [controller]: {} } : {}),
    });
    const perGroup = <T>(read: (members: ModelClient[]) => T, uidsOnly = false): Record<string, T> => {
      const result: Record<string, T> = {};
      for (const g of groupIds()) {
        const members = inGroups([g]).filter((c) => !uidsOnly || c.uid !== undefined);
        if (members.length > 0) result[g] = read(members);
      }
      return result;
    };
    const uidsOf = (members: ModelClient[]): string[] =>
      distinct(members.flatMap((c) => (c.uid === undefined ? [] : [c.uid])));

    const expectedOf = (a: Extract<Action, { t: 'query' }>): unknown => {
      const c = pick(a.c);
      const g = name(a.g);
      const gs = a.gs.map(name);
      switch (a.q) {
        case 'isOnline':
          return c.open;
        case 'getSession':
          return c.open ? c.session : null;
        case 'getUidByClientId':
          return c.open ? (c.uid ?? null) : null;
        case 'isUidOnline':
          return withUid([name(a.uid)]).length > 0;
        case 'getClientIdByUid':
          return withUid([name(a.uid)]).map((m) => m.id);
        case 'getAllClientCount':
          return allIds().length;
        case 'getClientCountByGroup':
          return inGroups([g]).length;
        case 'getAllClientIdList':
          return allIds();
        case 'getClientIdListByGroup':
          return inGroups(gs).map((m) => m.id);
        case 'getAllClientSessions':
          return sessions(open(), true);
        case 'getClientSessionsByGroup':
          return sessions(inGroups([g]), false);
        case 'getAllUidList':
          return uidsOf(open());
        case 'getAllUidCount':
          return uidsOf(open()).length;
        case 'getUidListByGroup':
          return uidsOf(inGroups(gs));
        case 'getUidCountByGroup':
          return gs.length === 0 ? 0 : uidsOf(inGroups(gs)).length;
        case 'getAllGroupIdList':
          return groupIds();
        case 'getAllGroupClientIdList':
          return perGroup((m) => m.map((x) => x.id));
        case 'getAllGroupClientIdCount':
          return perGroup((m) => m.length);
        case 'getAllGroupUidList':
          return perGroup(uidsOf, true);
        case 'getAllGroupUidCount':
          return perGroup((m) => uidsOf(m).length, true);
        default: {
          const never: never = a.q;
          throw new Error(`unknown query ${String(never)}`);
        }
      }
    };
    const call = (method: string, ...args: unknown[]): Promise<unknown> =>
      (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
    const argsOf = (a: Extract<Action, { t: 'query' }>): unknown[] => {
      const c = pick(a.c);
      if (['isOnline', 'getSession', 'getUidByClientId'].includes(a.q)) return [c.id];
      if (['isUidOnline', 'getClientIdByUid'].includes(a.q)) return [a.uid];
      if (['getClientCountByGroup', 'getClientSessionsByGroup'].includes(a.q)) return [a.g];
      if (['getClientIdListByGroup', 'getUidListByGroup', 'getUidCountByGroup'].includes(a.q)) return [a.gs];
      return [];
    };

    for (const [step, a] of actions.entries()) {
      const where = `step ${step} ${JSON.stringify(a)}`;
      const message = `m${++sent}`;
      switch (a.t) {
        case 'sendToClient': {
          const c = pick(a.c);
          await api.sendToClient(c.id, message);
          if (c.open) c.expected.push(message);
          break;
        }
        case 'sendToAll': {
          const listed = a.cs.map((i) => pick(i).id);
          const excluded = a.ex.map((i) => pick(i).id);
          const notExcluded = (list: ModelClient[]) => list.filter((c) => !excluded.includes(c.id));
          if (a.form === 'all') {
            await api.sendToAll(message);
            deliver(open(), message);
          } else if (a.form === 'exclude') {
            await api.sendToAll(message, { exclude: excluded });
            deliver(notExcluded(open()), message);
          } else if (a.form === 'ids') {
            await api.sendToAll(message, { clientIds: listed });
            deliver(byId(listed), message);
          } else if (a.form === 'idsExclude') {
            await api.sendToAll(message, { clientIds: listed, exclude: excluded });
            deliver(notExcluded(byId(listed)), message);
          } else {
            await api.sendToAll(message, listed.length > 0 ? listed : null, excluded);
            deliver(notExcluded(listed.length > 0 ? byId(listed) : open()), message);
          }
          break;
        }
        case 'sendToUid':
          await api.sendToUid(a.uids, message);
          deliver(withUid(names(a.uids)), message);
          break;
        case 'sendToGroup': {
          const excluded = a.ex.map((i) => pick(i).id);
          await api.sendToGroup(a.groups, message, { exclude: excluded });
          deliver(
            inGroups(names(a.groups)).filter((c) => !excluded.includes(c.id)),
            message,
          );
          break;
        }
        case 'bindUid': {
          const c = pick(a.c);
          await api.bindUid(c.id, a.uid);
          if (c.open) c.uid = name(a.uid);
          break;
        }
        case 'unbindUid': {
          const c = pick(a.c);
          await (a.uid === undefined ? api.unbindUid(c.id) : api.unbindUid(c.id, a.uid));
          if (a.uid === undefined || c.uid === name(a.uid)) c.uid = undefined;
          break;
        }
        case 'joinGroup':
        case 'leaveGroup': {
          const c = pick(a.c);
          await api[a.t](c.id, a.g);
          if (c.open && a.t === 'joinGroup') c.groups.add(name(a.g));
          else c.groups.delete(name(a.g));
          break;
        }
        case 'ungroup':
          await api.ungroup(a.g);
          for (const c of clients) c.groups.delete(name(a.g));
          break;
        case 'setSession':
        case 'updateSession': {
          const c = pick(a.c);
          await api[a.t](c.id, a.s);
          if (c.open) c.session = a.t === 'setSession' ? a.s : merge(c.session, a.s);
          break;
        }
        case 'query': {
          const expected = expectedOf(a);
          const actual = await call(a.q, ...argsOf(a));
          assert.deepEqual(normalized(actual), normalized(expected), `${where}: ${a.q}`);
          break;
        }
        case 'closeClient': {
          const c = pick(a.c);
          await api.closeClient(c.id, a.message ? message : undefined);
          if (!c.open) break;
          if (a.message) c.expected.push(message);
          gone(c, 'kicked');
          break;
        }
        case 'destroyClient': {
          const c = pick(a.c);
          await api.destroyClient(c.id);
          if (c.open) gone(c, 'destroyed');
          break;
        }
        case 'clientCloses': {
          const c = pick(a.c);
          if (!c.open) break;
          await c.socket.close();
          gone(c, 'itself');
          // The Gateway hears of it a moment later.
          await eventually(async () => assert.equal(await api.isOnline(c.id), false));
          break;
        }
        case 'connect':
          if (clients.length < 8) await connect(a.gateway);
          break;
        default: {
          const never: never = a;
          throw new Error(`unknown action ${JSON.stringify(never)}`);
        }
      }
    }

    // What every client received: exactly the model's messages, in order.
    for (const c of clients) {
      if (c.open) {
        await api.sendToClient(c.id, 'end');
        const got = await c.socket.take(c.expected.length + 1);
        assert.deepEqual(got, [...c.expected, 'end'], `what open client ${c.id} received`);
      } else {
        await c.socket.waitClosed();
        const got = c.socket.received.map((r) => String(r.data));
        if (c.end === 'kicked') assert.deepEqual(got, c.expected, `what kicked client ${c.id} received`);
        // Destroyed, or closed by itself while messages were on their way: a prefix.
        else assert.deepEqual(got, c.expected.slice(0, got.length), `what client ${c.id} received`);
      }
    }
  } finally {
    await gatewayClient?.close();
    await cluster.close();
  }
}

describe('Gateway API against a model of PHP GatewayWorker (random call sequences, end to end)', function () {
  this.timeout(60_000);
  for (const [via, seed] of [
    ['a GatewayClient', 20261202],
    ['a handler', 4242],
  ] as const) {
    it(`from ${via}: every result and every message received matches the model (seed ${seed})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 80 }), (actions) =>
          runScenario(actions, via),
        ),
        { seed, numRuns: 15, endOnFailure: true },
      );
    });
  }
});
