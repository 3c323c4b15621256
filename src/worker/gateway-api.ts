import { decodeClientId, type ClientId } from '../client-id';
import { GatewayWorkerError } from '../errors';
import { parseSession, serializeSession, type SessionData } from '../session';
import type { Command } from '../rpc/generated/gatewayworker/v1/Command';
import type { SessionOp } from '../rpc/generated/gatewayworker/v1/SessionOp';
import type { GatewayLink } from './gateway-link';

/** A message for a client: a string goes as a WebSocket text frame, bytes as a binary frame. */
export type Message = string | Buffer | Uint8Array;

export interface SendToAllOptions {
  /** Only these clients (an empty list sends to nobody). */
  clientIds?: readonly ClientId[];
  /** Everyone (or everyone listed) but these. */
  exclude?: readonly ClientId[];
}

/**
 * The Gateway API. Calls on a client id go to the Gateway that owns it (decoded from the id);
 * calls on everyone go to every Gateway. Commands resolve once queued on the stream (they are
 * fire-and-forget, as in GatewayWorker: a closed client is skipped silently); queries resolve with
 * the answer or reject with a GatewayWorkerError (never a silent partial result).
 * A malformed client id rejects with GW_ERR_INVALID_CLIENT_ID.
 */
export interface GatewayApi {
  sendToClient(clientId: ClientId, message: Message): Promise<void>;
  sendToAll(message: Message, options?: SendToAllOptions): Promise<void>;
  /** Sends `message` (if given), then closes the client; its worker gets onClose with reason 'kicked'. */
  closeClient(clientId: ClientId, message?: Message): Promise<void>;
  /** Closes at once, discarding unsent data. */
  destroyClient(clientId: ClientId): Promise<void>;
  isOnline(clientId: ClientId): Promise<boolean>;
  getAllClientCount(): Promise<number>;
  /** Replaces the client's session. */
  setSession(clientId: ClientId, session: SessionData): Promise<void>;
  /** Deep-merges into the client's session (objects merge key by key; other values replace). */
  updateSession(clientId: ClientId, changes: SessionData): Promise<void>;
  /** The client's session, or null when the client is not online. */
  getSession(clientId: ClientId): Promise<SessionData | null>;
}

/** Where the API sends things: the worker's (or API client's) live links. */
export interface LinkDirectory {
  /** The link to the Gateway at this address, if any. */
  linkFor(gatewayAddress: string): GatewayLink | undefined;
  /** Every Gateway that should answer a fan-out query: listed ones and connected ones. */
  fanOutLinks(): { links: GatewayLink[]; missing: string[] };
  /** Every connected link, for fan-out commands. */
  readyLinks(): GatewayLink[];
  /** Throws GW_ERR_STOPPED once the owner has stopped. */
  ensureRunning(): void;
  /** Lets the worker keep a handler's own session copy in step with setSession/updateSession. */
  onSessionCommand?(clientId: ClientId, link: GatewayLink, op: SessionOp, session: SessionData): number;
}

export function toPayload(message: unknown): { data: Buffer; binary: boolean } {
  if (typeof message === 'string') return { data: Buffer.from(message), binary: false };
  if (Buffer.isBuffer(message)) return { data: message, binary: true };
  if (message instanceof Uint8Array)
    return { data: Buffer.from(message.buffer, message.byteOffset, message.byteLength), binary: true };
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_ARGUMENT',
    `a message must be a string, Buffer or Uint8Array, got ${typeof message}`,
  );
}

/** Groups client ids by owning Gateway address. Throws on the first malformed id. */
function groupByGateway(clientIds: readonly ClientId[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const clientId of clientIds) {
    const { gatewayAddress, connectionId } = decodeClientId(clientId);
    const list = groups.get(gatewayAddress);
    if (list) list.push(connectionId);
    else groups.set(gatewayAddress, [connectionId]);
  }
  return groups;
}

export function createGatewayApi(directory: LinkDirectory): GatewayApi {
  /** Runs a targeted command; a client whose Gateway is not connected is offline: a no-op. */
  const targeted = async (clientId: ClientId, build: (connectionId: number) => Command): Promise<void> => {
    directory.ensureRunning();
    const { gatewayAddress, connectionId } = decodeClientId(clientId);
    const link = directory.linkFor(gatewayAddress);
    if (!link) return;
    link.send(build(connectionId));
    await link.whenWritable();
  };

  const fanOutQuery = async <T>(
    command: Command,
    read: (reply: Awaited<ReturnType<GatewayLink['query']>>) => T,
  ): Promise<T[]> => {
    directory.ensureRunning();
    const { links, missing } = directory.fanOutLinks();
    if (missing.length > 0) {
      throw new GatewayWorkerError(
        'GW_ERR_GATEWAY_UNAVAILABLE',
        `gateway(s) ${missing.join(', ')} listed but not connected`,
      );
    }
    const replies = await Promise.all(links.map((link) => link.query(command)));
    return replies.map(read);
  };

  const sessionCommand = async (clientId: ClientId, op: SessionOp, session: SessionData): Promise<void> => {
    directory.ensureRunning();
    const json = Buffer.from(serializeSession(session));
    const { gatewayAddress, connectionId } = decodeClientId(clientId);
    const link = directory.linkFor(gatewayAddress);
    if (!link) return;
    const seq = directory.onSessionCommand?.(clientId, link, op, session) ?? 0;
    link.send({ session: { connection_id: connectionId, op, json, seq } });
    await link.whenWritable();
  };

  return {
    sendToClient: (clientId, message) => {
      const { data, binary } = toPayload(message);
      return targeted(clientId, (id) => ({ send: { connection_ids: [id], data, binary } }));
    },

    async sendToAll(message, options = {}) {
      directory.ensureRunning();
      const { data, binary } = toPayload(message);
      const excluded = groupByGateway(options.exclude ?? []);
      if (options.clientIds) {
        for (const [address, ids] of groupByGateway(options.clientIds)) {
          const skip = new Set(excluded.get(address) ?? []);
          const connection_ids = ids.filter((id) => !skip.has(id));
          const link = directory.linkFor(address);
          if (link && connection_ids.length > 0) link.send({ send: { connection_ids, data, binary } });
        }
      } else {
        for (const link of directory.readyLinks()) {
          const exclude = link.welcome?.address ? (excluded.get(link.welcome.address) ?? []) : [];
          link.send({ broadcast: { data, binary, exclude_connection_ids: exclude } });
        }
      }
      await Promise.all(directory.readyLinks().map((link) => link.whenWritable()));
    },

    closeClient: (clientId, message) => {
      const payload = message === undefined ? undefined : toPayload(message);
      return targeted(clientId, (id) => ({
        close: {
          connection_id: id,
          has_message: payload !== undefined,
          data: payload?.data,
          binary: payload?.binary,
        },
      }));
    },

    destroyClient: (clientId) =>
      targeted(clientId, (id) => ({ close: { connection_id: id, destroy: true } })),

    async isOnline(clientId) {
      directory.ensureRunning();
      const { gatewayAddress, connectionId } = decodeClientId(clientId);
      const link = directory.linkFor(gatewayAddress);
      if (!link) return false;
      const reply = await link.query({ is_online: { connection_id: connectionId } });
      return reply.online === true;
    },

    async getAllClientCount() {
      const counts = await fanOutQuery({ client_count: {} }, (reply) => reply.count ?? 0);
      return counts.reduce((sum, n) => sum + n, 0);
    },

    setSession: (clientId, session) => sessionCommand(clientId, 'SESSION_OP_REPLACE', session),
    updateSession: (clientId, changes) => sessionCommand(clientId, 'SESSION_OP_MERGE', changes),

    async getSession(clientId) {
      directory.ensureRunning();
      const { gatewayAddress, connectionId } = decodeClientId(clientId);
      const link = directory.linkFor(gatewayAddress);
      if (!link) return null;
      const reply = await link.query({ get_session: { connection_id: connectionId } });
      const json = reply.session;
      return json && json.length > 0 ? parseSession(json) : null;
    },
  };
}
