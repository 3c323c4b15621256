import { decodeClientId, encodeClientId, type ClientId } from '../client-id';
import { GatewayWorkerError } from '../errors';
import { distinctUids, membersByGroup } from '../rpc/client-rows';
import { parseSession, serializeSession, type SessionData } from '../session';
import type { ClientRow__Output } from '../rpc/generated/gatewayworker/v1/ClientRow';
import type { Command } from '../rpc/generated/gatewayworker/v1/Command';
import type { Reply__Output } from '../rpc/generated/gatewayworker/v1/Reply';
import type { SelectQuery } from '../rpc/generated/gatewayworker/v1/SelectQuery';
import type { SessionOp } from '../rpc/generated/gatewayworker/v1/SessionOp';
import type { GatewayLink } from './gateway-link';

/** A message for a client: a string goes as a WebSocket text frame, bytes as a binary frame. */
export type Message = string | Buffer | Uint8Array;
/** Uids and group ids are strings; numbers are accepted and mean their decimal string (42 ≡ "42"). */
export type Uid = string | number;
export type GroupId = string | number;

export interface SendToAllOptions {
  /** Only these clients (an empty list sends to nobody). */
  clientIds?: readonly ClientId[];
  /** Everyone (or everyone listed) but these. */
  exclude?: readonly ClientId[];
}

/**
 * The Gateway API, the same in handlers (ctx.gateway), on a BusinessWorker (worker.gateway) and on
 * a GatewayClient. Calls on a client id go to the Gateway that owns it (decoded from the id);
 * calls on uids, groups or everyone go to every Gateway. Commands resolve once queued on the
 * stream (fire-and-forget, as in GatewayWorker: an offline client is skipped silently); queries
 * resolve with the answer or reject with a GatewayWorkerError — never a silent partial result.
 * A malformed client id rejects with GW_ERR_INVALID_CLIENT_ID; an empty uid or group with
 * GW_ERR_INVALID_ARGUMENT.
 */
export interface GatewayApi {
  sendToClient(clientId: ClientId, message: Message): Promise<void>;
  sendToAll(message: Message, options?: SendToAllOptions): Promise<void>;
  /** Every client bound to the uid(s), each once. */
  sendToUid(uid: Uid | readonly Uid[], message: Message): Promise<void>;
  /** Every member of the group(s), each once, except `exclude`. */
  sendToGroup(
    group: GroupId | readonly GroupId[],
    message: Message,
    options?: { exclude?: readonly ClientId[] },
  ): Promise<void>;
  /** Sends `message` (if given), then closes the client; its worker gets onClose with reason 'kicked'. */
  closeClient(clientId: ClientId, message?: Message): Promise<void>;
  /** Closes at once, discarding unsent data. */
  destroyClient(clientId: ClientId): Promise<void>;
  /** Binds the client to a uid; a client has one uid at most (binding another moves it). */
  bindUid(clientId: ClientId, uid: Uid): Promise<void>;
  /** Unbinds the client's uid; with `uid`, only if it is bound to that one. */
  unbindUid(clientId: ClientId, uid?: Uid): Promise<void>;
  joinGroup(clientId: ClientId, group: GroupId): Promise<void>;
  leaveGroup(clientId: ClientId, group: GroupId): Promise<void>;
  /** Empties the group; its members stay connected. */
  ungroup(group: GroupId): Promise<void>;
  /** Replaces the client's session. */
  setSession(clientId: ClientId, session: SessionData): Promise<void>;
  /** Deep-merges into the client's session (objects key by key; other values replace). */
  updateSession(clientId: ClientId, changes: SessionData): Promise<void>;

  isOnline(clientId: ClientId): Promise<boolean>;
  isUidOnline(uid: Uid): Promise<boolean>;
  getClientIdByUid(uid: Uid): Promise<ClientId[]>;
  getUidByClientId(clientId: ClientId): Promise<string | null>;
  /** The client's session, or null when the client is not online. */
  getSession(clientId: ClientId): Promise<SessionData | null>;
  getAllClientCount(): Promise<number>;
  getAllClientIdList(): Promise<ClientId[]>;
  /** Sessions of every client, or of the members of `group`. */
  getAllClientSessions(group?: GroupId): Promise<Record<ClientId, SessionData>>;
  /** Members of a group; no group (or '') = every client. */
  getClientCountByGroup(group?: GroupId): Promise<number>;
  getClientIdListByGroup(group: GroupId | readonly GroupId[]): Promise<ClientId[]>;
  getClientSessionsByGroup(group: GroupId): Promise<Record<ClientId, SessionData>>;
  /** Distinct uids bound among the group's members. */
  getUidListByGroup(group: GroupId | readonly GroupId[]): Promise<string[]>;
  getUidCountByGroup(group: GroupId): Promise<number>;
  getAllUidList(): Promise<string[]>;
  getAllUidCount(): Promise<number>;
  /** Non-empty groups. */
  getAllGroupIdList(): Promise<string[]>;
  getAllGroupClientIdList(): Promise<Record<string, ClientId[]>>;
  getAllGroupClientIdCount(): Promise<Record<string, number>>;
  getAllGroupUidList(): Promise<Record<string, string[]>>;
  getAllGroupUidCount(): Promise<Record<string, number>>;
}

/** Where the API sends things: the worker's (or API client's) live links. */
export interface LinkDirectory {
  /** The link to the Gateway at this address, if any. */
  linkFor(gatewayAddress: string): GatewayLink | undefined;
  /** Every Gateway that should answer a fan-out query: listed ones and connected ones. */
  fanOutLinks(): { links: GatewayLink[]; missing: string[] };
  /** Every link that is connected or connecting, for fan-out commands (queued until connected). */
  liveLinks(): GatewayLink[];
  /** Resolves when calls can be made: throws GW_ERR_STOPPED once stopped (a GatewayClient also waits for its first Gateway list). */
  ready(): void | Promise<void>;
  /** Lets the worker keep a handler's own session copy in step with setSession/updateSession. */
  onSessionCommand?(clientId: ClientId, link: GatewayLink, op: SessionOp, session: SessionData): number;
}

export function toPayload(message: unknown): { data: Buffer; binary: boolean } {
  if (typeof message === 'string') return { data: Buffer.from(message), binary: false };
  if (Buffer.isBuffer(message)) return { data: message, binary: true };
  if (message instanceof Uint8Array) {
    return { data: Buffer.from(message.buffer, message.byteOffset, message.byteLength), binary: true };
  }
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_ARGUMENT',
    `a message must be a string, Buffer or Uint8Array, got ${typeof message}`,
  );
}

/** A uid or group id as sent on the wire. */
export function toName(what: 'uid' | 'group', value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_ARGUMENT',
    `${what} must be a non-empty string or a number, got ${JSON.stringify(value)}`,
  );
}

function toNames(what: 'uid' | 'group', value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => toName(what, v)) : [toName(what, value)];
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

interface Row {
  clientId: ClientId;
  row: ClientRow__Output;
}

export function createGatewayApi(directory: LinkDirectory): GatewayApi {
  /** Runs a targeted command; a client whose Gateway is not connected is offline: a no-op. */
  const targeted = async (clientId: ClientId, build: (connectionId: number) => Command): Promise<void> => {
    await directory.ready();
    const { gatewayAddress, connectionId } = decodeClientId(clientId);
    const link = directory.linkFor(gatewayAddress);
    if (!link) return;
    link.send(build(connectionId));
    await link.whenWritable();
  };

  /** Sends a command to every connected Gateway (`build` may tailor it per Gateway). */
  const fanOut = async (build: (link: GatewayLink) => Command | undefined): Promise<void> => {
    await directory.ready();
    const links = directory.liveLinks();
    for (const link of links) {
      const command = build(link);
      if (command) link.send(command);
    }
    await Promise.all(links.map((link) => link.whenWritable()));
  };

  /** Asks one Gateway; a client whose Gateway is not connected is offline (undefined). */
  const targetedQuery = async (
    clientId: ClientId,
    build: (connectionId: number) => Command,
  ): Promise<Reply__Output | undefined> => {
    await directory.ready();
    const { gatewayAddress, connectionId } = decodeClientId(clientId);
    const link = directory.linkFor(gatewayAddress);
    return link ? link.query(build(connectionId)) : undefined;
  };

  /** Asks every Gateway; any missing or failing Gateway fails the whole call. */
  const fanOutQuery = async (
    command: Command,
  ): Promise<Array<{ link: GatewayLink; reply: Reply__Output }>> => {
    await directory.ready();
    const { links, missing } = directory.fanOutLinks();
    if (missing.length > 0) {
      throw new GatewayWorkerError(
        'GW_ERR_GATEWAY_UNAVAILABLE',
        `gateway(s) ${missing.join(', ')} listed but not connected`,
      );
    }
    const replies = await Promise.all(links.map((link) => link.query(command)));
    return replies.map((reply, i) => ({ link: links[i] as GatewayLink, reply }));
  };

  const selectAll = async (query: SelectQuery): Promise<Row[]> => {
    const answers = await fanOutQuery({ select: query });
    return answers.flatMap(({ link, reply }) =>
      (reply.clients?.rows ?? []).map((row) => ({
        clientId: encodeClientId(link.address, row.connection_id ?? 0),
        row,
      })),
    );
  };

  const sessionsOf = (rows: Row[]): Record<ClientId, SessionData> => {
    const result: Record<ClientId, SessionData> = {};
    for (const { clientId, row } of rows)
      result[clientId] = row.session && row.session.length > 0 ? parseSession(row.session) : {};
    return result;
  };

  const uidsOf = (rows: Row[]): string[] => distinctUids(rows, (r) => r.row);

  const countAll = async (groups: string[]): Promise<number> => {
    const answers = await fanOutQuery({ client_count: { groups } });
    return answers.reduce((sum, { reply }) => sum + (reply.count ?? 0), 0);
  };

  /** group -> rows of its members, from one select of every client with its groups. */
  const byGroup = async (): Promise<Map<string, Row[]>> =>
    membersByGroup(await selectAll({ with_groups: true, with_uid: true }), (r) => r.row);

  const mapGroups = async <T>(read: (rows: Row[]) => T): Promise<Record<string, T>> => {
    const result: Record<string, T> = {};
    for (const [group, rows] of await byGroup()) result[group] = read(rows);
    return result;
  };

  const sessionCommand = async (clientId: ClientId, op: SessionOp, session: SessionData): Promise<void> => {
    await directory.ready();
    const json = Buffer.from(serializeSession(session));
    const { gatewayAddress, connectionId } = decodeClientId(clientId);
    const link = directory.linkFor(gatewayAddress);
    if (!link) return;
    const seq = directory.onSessionCommand?.(clientId, link, op, session) ?? 0;
    link.send({ session: { connection_id: connectionId, op, json, seq } });
    await link.whenWritable();
  };

  return {
    async sendToClient(clientId, message) {
      const { data, binary } = toPayload(message);
      return targeted(clientId, (id) => ({ send: { connection_ids: [id], data, binary } }));
    },

    async sendToAll(message, options = {}) {
      const { data, binary } = toPayload(message);
      const excluded = groupByGateway(options.exclude ?? []);
      const listed = options.clientIds ? groupByGateway(options.clientIds) : undefined;
      return fanOut((link) => {
        const skip = excluded.get(link.address) ?? [];
        if (!listed) return { broadcast: { data, binary, exclude_connection_ids: skip } };
        const connection_ids = (listed.get(link.address) ?? []).filter((id) => !skip.includes(id));
        return connection_ids.length > 0 ? { send: { connection_ids, data, binary } } : undefined;
      });
    },

    async sendToUid(uid, message) {
      const uids = toNames('uid', uid);
      const { data, binary } = toPayload(message);
      return fanOut(() => ({ send_to_uids: { uids, data, binary } }));
    },

    async sendToGroup(group, message, options = {}) {
      const groups = toNames('group', group);
      const { data, binary } = toPayload(message);
      const excluded = groupByGateway(options.exclude ?? []);
      return fanOut((link) => ({
        send_to_groups: { groups, data, binary, exclude_connection_ids: excluded.get(link.address) ?? [] },
      }));
    },

    async closeClient(clientId, message) {
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

    async bindUid(clientId, uid) {
      const name = toName('uid', uid);
      return targeted(clientId, (id) => ({ bind_uid: { connection_id: id, uid: name } }));
    },

    async unbindUid(clientId, uid) {
      const name = uid === undefined ? '' : toName('uid', uid);
      return targeted(clientId, (id) => ({ unbind_uid: { connection_id: id, uid: name } }));
    },

    async joinGroup(clientId, group) {
      const name = toName('group', group);
      return targeted(clientId, (id) => ({ join_group: { connection_id: id, group: name } }));
    },

    async leaveGroup(clientId, group) {
      const name = toName('group', group);
      return targeted(clientId, (id) => ({ leave_group: { connection_id: id, group: name } }));
    },

    async ungroup(group) {
      const name = toName('group', group);
      return fanOut(() => ({ ungroup: { group: name } }));
    },

    setSession: (clientId, session) => sessionCommand(clientId, 'SESSION_OP_REPLACE', session),
    updateSession: (clientId, changes) => sessionCommand(clientId, 'SESSION_OP_MERGE', changes),

    async isOnline(clientId) {
      const reply = await targetedQuery(clientId, (id) => ({ is_online: { connection_id: id } }));
      return reply?.online === true;
    },

    async isUidOnline(uid) {
      return (await selectAll({ uids: [toName('uid', uid)] })).length > 0;
    },

    async getClientIdByUid(uid) {
      return (await selectAll({ uids: [toName('uid', uid)] })).map((r) => r.clientId);
    },

    async getUidByClientId(clientId) {
      const reply = await targetedQuery(clientId, (id) => ({
        select: { connection_ids: [id], with_uid: true },
      }));
      const uid = reply?.clients?.rows?.[0]?.uid;
      return uid ? uid : null;
    },

    async getSession(clientId) {
      const reply = await targetedQuery(clientId, (id) => ({ get_session: { connection_id: id } }));
      const json = reply?.session;
      return json && json.length > 0 ? parseSession(json) : null;
    },

    getAllClientCount: () => countAll([]),

    async getAllClientIdList() {
      return (await selectAll({})).map((r) => r.clientId);
    },

    async getAllClientSessions(group) {
      const groups = group === undefined || group === '' ? [] : [toName('group', group)];
      return sessionsOf(
        await selectAll(groups.length > 0 ? { groups, with_session: true } : { with_session: true }),
      );
    },

    async getClientCountByGroup(group) {
      return countAll(group === undefined || group === '' ? [] : [toName('group', group)]);
    },

    async getClientIdListByGroup(group) {
      const groups = toNames('group', group);
      return groups.length === 0 ? [] : (await selectAll({ groups })).map((r) => r.clientId);
    },

    async getClientSessionsByGroup(group) {
      return sessionsOf(await selectAll({ groups: [toName('group', group)], with_session: true }));
    },

    async getUidListByGroup(group) {
      const groups = toNames('group', group);
      return groups.length === 0 ? [] : uidsOf(await selectAll({ groups, with_uid: true }));
    },

    async getUidCountByGroup(group) {
      return uidsOf(await selectAll({ groups: [toName('group', group)], with_uid: true })).length;
    },

    async getAllUidList() {
      return uidsOf(await selectAll({ with_uid: true }));
    },

    async getAllUidCount() {
      return uidsOf(await selectAll({ with_uid: true })).length;
    },

    async getAllGroupIdList() {
      const answers = await fanOutQuery({ group_list: {} });
      return [...new Set(answers.flatMap(({ reply }) => reply.names?.names ?? []))];
    },

    getAllGroupClientIdList: () => mapGroups((rows) => rows.map((r) => r.clientId)),
    getAllGroupClientIdCount: () => mapGroups((rows) => rows.length),
    getAllGroupUidList: () => mapGroups(uidsOf),
    getAllGroupUidCount: () => mapGroups((rows) => uidsOf(rows).length),
  };
}
