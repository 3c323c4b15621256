import { isUtf8 } from 'node:buffer';
import { GatewayWorkerError } from '../errors';
import { parseSession } from '../session';
import type { Command__Output } from '../rpc/generated/gatewayworker/v1/Command';
import type { Reply } from '../rpc/generated/gatewayworker/v1/Reply';
import type { ClientHub, SessionChange } from './client-hub';
import type { WorkerLink } from './worker-link';

const EMPTY = Buffer.alloc(0);

/**
 * Carries out one worker command on this Gateway. Returns the reply for queries, nothing for
 * plain commands. Commands about unknown (closed) clients are no-ops, as in GatewayWorker.
 * Throws GatewayWorkerError for malformed commands; the caller reports it and goes on.
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
      for (const id of connection_ids) {
        const client = hub.clients.get(id);
        if (client) hub.sendTo(client, data, binary);
      }
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
    case 'close': {
      const {
        connection_id = 0,
        has_message = false,
        data = EMPTY,
        binary = false,
        destroy = false,
      } = command.close ?? {};
      const client = hub.clients.get(connection_id);
      if (!client) return undefined;
      if (has_message && !destroy) {
        checkText(data, binary);
        hub.sendTo(client, data, binary);
      }
      hub.closeClient(client, 'kicked', 'closed by the server', destroy);
      return undefined;
    }
    case 'session': {
      const { connection_id = 0, op, json = EMPTY, unset_keys = [], seq = 0 } = command.session ?? {};
      const client = hub.clients.get(connection_id);
      if (!client) return undefined;
      const value = json.length > 0 ? parseSession(json) : {};
      let change: SessionChange;
      if (op === 'SESSION_OP_REPLACE') change = { op: 'replace', session: value };
      else if (op === 'SESSION_OP_MERGE') change = { op: 'merge', session: value };
      else if (op === 'SESSION_OP_PATCH') change = { op: 'patch', set: value, unset: unset_keys };
      else throw new GatewayWorkerError('GW_ERR_PROTOCOL', `unknown session op ${String(op)}`);
      hub.changeSession(client, change, from, seq);
      return undefined;
    }
    case 'is_online': {
      const client = hub.clients.get(command.is_online?.connection_id ?? 0);
      return { request_id: requestId, online: client !== undefined };
    }
    case 'client_count':
      return { request_id: requestId, count: hub.clients.size };
    case 'get_session': {
      const client = hub.clients.get(command.get_session?.connection_id ?? 0);
      return { request_id: requestId, session: client ? client.sessionBytes() : EMPTY };
    }
    case undefined:
      throw new GatewayWorkerError('GW_ERR_PROTOCOL', 'command without a kind (unknown to this Gateway?)');
    default: {
      const never: never = command.kind;
      throw new GatewayWorkerError('GW_ERR_PROTOCOL', `unknown command kind ${String(never)}`);
    }
  }
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

/** The reply for a query that failed. */
export function errorReply(requestId: number, err: unknown): Reply {
  const code = err instanceof GatewayWorkerError ? err.code : 'GW_ERR_QUERY_FAILED';
  return { request_id: requestId, error_code: code, error_message: (err as Error)?.message ?? String(err) };
}
