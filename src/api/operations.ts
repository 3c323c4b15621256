import type * as grpc from '@grpc/grpc-js';
import type { ClientId } from '../client-id';
import { parseSession, serializeSession, type SessionData } from '../session';
import type { GatewayHandlers } from '../rpc/generated/gatewayworker/v1/Gateway';
import {
  groupByGateway,
  sessionsOf,
  toName,
  toNames,
  toPayload,
  uidsOf,
  type Engine,
  type GroupId,
  type Message,
  type Row,
  type Uid,
} from './engine';
import { toCloseFrame, type CloseOptions } from './close-options';

/**
 * Every operation of the Gateway API, declared once. From this table come the TypeScript methods
 * (createGatewayApi: ctx.gateway, worker.gateway, GatewayClient, with the original's aliases and
 * ctx's current-client methods), the per-Gateway unary RPCs and the cluster-wide ones
 * (unaryHandlers). The worker-stream Commands stay the wire contract: `run` builds them.
 */

/** The unary RPC names (every Gateway method but the Connect stream). */
type NamedHandlers = {
  [K in keyof GatewayHandlers as string extends K ? never : number extends K ? never : K]: GatewayHandlers[K];
};
export type RpcName = Exclude<keyof NamedHandlers, 'Connect'>;
type RequestOf<N extends RpcName> =
  GatewayHandlers[N] extends grpc.handleUnaryCall<infer Req, unknown> ? Req : never;
type ResponseOf<N extends RpcName> =
  GatewayHandlers[N] extends grpc.handleUnaryCall<never, infer Res> ? Res : never;

export interface Operation<A extends unknown[] = never, R = unknown, Req = never, Res = unknown> {
  /** The unary RPC, on gatewayworker.v1.Gateway and gatewayworker.v1.Cluster. */
  rpc: RpcName;
  /** A command is fire-and-forget (an offline client is skipped); a query answers or fails. */
  kind: 'command' | 'query';
  /** 'client': goes to the Gateway owning the client id; 'all': to every Gateway. */
  scope: 'client' | 'all';
  /** Other names of the method in PHP's Lib\Gateway (so that Events files port as they are). */
  aliases: readonly string[];
  /** EventContext methods that call this operation on the handler's own client (first argument). */
  current: readonly string[];
  /** The operation itself, over the Gateways reached by the engine. Checks its arguments. */
  run(engine: Engine, ...args: A): Promise<R>;
  /** The unary request as arguments of `run`. */
  fromRequest(request: Req): A;
  /** The result as the unary response. */
  toResponse(result: R): Res;
}

interface Declaration<N extends RpcName, A extends unknown[], R, Al, Cu> {
  kind: 'command' | 'query';
  scope: 'client' | 'all';
  aliases?: Al;
  current?: Cu;
  run(engine: Engine, ...args: A): Promise<R>;
  fromRequest(request: RequestOf<N>): NoInfer<A>;
  toResponse(result: R): ResponseOf<N>;
}

/** Ties a declaration to its RPC: request and response types come from the generated service. */
function op<
  N extends RpcName,
  A extends unknown[],
  R,
  const Al extends readonly string[] = [],
  const Cu extends readonly string[] = [],
>(
  rpc: N,
  declaration: Declaration<N, A, R, Al, Cu>,
): Operation<A, R, RequestOf<N>, ResponseOf<N>> & { aliases: Al; current: Cu } {
  return {
    ...declaration,
    rpc,
    aliases: declaration.aliases ?? ([] as unknown as Al),
    current: declaration.current ?? ([] as unknown as Cu),
  };
}

export declare const appSession: unique symbol;
/**
 * Placeholders for the app's session type in this table: GatewayApi<S> puts S in place of
 * AppSession and SessionChanges<S> in place of AppSessionChanges (at run time they are SessionData).
 */
export type AppSession = SessionData & { readonly [appSession]: 'session' };
export type AppSessionChanges = SessionData & { readonly [appSession]: 'changes' };
/** A session from the wire, in the table's terms (the app decides what its sessions hold). */
const appSessionOf = (session: SessionData): AppSession => session as AppSession;

/** The text/binary oneof of unary requests. */
interface MessageFields {
  message?: 'text' | 'binary';
  text?: string;
  binary?: Buffer;
}
const messageOf = (r: MessageFields): Message =>
  r.message === 'binary' ? (r.binary ?? Buffer.alloc(0)) : (r.text ?? '');
const sessionOf = (json: string | undefined): AppSession => appSessionOf(parseSession(json || '{}'));
const changesOf = (json: string | undefined): AppSessionChanges =>
  parseSession(json || '{}') as AppSessionChanges;
const sessionList = (sessions: Record<ClientId, SessionData>) => ({
  sessions: Object.entries(sessions).map(([client_id, session]) => ({
    client_id,
    session_json: serializeSession(session),
  })),
});
const entries = <T, K extends string>(record: Record<string, T>, key: K) =>
  Object.entries(record).map(
    ([group, value]) => ({ group, [key]: value }) as { group: string } & Record<K, T>,
  );
const appSessions = (rows: Row[]) => sessionsOf(rows) as Record<ClientId, AppSession>;
const EMPTY = {};
/** Arguments as a tuple (an array literal would widen to an array). */
const args = <T extends unknown[]>(...values: T): T => values;
/** A group argument where '' or none means every client. */
const optionalGroup = (group: GroupId | undefined): string[] =>
  group === undefined || group === '' ? [] : [toName('group', group)];

export interface SendToAllOptions {
  /** Only these clients (an empty list sends to nobody). */
  clientIds?: readonly ClientId[];
  /** Everyone (or everyone listed) but these. */
  exclude?: ClientId | readonly ClientId[];
}

/** Client ids to leave out: one id or a list, as PHP's `$exclude_client_id` takes either. */
type ExcludedIds = ClientId | readonly ClientId[] | null | undefined;
const excludeList = (exclude: ExcludedIds): readonly ClientId[] =>
  exclude === null || exclude === undefined ? [] : typeof exclude === 'string' ? [exclude] : exclude;
const isList = (value: unknown): value is readonly ClientId[] => Array.isArray(value);

/**
 * sendToAll's targets, from our options object or from PHP's positional arguments
 * (`sendToAll($message, $client_id_array = null, $exclude_client_id = null)`), so that a call
 * ported as it is means what it meant (a list in the options' place must not broadcast to everyone).
 */
function sendToAllTargets(
  options: SendToAllOptions | readonly ClientId[] | null | undefined,
  exclude: ExcludedIds,
): { clientIds?: readonly ClientId[]; exclude: readonly ClientId[] } {
  if (options === null || options === undefined || isList(options))
    return { clientIds: options ?? undefined, exclude: excludeList(exclude) };
  return { clientIds: options.clientIds, exclude: excludeList(options.exclude) };
}

export const OPERATIONS = {
  /** Sends a message to one client. */
  sendToClient: op('SendToClient', {
    kind: 'command',
    scope: 'client',
    current: ['sendToCurrentClient'],
    // Not async (a bad message throws, and the API turns that into a rejection): the hot path.
    run: (e: Engine, clientId: ClientId, message: Message) => {
      const { data, binary } = toPayload(message);
      return e.targeted(clientId, (id) => ({ send: { connection_ids: [id], data, binary } }));
    },
    fromRequest: (r) => args(r.client_id ?? '', messageOf(r)),
    toResponse: () => EMPTY,
  }),

  /** Sends a message to every client, or only to `clientIds`, except `exclude`; each client once. */
  sendToAll: op('SendToAll', {
    kind: 'command',
    scope: 'all',
    run: async (
      e: Engine,
      message: Message,
      options?: SendToAllOptions | readonly ClientId[] | null,
      exclude?: ClientId | readonly ClientId[] | null,
    ) => {
      const { data, binary } = toPayload(message);
      const targets = sendToAllTargets(options, exclude);
      const excluded = groupByGateway(targets.exclude);
      const listed = targets.clientIds ? groupByGateway(targets.clientIds) : undefined;
      return e.fanOut((link) => {
        const skip = excluded.get(link.address) ?? [];
        if (!listed) return { broadcast: { data, binary, exclude_connection_ids: skip } };
        const connection_ids = (listed.get(link.address) ?? []).filter((id) => !skip.includes(id));
        return connection_ids.length > 0 ? { send: { connection_ids, data, binary } } : undefined;
      });
    },
    fromRequest: (r) =>
      args(messageOf(r), {
        clientIds: (r.client_ids ?? []).length > 0 ? r.client_ids : undefined,
        exclude: r.exclude_client_ids,
      }),
    toResponse: () => EMPTY,
  }),

  /** Every client bound to the uid(s), each once. */
  sendToUid: op('SendToUid', {
    kind: 'command',
    scope: 'all',
    run: async (e: Engine, uid: Uid | readonly Uid[], message: Message) => {
      const uids = toNames('uid', uid);
      const { data, binary } = toPayload(message);
      return e.fanOut(() => ({ send_to_uids: { uids, data, binary } }));
    },
    fromRequest: (r) => args(r.uids ?? [], messageOf(r)),
    toResponse: () => EMPTY,
  }),

  /** Every member of the group(s), each once, except `exclude`. */
  sendToGroup: op('SendToGroup', {
    kind: 'command',
    scope: 'all',
    run: async (
      e: Engine,
      group: GroupId | readonly GroupId[],
      message: Message,
      // `{ exclude }`, or PHP's `$exclude_client_id` (one id or a list) as it is.
      options?: { exclude?: ClientId | readonly ClientId[] } | ClientId | readonly ClientId[] | null,
    ) => {
      const groups = toNames('group', group);
      const { data, binary } = toPayload(message);
      const exclude =
        options === null || options === undefined || typeof options === 'string' || isList(options)
          ? options
          : options.exclude;
      const excluded = groupByGateway(excludeList(exclude));
      return e.fanOut((link) => ({
        send_to_groups: { groups, data, binary, exclude_connection_ids: excluded.get(link.address) ?? [] },
      }));
    },
    fromRequest: (r) => args(r.groups ?? [], messageOf(r), { exclude: r.exclude_client_ids }),
    toResponse: () => EMPTY,
  }),

  /** Sends `message` (if given), then closes the client (WebSocket: with options.code and .reason);
   * its worker gets onClose with reason 'kicked'. */
  closeClient: op('CloseClient', {
    kind: 'command',
    scope: 'client',
    current: ['closeCurrentClient'],
    run: async (e: Engine, clientId: ClientId, message?: Message | null, options?: CloseOptions) => {
      const payload = message === undefined || message === null ? undefined : toPayload(message);
      const frame = toCloseFrame(options);
      return e.targeted(clientId, (id) => ({
        close: {
          connection_id: id,
          has_message: payload !== undefined,
          data: payload?.data,
          binary: payload?.binary,
          ...frame,
        },
      }));
    },
    fromRequest: (r) => args(r.client_id ?? '', r.message ? messageOf(r) : undefined),
    toResponse: () => EMPTY,
  }),

  /** Closes at once, discarding unsent data. */
  destroyClient: op('DestroyClient', {
    kind: 'command',
    scope: 'client',
    aliases: ['destoryClient'],
    current: ['destroyCurrentClient', 'destoryCurrentClient'],
    run: async (e: Engine, clientId: ClientId) =>
      e.targeted(clientId, (id) => ({ close: { connection_id: id, destroy: true } })),
    fromRequest: (r) => args(r.client_id ?? ''),
    toResponse: () => EMPTY,
  }),

  /** Binds the client to a uid; a client has one uid at most (binding another moves it). */
  bindUid: op('BindUid', {
    kind: 'command',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId, uid: Uid) => {
      const name = toName('uid', uid);
      return e.targeted(clientId, (id) => ({ bind_uid: { connection_id: id, uid: name } }));
    },
    fromRequest: (r) => args(r.client_id ?? '', r.uid ?? ''),
    toResponse: () => EMPTY,
  }),

  /** Unbinds the client's uid; with `uid`, only if it is bound to that one. */
  unbindUid: op('UnbindUid', {
    kind: 'command',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId, uid?: Uid) => {
      const name = uid === undefined ? '' : toName('uid', uid);
      return e.targeted(clientId, (id) => ({ unbind_uid: { connection_id: id, uid: name } }));
    },
    fromRequest: (r) => args(r.client_id ?? '', r.uid ? r.uid : undefined),
    toResponse: () => EMPTY,
  }),

  joinGroup: op('JoinGroup', {
    kind: 'command',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId, group: GroupId) => {
      const name = toName('group', group);
      return e.targeted(clientId, (id) => ({ join_group: { connection_id: id, group: name } }));
    },
    fromRequest: (r) => args(r.client_id ?? '', r.group ?? ''),
    toResponse: () => EMPTY,
  }),

  leaveGroup: op('LeaveGroup', {
    kind: 'command',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId, group: GroupId) => {
      const name = toName('group', group);
      return e.targeted(clientId, (id) => ({ leave_group: { connection_id: id, group: name } }));
    },
    fromRequest: (r) => args(r.client_id ?? '', r.group ?? ''),
    toResponse: () => EMPTY,
  }),

  /** Empties the group; its members stay connected. */
  ungroup: op('Ungroup', {
    kind: 'command',
    scope: 'all',
    run: async (e: Engine, group: GroupId) => {
      const name = toName('group', group);
      return e.fanOut(() => ({ ungroup: { group: name } }));
    },
    fromRequest: (r) => args(r.group ?? ''),
    toResponse: () => EMPTY,
  }),

  /** Replaces the client's session. */
  setSession: op('SetSession', {
    kind: 'command',
    scope: 'client',
    run: (e: Engine, clientId: ClientId, session: AppSession) =>
      e.sessionCommand(clientId, 'SESSION_OP_REPLACE', session),
    fromRequest: (r) => args(r.client_id ?? '', sessionOf(r.session_json)),
    toResponse: () => EMPTY,
  }),

  /** Deep-merges into the client's session (objects key by key; other values replace). */
  updateSession: op('UpdateSession', {
    kind: 'command',
    scope: 'client',
    run: (e: Engine, clientId: ClientId, changes: AppSessionChanges) =>
      e.sessionCommand(clientId, 'SESSION_OP_MERGE', changes),
    fromRequest: (r) => args(r.client_id ?? '', changesOf(r.session_json)),
    toResponse: () => EMPTY,
  }),

  isOnline: op('IsOnline', {
    kind: 'query',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId) => {
      const reply = await e.targetedQuery(clientId, (id) => ({ is_online: { connection_id: id } }));
      return reply?.online === true;
    },
    fromRequest: (r) => args(r.client_id ?? ''),
    toResponse: (online) => ({ online }),
  }),

  isUidOnline: op('IsUidOnline', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine, uid: Uid) => (await e.selectAll({ uids: [toName('uid', uid)] })).length > 0,
    fromRequest: (r) => args(r.uid ?? ''),
    toResponse: (online) => ({ online }),
  }),

  getClientIdByUid: op('GetClientIdByUid', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine, uid: Uid) =>
      (await e.selectAll({ uids: [toName('uid', uid)] })).map((r) => r.clientId),
    fromRequest: (r) => args(r.uid ?? ''),
    toResponse: (client_ids) => ({ client_ids }),
  }),

  /** The client's uid, or null when it has none (or is not online). */
  getUidByClientId: op('GetUidByClientId', {
    kind: 'query',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId) => {
      const reply = await e.targetedQuery(clientId, (id) => ({
        select: { connection_ids: [id], with_uid: true },
      }));
      const uid = reply?.clients?.rows?.[0]?.uid;
      return uid ? uid : null;
    },
    fromRequest: (r) => args(r.client_id ?? ''),
    toResponse: (uid) => ({ uid: uid ?? '' }),
  }),

  /** The client's session, or null when the client is not online. */
  getSession: op('GetSession', {
    kind: 'query',
    scope: 'client',
    run: async (e: Engine, clientId: ClientId): Promise<AppSession | null> => {
      const reply = await e.targetedQuery(clientId, (id) => ({ get_session: { connection_id: id } }));
      const json = reply?.session;
      return json && json.length > 0 ? appSessionOf(parseSession(json)) : null;
    },
    fromRequest: (r) => args(r.client_id ?? ''),
    toResponse: (session) =>
      session === null ? { found: false } : { found: true, session_json: serializeSession(session) },
  }),

  getAllClientCount: op('GetAllClientCount', {
    kind: 'query',
    scope: 'all',
    aliases: ['getAllClientIdCount'],
    run: (e: Engine) => e.countAll([]),
    fromRequest: () => args(),
    toResponse: (count) => ({ count }),
  }),

  getAllClientIdList: op('GetAllClientIdList', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine) => (await e.selectAll({})).map((r) => r.clientId),
    fromRequest: () => args(),
    toResponse: (client_ids) => ({ client_ids }),
  }),

  /** Sessions of every client, or of the members of `group`. */
  getAllClientSessions: op('GetAllClientSessions', {
    kind: 'query',
    scope: 'all',
    aliases: ['getAllClientInfo'],
    run: async (e: Engine, group?: GroupId) => {
      const groups = optionalGroup(group);
      return appSessions(
        await e.selectAll(groups.length > 0 ? { groups, with_session: true } : { with_session: true }),
      );
    },
    fromRequest: (r) => args(r.group),
    toResponse: sessionList,
  }),

  /** Members of a group; no group (or '') = every client. */
  getClientCountByGroup: op('GetClientCountByGroup', {
    kind: 'query',
    scope: 'all',
    aliases: ['getClientIdCountByGroup'],
    run: (e: Engine, group?: GroupId) => e.countAll(optionalGroup(group)),
    fromRequest: (r) => args(r.group),
    toResponse: (count) => ({ count }),
  }),

  /** Members of the group(s), each once. */
  getClientIdListByGroup: op('GetClientIdListByGroup', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine, group: GroupId | readonly GroupId[]) => {
      const groups = toNames('group', group);
      return groups.length === 0 ? [] : (await e.selectAll({ groups })).map((r) => r.clientId);
    },
    fromRequest: (r) => args(r.groups ?? []),
    toResponse: (client_ids) => ({ client_ids }),
  }),

  getClientSessionsByGroup: op('GetClientSessionsByGroup', {
    kind: 'query',
    scope: 'all',
    aliases: ['getClientInfoByGroup'],
    run: async (e: Engine, group: GroupId) =>
      appSessions(await e.selectAll({ groups: [toName('group', group)], with_session: true })),
    fromRequest: (r) => args(r.group ?? ''),
    toResponse: sessionList,
  }),

  /** Distinct uids bound among the members of the group(s). */
  getUidListByGroup: op('GetUidListByGroup', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine, group: GroupId | readonly GroupId[]) => {
      const groups = toNames('group', group);
      return groups.length === 0 ? [] : uidsOf(await e.selectAll({ groups, with_uid: true }));
    },
    fromRequest: (r) => args(r.groups ?? []),
    toResponse: (uids) => ({ uids }),
  }),

  /** How many distinct uids the members of the group(s) have. */
  getUidCountByGroup: op('GetUidCountByGroup', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine, group: GroupId | readonly GroupId[]) => {
      const groups = toNames('group', group);
      return groups.length === 0 ? 0 : uidsOf(await e.selectAll({ groups, with_uid: true })).length;
    },
    // `group` (one) and `groups` (several, added later) are one list; both empty is an error.
    fromRequest: (r) => {
      const groups = [...(r.group ? [r.group] : []), ...(r.groups ?? [])];
      return args(groups.length === 0 ? '' : groups);
    },
    toResponse: (count) => ({ count }),
  }),

  getAllUidList: op('GetAllUidList', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine) => uidsOf(await e.selectAll({ with_uid: true })),
    fromRequest: () => args(),
    toResponse: (uids) => ({ uids }),
  }),

  getAllUidCount: op('GetAllUidCount', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine) => uidsOf(await e.selectAll({ with_uid: true })).length,
    fromRequest: () => args(),
    toResponse: (count) => ({ count }),
  }),

  /** Non-empty groups. */
  getAllGroupIdList: op('GetAllGroupIdList', {
    kind: 'query',
    scope: 'all',
    run: async (e: Engine) => {
      const answers = await e.fanOutQuery({ group_list: {} });
      return [...new Set(answers.flatMap(({ reply }) => reply.names?.names ?? []))];
    },
    fromRequest: () => args(),
    toResponse: (groups) => ({ groups }),
  }),

  getAllGroupClientIdList: op('GetAllGroupClientIdList', {
    kind: 'query',
    scope: 'all',
    run: (e: Engine) => e.mapGroups((rows) => rows.map((r) => r.clientId)),
    fromRequest: () => args(),
    toResponse: (groups) => ({ groups: entries(groups, 'client_ids') }),
  }),

  getAllGroupClientIdCount: op('GetAllGroupClientIdCount', {
    kind: 'query',
    scope: 'all',
    run: (e: Engine) => e.mapGroups((rows) => rows.length),
    fromRequest: () => args(),
    toResponse: (groups) => ({ groups: entries(groups, 'count') }),
  }),

  getAllGroupUidList: op('GetAllGroupUidList', {
    kind: 'query',
    scope: 'all',
    run: (e: Engine) => e.mapGroups(uidsOf, true),
    fromRequest: () => args(),
    toResponse: (groups) => ({ groups: entries(groups, 'uids') }),
  }),

  getAllGroupUidCount: op('GetAllGroupUidCount', {
    kind: 'query',
    scope: 'all',
    run: (e: Engine) => e.mapGroups((rows) => uidsOf(rows).length, true),
    fromRequest: () => args(),
    toResponse: (groups) => ({ groups: entries(groups, 'count') }),
  }),
};

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
