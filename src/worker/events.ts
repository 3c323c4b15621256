import type { ClientId } from '../client-id';
import { GatewayWorkerError } from '../errors';
import type { SessionData } from '../session';
import type { CurrentClientApi, GatewayApi } from '../api/gateway-api';
import { nearestName } from '../util/suggest';
import type { WorkerTimers } from './timers';

import type { CloseReason } from '../rpc/protocol';

export type { CloseReason };

/** The WebSocket handshake request (onWebSocketConnect). */
export interface WebSocketHandshake {
  /** Request target, e.g. "/chat?token=abc". */
  url: string;
  /** Path without the query, e.g. "/chat". */
  path: string;
  /** Query parameters; the last value wins for repeated names. */
  query: Record<string, string>;
  /** Headers with lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Cookies from the Cookie header. */
  cookies: Record<string, string>;
  // PHP GatewayWorker's `$data` of onWebSocketConnect, so that a ported handler reads the same keys:
  /** `$data['get']`: the same object as `query`. */
  get: Record<string, string>;
  /** `$data['cookie']`: the same object as `cookies`. */
  cookie: Record<string, string>;
  /**
   * `$data['server']`: REQUEST_METHOD, REQUEST_URI, QUERY_STRING, SERVER_PROTOCOL, SERVER_NAME (the
   * Host header as sent, port included, as PHP's `$request->host(false)`), CONTENT_TYPE (only when
   * sent), SERVER_PORT (the Gateway's client port), REMOTE_ADDR, REMOTE_PORT, and HTTP_<NAME> for
   * every header (`HTTP_ORIGIN`, `HTTP_COOKIE`, `HTTP_X_FORWARDED_FOR`...).
   */
  server: Record<string, string>;
}

/** What every handler of one client event receives. Valid during and after the handler (no globals). */
/** sendToCurrentClient, closeCurrentClient, destroyCurrentClient (and destoryCurrentClient) come from CurrentClientApi. */
export interface EventContext<S extends object = SessionData> extends CurrentClientApi<S> {
  readonly clientId: ClientId;
  /** The client's IP address and port, as its Gateway sees them. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The owning Gateway's inner address ("ipv4:port") and client-facing port. */
  readonly gatewayAddress: string;
  readonly gatewayPort: number;
  /** How the client speaks: 'ws', 'text', 'frame', or the name of a custom TCP protocol. */
  readonly protocol: 'ws' | 'text' | 'frame' | (string & {});
  /**
   * The client's session. Change it freely (or assign a new object): when the handler settles,
   * the changes are written back to the Gateway, and the client's next event sees them; a query
   * through ctx.gateway writes them back first, so it sees them too.
   * Changes made in onClose are discarded (the client is gone). Keep no reference to it beyond
   * the handler. At most 1 MiB of JSON and 64 levels deep: a change over that (or one JSON cannot
   * encode, such as a BigInt) is logged and not saved.
   */
  session: S;
  /** The whole Gateway API, with sessions of type S. */
  readonly gateway: GatewayApi<S>;
  /** The worker running this handler. */
  readonly worker: WorkerInfo<S>;
}

/** What onWorkerStart / onWorkerStop receive. */
export interface WorkerInfo<S extends object = SessionData> {
  readonly name: string;
  /** This process's index in its worker group (0..processes-1). */
  readonly index: number;
  readonly gateway: GatewayApi<S>;
  /** Timers owned by this worker process, cleared when it stops (e.g. on reload). */
  readonly timers: WorkerTimers;
}

type MaybePromise = void | Promise<void>;

/** The business logic. Every handler is optional; each may be async. */
export interface Events<S extends object = SessionData> {
  /**
   * Once per worker process, before it attaches to any Gateway (no event arrives before it has
   * settled). Set up timers and connections here. `worker.gateway` answers for every Gateway
   * here too (through a GatewayClient of the worker's own, for as long as onWorkerStart runs).
   */
  onWorkerStart?(worker: WorkerInfo<S>): MaybePromise;
  /** A client connected (WebSocket: after the handshake). First event of every client. */
  onConnect?(ctx: EventContext<S>): MaybePromise;
  /** Right after onConnect for WebSocket clients only (not TCP), with the handshake request (query, headers, cookies). */
  onWebSocketConnect?(ctx: EventContext<S>, handshake: WebSocketHandshake): MaybePromise;
  /** A complete message: a string for WebSocket text frames and `text` lines, a Buffer for binary
   * frames, `frame` messages and `text` lines that are not valid UTF-8 (their exact bytes); a
   * custom protocol's decode decides. */
  onMessage?(ctx: EventContext<S>, message: string | Buffer): MaybePromise;
  /** The client is gone; its uid and groups are already released. Sending to it does nothing. */
  onClose?(ctx: EventContext<S>, reason: CloseReason): MaybePromise;
  /** Once when the worker process stops, after its last event. */
  onWorkerStop?(worker: WorkerInfo<S>): MaybePromise;
  /**
   * This worker lost a Gateway process for good: it left the Register's list and its stream is
   * dead (killed, host unreachable, keepalive timeout), or it came back as a new instance. Its
   * clients are gone and get no onClose; `clientIds` are those whose events came to this worker
   * and that had not closed (each client is bound to one worker, so across workers each lost
   * client is normally reported once). Not called when this worker stops.
   */
  onGatewayLost?(gateway: LostGatewayInfo, clientIds: ClientId[], worker: WorkerInfo<S>): MaybePromise;
}

/** The Gateway process onGatewayLost reports. */
export interface LostGatewayInfo {
  /** Its routing address, "ipv4:port", as encoded in its client ids. */
  readonly address: string;
  /** Its name (GatewayOptions.name). */
  readonly name: string;
  /** The id of the process run that was lost. */
  readonly instanceId: string;
}

export const EVENT_NAMES = [
  'onWorkerStart',
  'onConnect',
  'onWebSocketConnect',
  'onMessage',
  'onClose',
  'onWorkerStop',
  'onGatewayLost',
] as const;

/** Rejects unknown on* names (a typo like onMesage must not silently do nothing) and non-functions. */
export function validateEvents(events: unknown): Events<object> {
  if (typeof events !== 'object' || events === null) {
    throw new GatewayWorkerError('GW_ERR_INVALID_EVENTS', '`events` must be an object of handlers');
  }
  const known: readonly string[] = EVENT_NAMES;
  // Own and prototype (class instance) properties both count.
  const names = new Set<string>(Object.keys(events));
  for (
    let proto = Object.getPrototypeOf(events);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
  }
  for (const name of names) {
    const value = (events as Record<string, unknown>)[name];
    if (known.includes(name)) {
      if (value !== undefined && typeof value !== 'function') {
        throw new GatewayWorkerError(
          'GW_ERR_INVALID_EVENTS',
          `events.${name} must be a function, got ${typeof value}`,
        );
      }
    } else if (/^on[A-Z]/.test(name)) {
      const nearest = nearestName(name, known);
      throw new GatewayWorkerError(
        'GW_ERR_INVALID_EVENTS',
        `events.${name} is not a known handler` +
          (nearest ? ` (did you mean \`${nearest}\`?)` : `; expected one of ${EVENT_NAMES.join(', ')}`),
      );
    }
  }
  return events as Events<object>;
}
