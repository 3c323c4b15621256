import { isUtf8 } from 'node:buffer';
import { GatewayWorkerError } from '../errors';
import { parseSession } from '../session';
import type { ClientRow } from '../rpc/generated/gatewayworker/v1/ClientRow';
import type { Command__Output } from '../rpc/generated/gatewayworker/v1/Command';
import type { Reply } from '../rpc/generated/gatewayworker/v1/Reply';
import type { SelectQuery__Output } from '../rpc/generated/gatewayworker/v1/SelectQuery';
import type { ClientHub } from './client-hub';
import type { ClientState } from './client-state';
import type { SessionChange } from './session-replica';
import type { WorkerLink } from './worker-link';

const EMPTY = Buffer.alloc(0);

/**
 * Carries out one command on this Gateway: the one implementation behind both the worker streams
 * and the unary RPCs. Returns the reply for queries, nothing for plain commands. Commands about
 * unknown (closed) clients are no-ops, as in GatewayWorker. Throws GatewayWorkerError for
 * malformed commands; the caller reports it and goes on.
 */
export function executeCommand(
  hub: ClientHub,
  command: Command__Output,
  from?: WorkerLink,
): Reply | undefined {
  const requestId = command.request_id ?? 0;
  switch (command.kind) {
    case 'send': {
      const { connection_ids = [], data = EMPTY, binary = false } = command.send ?? {};
      checkText(data, binary);
      // Each listed client once, however often it is listed (sendToAll with a client id list).
      for (const id of new Set(connection_ids)) sendTo(hub, hub.clients.get(id), data, binary);
      return undefined;
    }
    case 'broadcast': {
      const { data = EMPTY, binary = false, exclude_connection_ids = [] } = command.broadcast ?? {};
      checkText(data, binary);
      const exclude = exclude_connection_ids.length > 0 ? new Set(exclude_connection_ids) : undefined;
      for (const client of hub.clients.values()) {
        if (!exclude?.has(client.connectionId)) hub.sendTo(client, data, binary);
      }
      return undefined;
    }
    case 'send_to_uids': {
      const { uids = [], data = EMPTY, binary = false } = command.send_to_uids ?? {};
      checkText(data, binary);
      for (const id of hub.index.clientsOfUids(uids)) sendTo(hub, hub.clients.get(id), data, binary);
      return undefined;
    }
    case 'send_to_groups': {
      const {
        groups = [],
        data = EMPTY,
        binary = false,
        exclude_connection_ids = [],
      } = command.send_to_groups ?? {};
      checkText(data, binary);
      const exclude = new Set(exclude_connection_ids);
      for (const id of hub.index.clientsOfGroups(groups)) {
        if (!exclude.has(id)) sendTo(hub, hub.clients.get(id), data, binary);
      }
      return undefined;
    }
    case 'close': {
      const {
        connection_id = 0,
        has_message = false,
        data = EMPTY,
        binary = false,
        destroy = false,
        code = 0,
        reason = '',
      } = command.close ?? {};
      const client = hub.clients.get(connection_id);
      if (!client) return undefined;
      if (has_message && !destroy) {
        checkText(data, binary);
        hub.sendTo(client, data, binary);
      }
      hub.closeClient(client, 'kicked', reason || 'closed by the server', destroy, code || undefined);
      return undefined;
    }
    case 'session': {
      const { connection_id = 0, op, json = EMPTY, unset_keys = [], seq = 0 } = command.session ?? {};
      let change: SessionChange;
      if (op === 'SESSION_OP_REPLACE') change = { op: 'replace', json };
      else if (op === 'SESSION_OP_MERGE') change = { op: 'merge', json };
      else if (op === 'SESSION_OP_PATCH') change = { op: 'patch', json, unset: unset_keys };
      else throw new GatewayWorkerError('GW_ERR_PROTOCOL', `unknown session op ${String(op)}`);
      const client = hub.clients.get(connection_id);
      // Only the bound worker numbers its changes (seq): they are already in its copy.
      if (client) client.session.apply(change, from !== undefined && from === client.worker ? seq : 0);
      else if (json.length > 0) parseSession(json); // still an error when malformed or over the limits
      return undefined;
    }
    case 'bind_uid': {
      const { connection_id = 0, uid = '' } = command.bind_uid ?? {};
      requireName('uid', uid);
      if (hub.clients.get(connection_id)) hub.index.bindUid(connection_id, uid);
      return undefined;
    }
    case 'unbind_uid': {
      const { connection_id = 0, uid = '' } = command.unbind_uid ?? {};
      hub.index.unbindUid(connection_id, uid === '' ? undefined : uid);
      return undefined;
    }
    case 'join_group': {
      const { connection_id = 0, group = '' } = command.join_group ?? {};
      requireName('group', group);
      if (hub.clients.get(connection_id)) hub.index.joinGroup(connection_id, group);
      return undefined;
    }
    case 'leave_group': {
      const { connection_id = 0, group = '' } = command.leave_group ?? {};
      hub.index.leaveGroup(connection_id, group);
      return undefined;
    }
    case 'ungroup':
      hub.index.ungroup(command.ungroup?.group ?? '');
      return undefined;
    case 'is_online':
      return {
        request_id: requestId,
        online: hub.clients.get(command.is_online?.connection_id ?? 0) !== undefined,
      };
    case 'client_count': {
      const groups = command.client_count?.groups ?? [];
      return {
        request_id: requestId,
        count: groups.length > 0 ? hub.index.clientsOfGroups(groups).size : hub.clients.size,
      };
    }
    case 'get_session': {
      const client = hub.clients.get(command.get_session?.connection_id ?? 0);
      return { request_id: requestId, session: client ? client.sessionBytes() : EMPTY };
    }
    case 'select':
      return { request_id: requestId, clients: { rows: select(hub, command.select ?? {}) } };
    case 'group_list':
      return { request_id: requestId, names: { names: hub.index.groups() } };
    case undefined:
      throw new GatewayWorkerError('GW_ERR_PROTOCOL', 'command without a kind (unknown to this Gateway?)');
    default: {
      const never: never = command.kind;
      throw new GatewayWorkerError('GW_ERR_PROTOCOL', `unknown command kind ${String(never)}`);
    }
  }
}

function select(hub: ClientHub, query: SelectQuery__Output): ClientRow[] {
  const { groups = [], uids = [], connection_ids = [] } = query;
  let matches: Iterable<ClientState>;
  if (groups.length === 0 && uids.length === 0 && connection_ids.length === 0) {
    matches = hub.clients.values();
  } else {
    const ids = hub.index.clientsOfGroups(groups);
    for (const id of hub.index.clientsOfUids(uids)) ids.add(id);
    for (const id of connection_ids) ids.add(id);
    matches = [...ids].map((id) => hub.clients.get(id)).filter((c): c is ClientState => c !== undefined);
  }
  const rows: ClientRow[] = [];
  for (const client of matches) {
    const row: ClientRow = { connection_id: client.connectionId };
    if (query.with_uid) row.uid = hub.index.uidOf(client.connectionId) ?? '';
    if (query.with_session) row.session = client.sessionBytes();
    if (query.with_groups) row.groups = hub.index.groupsOf(client.connectionId);
    rows.push(row);
  }
  return rows;
}

function sendTo(hub: ClientHub, client: ClientState | undefined, data: Buffer, binary: boolean): void {
  if (client) hub.sendTo(client, data, binary);
}

/** Text frames must be UTF-8, or browsers drop the connection. */
function checkText(data: Buffer, binary: boolean): void {
  if (!binary && !isUtf8(data)) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_ARGUMENT',
      'text message is not valid UTF-8 (send it as binary)',
    );
  }
}

/** A uid or group name as given; the empty string is an error. */
function requireName(what: 'uid' | 'group', name: string): string {
  if (name === '') throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', `${what} must not be empty`);
  return name;
}

/** The reply for a query that failed. */
export function errorReply(requestId: number, err: unknown): Reply {
  const code = err instanceof GatewayWorkerError ? err.code : 'GW_ERR_QUERY_FAILED';
  return { request_id: requestId, error_code: code, error_message: (err as Error)?.message ?? String(err) };
}
