import { encodeClientId, routeOfClientId, type ClientId } from '../client-id';
import { GatewayWorkerError } from '../errors';
import { distinctUids, membersByGroup } from '../rpc/client-rows';
import { parseSession, serializeSession, type SessionData } from '../session';
import type { ClientRow__Output } from '../rpc/generated/gatewayworker/v1/ClientRow';
import type { Command } from '../rpc/generated/gatewayworker/v1/Command';
import type { Reply__Output } from '../rpc/generated/gatewayworker/v1/Reply';
import type { SelectQuery } from '../rpc/generated/gatewayworker/v1/SelectQuery';
import type { SessionOp } from '../rpc/generated/gatewayworker/v1/SessionOp';

/** A message for a client: a string goes as a WebSocket text frame, bytes as a binary frame. */
export type Message = string | Buffer | Uint8Array;
/** Uids and group ids are strings; numbers are accepted and mean their decimal string (42 ≡ "42"). */
export type Uid = string | number;
export type GroupId = string | number;

/** What the API needs of a Gateway: a worker stream (GatewayLink) or, in a Gateway, its own hub. */
export interface ApiLink {
  readonly address: string;
  /** Queues a command (no reply). */
  send(command: Command): void;
  /** Asks a query; rejects with a GatewayWorkerError. */
  query(command: Command): Promise<Reply__Output>;
  /** Resolves when the link accepts more commands (backpressure); nothing when it does already. */
  whenWritable(): void | Promise<void>;
}

/** Where the API sends things: the worker's (or API client's) live links. */
export interface LinkDirectory<L extends ApiLink = ApiLink> {
  /** The link to the Gateway at this address, if any (`clientId`: the client the call is about, for errors). */
  linkFor(gatewayAddress: string, clientId: ClientId): L | undefined;
  /** Every Gateway that should answer a fan-out query: listed ones and connected ones. */
  fanOutLinks(): { links: L[]; missing: string[] };
  /** Every link that is connected or connecting, for fan-out commands (queued until connected). */
  liveLinks(): L[];
  /** Resolves when calls can be made: throws GW_ERR_STOPPED once stopped (a GatewayClient also waits for its first Gateway list). */
  ready(): void | Promise<void>;
  /** Lets the worker keep a handler's own session copy in step with setSession/updateSession. */
  onSessionCommand?(clientId: ClientId, link: L, op: SessionOp, session: SessionData): number;
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

/** One name or a list of names (an empty list is allowed). */
export function toNames(what: 'uid' | 'group', value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => toName(what, v)) : [toName(what, value)];
}

/** Groups client ids by owning Gateway address. Throws on the first malformed id. */
export function groupByGateway(clientIds: readonly ClientId[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const clientId of clientIds) {
    const { gatewayAddress, connectionId } = routeOfClientId(clientId);
    const list = groups.get(gatewayAddress);
    if (list) list.push(connectionId);
    else groups.set(gatewayAddress, [connectionId]);
  }
  return groups;
}

/** One client row of a select, with its cluster-wide client id. */
export interface Row {
  clientId: ClientId;
  row: ClientRow__Output;
}

/**
 * What a targeted command returns when it has nothing left to wait for (queued, stream not
 * congested): one shared settled promise, so that the worker's dispatcher can tell that a handler
 * returning it is done without waiting a tick.
 */
export const SENT: Promise<void> = Promise.resolve();

/**
 * The ways an operation reaches the Gateways, over a LinkDirectory: to the Gateway owning a client
 * (targeted), or to every Gateway (fan-out), as a command or a query. Operations (operations.ts)
 * are written in terms of these, so every surface shares one routing and merging.
 */
export function createEngine<L extends ApiLink>(directory: LinkDirectory<L>) {
  /**
   * Runs `call` once the directory is ready: at once when it is (a worker's usual case), else after
   * the one promise every call waits on. Either way calls reach the streams in the order they were
   * made, awaited or not (as PHP's sequential calls do). Not async: a throw becomes a rejection.
   */
  const whenReady = <T>(call: () => Promise<T>): Promise<T> => {
    try {
      const ready = directory.ready();
      return ready ? ready.then(call) : call();
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };

  /** Runs a targeted command; a client whose Gateway is not connected is offline: a no-op. */
  const targetedNow = (clientId: ClientId, build: (connectionId: number) => Command): Promise<void> => {
    const { gatewayAddress, connectionId } = routeOfClientId(clientId);
    const link = directory.linkFor(gatewayAddress, clientId);
    if (!link) return SENT;
    link.send(build(connectionId));
    return link.whenWritable() || SENT;
  };
  // whenReady inlined: this runs for every message sent, and with nothing to wait for it returns SENT.
  const targeted = (clientId: ClientId, build: (connectionId: number) => Command): Promise<void> => {
    try {
      const ready = directory.ready();
      return ready ? ready.then(() => targetedNow(clientId, build)) : targetedNow(clientId, build);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };

  /** Sends a command to every connected Gateway (`build` may tailor it per Gateway, or skip one). */
  const fanOut = (build: (link: L) => Command | undefined): Promise<void> =>
    whenReady(async () => {
      const links = directory.liveLinks();
      for (const link of links) {
        const command = build(link);
        if (command) link.send(command);
      }
      await Promise.all(links.map((link) => link.whenWritable()));
    });

  /** Asks one Gateway; a client whose Gateway is not connected is offline (undefined). */
  const targetedQuery = (
    clientId: ClientId,
    build: (connectionId: number) => Command,
  ): Promise<Reply__Output | undefined> =>
    whenReady(async () => {
      const { gatewayAddress, connectionId } = routeOfClientId(clientId);
      const link = directory.linkFor(gatewayAddress, clientId);
      return link ? link.query(build(connectionId)) : undefined;
    });

  /** Asks every Gateway; any missing or failing Gateway fails the whole call. */
  const fanOutQuery = (command: Command): Promise<Array<{ link: L; reply: Reply__Output }>> =>
    whenReady(async () => {
      const { links, missing } = directory.fanOutLinks();
      if (missing.length > 0) {
        throw new GatewayWorkerError(
          'GW_ERR_GATEWAY_UNAVAILABLE',
          `gateway(s) ${missing.join(', ')} listed but not connected`,
        );
      }
      const replies = await Promise.all(links.map((link) => link.query(command)));
      return replies.map((reply, i) => ({ link: links[i] as L, reply }));
    });

  /** Client rows of every Gateway matching the select. */
  const selectAll = async (query: SelectQuery): Promise<Row[]> => {
    const answers = await fanOutQuery({ select: query });
    return answers.flatMap(({ link, reply }) =>
      (reply.clients?.rows ?? []).map((row) => ({
        clientId: encodeClientId(link.address, row.connection_id ?? 0),
        row,
      })),
    );
  };

  /** Sums the client counts of every Gateway (members of any of `groups`; none = every client). */
  const countAll = async (groups: string[]): Promise<number> => {
    const answers = await fanOutQuery({ client_count: { groups } });
    return answers.reduce((sum, { reply }) => sum + (reply.count ?? 0), 0);
  };

  /**
   * group -> a value read from the rows of its members, from one select of every client.
   * `hasUid`: only the members bound to a uid count, and a group without any is left out (PHP's
   * getAllGroupUidList skips clients without a uid).
   */
  const mapGroups = async <T>(read: (rows: Row[]) => T, hasUid = false): Promise<Record<string, T>> => {
    const result: Record<string, T> = {};
    const rows = await selectAll({ with_groups: true, with_uid: true });
    const counted = hasUid ? rows.filter((r) => r.row.uid) : rows;
    for (const [group, members] of membersByGroup(counted, (r) => r.row)) result[group] = read(members);
    return result;
  };

  const sessionCommand = (clientId: ClientId, op: SessionOp, session: SessionData): Promise<void> =>
    whenReady(async () => {
      const json = Buffer.from(serializeSession(session));
      const { gatewayAddress, connectionId } = routeOfClientId(clientId);
      const link = directory.linkFor(gatewayAddress, clientId);
      if (!link) return;
      const seq = directory.onSessionCommand?.(clientId, link, op, session) ?? 0;
      link.send({ session: { connection_id: connectionId, op, json, seq } });
      await link.whenWritable();
    });

  return { targeted, fanOut, targetedQuery, fanOutQuery, selectAll, countAll, mapGroups, sessionCommand };
}

export type Engine = ReturnType<typeof createEngine<ApiLink>>;

export function sessionsOf(rows: Row[]): Record<ClientId, SessionData> {
  const result: Record<ClientId, SessionData> = {};
  for (const { clientId, row } of rows)
    result[clientId] = row.session && row.session.length > 0 ? parseSession(row.session) : {};
  return result;
}

export const uidsOf = (rows: Row[]): string[] => distinctUids(rows, (r) => r.row);
