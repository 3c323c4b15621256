import type * as grpc from '@grpc/grpc-js';
import { decodeClientId, encodeClientId } from '../client-id';
import { GatewayWorkerError } from '../errors';
import { distinctUids, membersByGroup } from '../rpc/client-rows';
import { toServiceError } from '../rpc/status';
import type { ClientRow } from '../rpc/generated/gatewayworker/v1/ClientRow';
import type { Command__Output } from '../rpc/generated/gatewayworker/v1/Command';
import type { GatewayHandlers } from '../rpc/generated/gatewayworker/v1/Gateway';
import type { Reply } from '../rpc/generated/gatewayworker/v1/Reply';
import type { SelectQuery__Output } from '../rpc/generated/gatewayworker/v1/SelectQuery';
import type { ClientHub } from './client-hub';
import { executeCommand, requireName } from './commands';

/** Every named handler but Connect (the generated type also has an index signature, dropped here). */
type UnaryHandlers = {
  [
    K in keyof GatewayHandlers as string extends K ? never : K extends 'Connect' ? never : K
  ]: GatewayHandlers[K];
};

/** The text/binary oneof of unary requests. */
interface MessageFields {
  message?: 'text' | 'binary';
  text?: string;
  binary?: Buffer;
}

/**
 * The Gateway API as unary RPCs for this Gateway's clients (grpcurl, scripts, other languages).
 * Each call is turned into the same Command a worker stream carries and run by executeCommand,
 * so both paths share one implementation.
 */
export function createUnaryHandlers(hub: ClientHub, gatewayAddress: string): UnaryHandlers {
  const run = (command: Command__Output): Reply => {
    const reply = executeCommand(hub, { ...command, request_id: 1 });
    if (!reply) return { request_id: 0 };
    if (reply.error_code)
      throw new GatewayWorkerError('GW_ERR_QUERY_FAILED', reply.error_message ?? reply.error_code);
    return reply;
  };

  /** The connection id of a client of this Gateway; another Gateway's client is an error. */
  const local = (clientId: string | undefined): number => {
    const { gatewayAddress: owner, connectionId } = decodeClientId(clientId ?? '');
    if (owner !== gatewayAddress) {
      throw new GatewayWorkerError(
        'GW_ERR_WRONG_GATEWAY',
        `client ${clientId} belongs to gateway ${owner}, not to this one (${gatewayAddress})`,
      );
    }
    return connectionId;
  };

  /** Connection ids of the listed clients that are on this Gateway. */
  const localIds = (clientIds: string[] | undefined): number[] =>
    (clientIds ?? [])
      .map((id) => decodeClientId(id))
      .filter((d) => d.gatewayAddress === gatewayAddress)
      .map((d) => d.connectionId);

  const payload = (fields: MessageFields): { data: Buffer; binary: boolean } => {
    if (fields.message === 'binary') return { data: fields.binary ?? Buffer.alloc(0), binary: true };
    return { data: Buffer.from(fields.text ?? ''), binary: false };
  };

  const clientIdOf = (row: ClientRow): string => encodeClientId(gatewayAddress, row.connection_id ?? 0);
  const rows = (query: SelectQuery__Output): ClientRow[] =>
    run({ kind: 'select', select: query }).clients?.rows ?? [];
  const sessionJson = (row: ClientRow): string => (row.session as Buffer | undefined)?.toString() ?? '{}';
  const uidsOf = (list: ClientRow[]): string[] => distinctUids(list, (row) => row);
  const byGroup = (): Map<string, ClientRow[]> =>
    membersByGroup(rows({ with_groups: true, with_uid: true }), (row) => row);
  const nonEmpty = (what: 'uid' | 'group', value: string | undefined): string =>
    requireName(what, value ?? '');

  /** Wraps a request -> response function as a grpc-js unary handler with error mapping. */
  function unary<Req, Res>(handle: (request: Req) => Res): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      try {
        callback(null, handle(call.request));
      } catch (err) {
        callback(toServiceError(err));
      }
    };
  }

  return {
    SendToClient: unary(
      (r) => (run({ kind: 'send', send: { connection_ids: [local(r.client_id)], ...payload(r) } }), {}),
    ),
    SendToAll: unary((r) => {
      const exclude = localIds(r.exclude_client_ids);
      if ((r.client_ids ?? []).length > 0) {
        const ids = localIds(r.client_ids).filter((id) => !exclude.includes(id));
        run({ kind: 'send', send: { connection_ids: ids, ...payload(r) } });
      } else {
        run({ kind: 'broadcast', broadcast: { exclude_connection_ids: exclude, ...payload(r) } });
      }
      return {};
    }),
    SendToUid: unary(
      (r) => (run({ kind: 'send_to_uids', send_to_uids: { uids: r.uids ?? [], ...payload(r) } }), {}),
    ),
    SendToGroup: unary(
      (r) => (
        run({
          kind: 'send_to_groups',
          send_to_groups: {
            groups: r.groups ?? [],
            exclude_connection_ids: localIds(r.exclude_client_ids),
            ...payload(r),
          },
        }),
        {}
      ),
    ),
    CloseClient: unary((r) => {
      const message = r.message ? payload(r) : undefined;
      run({
        kind: 'close',
        close: { connection_id: local(r.client_id), has_message: message !== undefined, ...message },
      });
      return {};
    }),
    DestroyClient: unary(
      (r) => (run({ kind: 'close', close: { connection_id: local(r.client_id), destroy: true } }), {}),
    ),
    BindUid: unary(
      (r) => (
        run({ kind: 'bind_uid', bind_uid: { connection_id: local(r.client_id), uid: r.uid ?? '' } }),
        {}
      ),
    ),
    UnbindUid: unary(
      (r) => (
        run({ kind: 'unbind_uid', unbind_uid: { connection_id: local(r.client_id), uid: r.uid ?? '' } }),
        {}
      ),
    ),
    JoinGroup: unary(
      (r) => (
        run({ kind: 'join_group', join_group: { connection_id: local(r.client_id), group: r.group ?? '' } }),
        {}
      ),
    ),
    LeaveGroup: unary(
      (r) => (
        run({
          kind: 'leave_group',
          leave_group: { connection_id: local(r.client_id), group: r.group ?? '' },
        }),
        {}
      ),
    ),
    Ungroup: unary((r) => (run({ kind: 'ungroup', ungroup: { group: nonEmpty('group', r.group) } }), {})),
    SetSession: unary(
      (r) => (
        run({
          kind: 'session',
          session: {
            connection_id: local(r.client_id),
            op: 'SESSION_OP_REPLACE',
            json: Buffer.from(r.session_json || '{}'),
          },
        }),
        {}
      ),
    ),
    UpdateSession: unary(
      (r) => (
        run({
          kind: 'session',
          session: {
            connection_id: local(r.client_id),
            op: 'SESSION_OP_MERGE',
            json: Buffer.from(r.session_json || '{}'),
          },
        }),
        {}
      ),
    ),
    IsOnline: unary((r) => ({
      online: run({ kind: 'is_online', is_online: { connection_id: local(r.client_id) } }).online === true,
    })),
    IsUidOnline: unary((r) => ({ online: rows({ uids: [nonEmpty('uid', r.uid)] }).length > 0 })),
    GetClientIdByUid: unary((r) => ({
      client_ids: rows({ uids: [nonEmpty('uid', r.uid)] }).map(clientIdOf),
    })),
    GetUidByClientId: unary((r) => ({
      uid: rows({ connection_ids: [local(r.client_id)], with_uid: true })[0]?.uid ?? '',
    })),
    GetSession: unary((r) => {
      const session = run({ kind: 'get_session', get_session: { connection_id: local(r.client_id) } })
        .session as Buffer | undefined;
      return session && session.length > 0
        ? { found: true, session_json: session.toString() }
        : { found: false };
    }),
    GetAllClientCount: unary(() => ({ count: run({ kind: 'client_count', client_count: {} }).count ?? 0 })),
    GetAllClientIdList: unary(() => ({ client_ids: rows({}).map(clientIdOf) })),
    GetAllClientSessions: unary((r) => ({
      sessions: rows({ groups: r.group ? [r.group] : [], with_session: true }).map((row) => ({
        client_id: clientIdOf(row),
        session_json: sessionJson(row),
      })),
    })),
    GetClientCountByGroup: unary((r) => ({
      count: run({ kind: 'client_count', client_count: { groups: r.group ? [r.group] : [] } }).count ?? 0,
    })),
    GetClientIdListByGroup: unary((r) => ({
      client_ids: (r.groups ?? []).length > 0 ? rows({ groups: r.groups }).map(clientIdOf) : [],
    })),
    GetClientSessionsByGroup: unary((r) => ({
      sessions: rows({ groups: [nonEmpty('group', r.group)], with_session: true }).map((row) => ({
        client_id: clientIdOf(row),
        session_json: sessionJson(row),
      })),
    })),
    GetUidListByGroup: unary((r) => ({
      uids: (r.groups ?? []).length > 0 ? uidsOf(rows({ groups: r.groups, with_uid: true })) : [],
    })),
    GetUidCountByGroup: unary((r) => ({
      count: uidsOf(rows({ groups: [nonEmpty('group', r.group)], with_uid: true })).length,
    })),
    GetAllUidList: unary(() => ({ uids: uidsOf(rows({ with_uid: true })) })),
    GetAllUidCount: unary(() => ({ count: uidsOf(rows({ with_uid: true })).length })),
    GetAllGroupIdList: unary(() => ({
      groups: run({ kind: 'group_list', group_list: {} }).names?.names ?? [],
    })),
    GetAllGroupClientIdList: unary(() => ({
      groups: [...byGroup()].map(([group, members]) => ({ group, client_ids: members.map(clientIdOf) })),
    })),
    GetAllGroupClientIdCount: unary(() => ({
      groups: [...byGroup()].map(([group, members]) => ({ group, count: members.length })),
    })),
    GetAllGroupUidList: unary(() => ({
      groups: [...byGroup()].map(([group, members]) => ({ group, uids: uidsOf(members) })),
    })),
    GetAllGroupUidCount: unary(() => ({
      groups: [...byGroup()].map(([group, members]) => ({ group, count: uidsOf(members).length })),
    })),
  };
}
