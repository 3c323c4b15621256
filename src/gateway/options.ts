import { isIPv4 } from 'node:net';
import { GatewayWorkerError } from '../errors';
import { createLogger, type Logger } from '../logger';
import {
  checkIntrospection,
  checkMeshTls,
  checkSecretKey,
  type IntrospectionAccess,
  type MeshTlsFiles,
} from '../rpc/mesh-options';
import {
  checkFunction,
  checkHostPort,
  checkHostPortList,
  checkNonEmptyString,
  checkNonNegativeInt,
  checkOptionNames,
  checkPositiveInt,
  checkStringList,
  checkStringOrBuffer,
  checkUrlPath,
} from '../util/validate';
import type { TlsFiles } from './listeners/tls-server';
import { leastConnectionsRouter, randomRouter, type Router } from './router';
import { frameProtocol } from './protocols/frame';
import type { ClientProtocol } from './protocols/protocol';
import { textProtocol } from './protocols/text';

export type { ClientProtocol } from './protocols/protocol';

/** One client-facing address: "ws://host:port", "wss://host:port", "text://host:port",
 * "frame://host:port", or a protocol of your own on TCP: { url: 'tcp://host:port', protocol }.
 * A TCP address serves TLS with `tls: true` (WebSocket: "wss://"). */
export type ListenAddress = string | { url: string; protocol?: ClientProtocol; tls?: boolean };

/** A client-facing address, checked. `protocol` is absent for WebSocket. */
export interface ResolvedListen {
  url: string;
  host: string;
  port: number;
  protocol?: ClientProtocol;
  /** Served over TLS (wss://, or tls: true on a TCP address). */
  tls: boolean;
}

export interface GatewayOptions {
  /** Display name, also sent to workers and the Register. @default 'Gateway' */
  name?: string;
  /** Where end clients connect: one address or a list, each "ws://host:port", "wss://host:port",
   * "text://host:port", "frame://host:port" or { url: 'tcp://host:port', protocol } for a protocol of
   * your own; a TCP address serves TLS with { url, tls: true } (port 0 picks a free port). All of them
   * are served by the same workers. @default 'ws://0.0.0.0:7272' */
  listen?: ListenAddress | ListenAddress[];
  /** Certificate and key files (PEM) for the TLS addresses (`wss://`, `tls: true`); read at start(),
   * again on reloadCertificates(), SIGHUP or the CLI's `reload`. Required by them, refused without them. */
  tls?: TlsFiles;
  /** The address this Gateway announces to the Register: the host workers dial, and (resolved to
   * IPv4 once at start() when it is a hostname) the address encoded in every client id. Unless
   * `innerBind` is set, the inner gRPC server also binds to it. Set it to the LAN address in
   * multi-host deployments (PHP's lanIp). @default '127.0.0.1' */
  lanHost?: string;
  /** Inner gRPC port announced with lanHost; 0 announces the port actually bound. With several
   * processes, process i uses lanPort + i (PHP's startPort), or a free port each when 0. @default 0 */
  lanPort?: number;
  /** Where the inner gRPC server binds, "host:port", when that differs from what is announced
   * (containers, NAT: bind '0.0.0.0:2900', announce lanHost '10.0.0.5' and lanPort 32900). Port 0
   * binds a free port; with several processes process i binds port + i. @default `${lanHost}:${lanPort}` */
  innerBind?: string;
  /** Processes sharing the client port, under runCli. @default 1 */
  processes?: number;
  /** This process's index (0..processes-1); the supervisor sets it. @default 0 */
  index?: number;
  /** Register address(es), "host:port"; the Gateway announces itself to each. @default '127.0.0.1:1236' */
  register?: string | string[];
  /** How long a client's events are held while no worker is attached; then the client is closed
   * (WebSocket code 1013), its held events are dropped with a log line, and the next worker to attach
   * gets its onClose with reason 'no-worker'. Not while its worker drains. @default 5000 */
  workerWaitMs?: number;
  /** Largest message a client may send; a larger one closes that client (code 1009). @default 10485760 */
  maxMessageBytes?: number;
  /** Unsent bytes allowed per client; messages to a client above it are dropped and counted. @default 1024000 */
  sendBufferBytes?: number;
  /** What a message to a client over sendBufferBytes does: 'drop' it (counted), or 'close' destroys
   * the client (onClose reason 'protocol-error'). @default 'drop' */
  sendBufferPolicy?: 'drop' | 'close';
  /** Picks the worker for a client's first event ('least-connections', 'random' or a function).
   * Routing is sticky: a client stays with its worker while that worker is attached.
   * @default 'least-connections' */
  router?: 'least-connections' | 'random' | Router;
  /** How long stop() waits for workers to finish before cancelling their streams. @default 2000 */
  stopGraceMs?: number;
  /** Application heartbeat period (PHP's pingInterval, in ms here); 0 turns it off. @default 0 */
  pingIntervalMs?: number;
  /** 0: only send pingData to silent clients; N > 0: close a client silent for N intervals (plus at
   * most one), with onClose reason 'heartbeat-timeout'. @default 0 */
  pingNotResponseLimit?: number;
  /** Sent to a client silent for an interval, through its protocol; '' sends nothing. @default '' */
  pingData?: string | Buffer;
  /** WebSocket protocol pings: every this many ms, a client that sent no frame since the last
   * check gets a ping; 0 turns them off. @default 20000 */
  wsPingIntervalMs?: number;
  /** A WebSocket client is destroyed (reason 'heartbeat-timeout') when this many pings in a row
   * found it silent (no frame, pongs included). @default 1 */
  wsPingMaxMissed?: number;
  /** Open client connections per Gateway process (handshakes included); more are refused at
   * accept with HTTP 503, before any worker event. Lowered, with a warning, to the process's
   * open-file limit minus 256 when that is smaller. @default 50000 */
  maxConnections?: number;
  /** Open client connections per remote IP address; more are refused like maxConnections. @default 1000 */
  maxConnectionsPerIp?: number;
  /** A connection that has not completed its WebSocket upgrade within this many ms after accept
   * is cut (slow or never-finished requests). @default 10000 */
  handshakeTimeoutMs?: number;
  /** Serve WebSocket upgrades only on this path, e.g. '/ws' (others get HTTP 404). @default any path */
  wsPath?: string;
  /** Serve WebSocket upgrades only with one of these Origin headers (others get HTTP 403); empty:
   * any Origin. @default [] */
  wsAllowedOrigins?: string[];
  /** Shared secret of the mesh: sent to the Register, and required from every worker and API caller
   * on the inner port (gRPC metadata `x-gatewayworker-secret`; others get UNAUTHENTICATED).
   * '' = off. @default '' */
  secretKey?: string;
  /** Mutual TLS for the inner port and the link to the Register: { ca, cert, key } PEM file paths
   * (the certificate's SANs must include lanHost). @default undefined (plaintext) */
  meshTls?: MeshTlsFiles;
  /** Whether reflection and health on the inner port answer without the secret ('open') or need
   * it too ('secret'). @default 'open' */
  introspection?: IntrospectionAccess;
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

export interface ResolvedGatewayOptions {
  name: string;
  listenHost: string;
  listenPort: number;
  /** The first address (as given). */
  listen: string;
  /** Every address, in the order given. */
  listeners: ResolvedListen[];
  tls: Readonly<TlsFiles> | undefined;
  lanHost: string;
  lanPort: number;
  /** Where the inner server binds; undefined: lanHost and lanPort. */
  innerBind: { host: string; port: number } | undefined;
  processes: number;
  index: number;
  register: string[];
  workerWaitMs: number;
  maxMessageBytes: number;
  sendBufferBytes: number;
  sendBufferPolicy: 'drop' | 'close';
  router: Router;
  stopGraceMs: number;
  pingIntervalMs: number;
  pingNotResponseLimit: number;
  pingData: Buffer;
  wsPingIntervalMs: number;
  wsPingMaxMissed: number;
  maxConnections: number;
  maxConnectionsPerIp: number;
  handshakeTimeoutMs: number;
  wsPath?: string;
  wsAllowedOrigins: string[];
  secretKey: string;
  meshTls: Readonly<MeshTlsFiles> | undefined;
  introspection: IntrospectionAccess;
  logger: Logger;
}

export const GATEWAY_DEFAULTS = Object.freeze({
  name: 'Gateway',
  listen: 'ws://0.0.0.0:7272',
  lanHost: '127.0.0.1',
  lanPort: 0,
  processes: 1,
  index: 0,
  register: '127.0.0.1:1236',
  workerWaitMs: 5000,
  maxMessageBytes: 10 * 1024 * 1024,
  sendBufferBytes: 1_024_000,
  sendBufferPolicy: 'drop' as 'drop' | 'close',
  router: 'least-connections' as const,
  stopGraceMs: 2000,
  pingIntervalMs: 0,
  pingNotResponseLimit: 0,
  pingData: '',
  wsPingIntervalMs: 20_000,
  wsPingMaxMissed: 1,
  maxConnections: 50_000,
  maxConnectionsPerIp: 1000,
  handshakeTimeoutMs: 10_000,
  wsAllowedOrigins: [] as string[],
});

/** Every option name, for the unknown-option check (the type keeps it complete). */
const GATEWAY_OPTION_NAMES: Record<keyof GatewayOptions, true> = {
  name: true,
  listen: true,
  lanHost: true,
  lanPort: true,
  innerBind: true,
  processes: true,
  index: true,
  register: true,
  workerWaitMs: true,
  maxMessageBytes: true,
  sendBufferBytes: true,
  sendBufferPolicy: true,
  router: true,
  stopGraceMs: true,
  pingIntervalMs: true,
  pingNotResponseLimit: true,
  pingData: true,
  wsPingIntervalMs: true,
  wsPingMaxMissed: true,
  maxConnections: true,
  maxConnectionsPerIp: true,
  handshakeTimeoutMs: true,
  wsPath: true,
  wsAllowedOrigins: true,
  logger: true,
  tls: true,
  secretKey: true,
  meshTls: true,
  introspection: true,
};

export function resolveGatewayOptions(options: GatewayOptions = {}): ResolvedGatewayOptions {
  checkOptionNames(options, GATEWAY_OPTION_NAMES);
  const merged = { ...GATEWAY_DEFAULTS, ...options };
  const name = checkNonEmptyString('name', merged.name);
  const listeners = resolveListen(merged.listen);
  const first = listeners[0] as ResolvedListen;
  const tls = checkTlsFiles(options.tls, listeners);
  const lanHost = checkNonEmptyString('lanHost', merged.lanHost);
  const lanPort = checkNonNegativeInt('lanPort', merged.lanPort);
  if (!isIPv4(lanHost) && !HOSTNAME.test(lanHost)) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`lanHost\` must be an IPv4 address or a hostname that resolves to one (client ids encode it), got ${JSON.stringify(lanHost)}`,
    );
  }
  const innerBind = options.innerBind === undefined ? undefined : splitBind(options.innerBind);
  let router: Router;
  if (merged.router === 'least-connections') router = leastConnectionsRouter;
  else if (merged.router === 'random') router = randomRouter;
  else {
    checkFunction('router', merged.router);
    router = merged.router;
  }
  return Object.freeze({
    name,
    listen: first.url,
    listeners,
    tls,
    listenHost: first.host,
    listenPort: first.port,
    lanHost,
    lanPort,
    innerBind,
    processes: checkPositiveInt('processes', merged.processes),
    index: checkNonNegativeInt('index', merged.index),
    register: checkHostPortList('register', merged.register),
    workerWaitMs: checkPositiveInt('workerWaitMs', merged.workerWaitMs),
    maxMessageBytes: checkPositiveInt('maxMessageBytes', merged.maxMessageBytes),
    sendBufferBytes: checkPositiveInt('sendBufferBytes', merged.sendBufferBytes),
    sendBufferPolicy: checkSendBufferPolicy(merged.sendBufferPolicy),
    router,
    stopGraceMs: checkNonNegativeInt('stopGraceMs', merged.stopGraceMs),
    pingIntervalMs: checkNonNegativeInt('pingIntervalMs', merged.pingIntervalMs),
    pingNotResponseLimit: checkNonNegativeInt('pingNotResponseLimit', merged.pingNotResponseLimit),
    pingData: checkStringOrBuffer('pingData', merged.pingData),
    wsPingIntervalMs: checkNonNegativeInt('wsPingIntervalMs', merged.wsPingIntervalMs),
    wsPingMaxMissed: checkPositiveInt('wsPingMaxMissed', merged.wsPingMaxMissed),
    maxConnections: checkPositiveInt('maxConnections', merged.maxConnections),
    maxConnectionsPerIp: checkPositiveInt('maxConnectionsPerIp', merged.maxConnectionsPerIp),
    handshakeTimeoutMs: checkPositiveInt('handshakeTimeoutMs', merged.handshakeTimeoutMs),
    wsPath: merged.wsPath === undefined ? undefined : checkUrlPath('wsPath', merged.wsPath),
    wsAllowedOrigins: checkStringList('wsAllowedOrigins', merged.wsAllowedOrigins),
    secretKey: checkSecretKey(options.secretKey),
    meshTls: checkMeshTls(options.meshTls),
    introspection: checkIntrospection(options.introspection),
    logger: options.logger ?? createLogger('gateway'),
  });
}

/** `tls` goes with TLS addresses (wss://, tls: true) and only with them; its paths are read at start(). */
function checkTlsFiles(value: unknown, listeners: ResolvedListen[]): Readonly<TlsFiles> | undefined {
  const usesTls = listeners.some((listen) => listen.tls);
  if (value === undefined) {
    if (!usesTls) return undefined;
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      '`listen` "wss://..." (or tls: true) needs `tls: { cert, key }` (certificate and key files)',
    );
  }
  if (!usesTls) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      '`tls` is set but no `listen` address uses it; use "wss://host:port" (or { url, tls: true } for TCP) to serve TLS',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayWorkerError('GW_ERR_INVALID_OPTION', '`tls` must be an object { cert, key, ca? }');
  }
  checkOptionNames(value, { cert: true, key: true, ca: true } satisfies Record<keyof TlsFiles, true>);
  const files = value as TlsFiles;
  const cert = checkNonEmptyString('tls.cert', files.cert);
  const key = checkNonEmptyString('tls.key', files.key);
  if (files.ca === undefined) return Object.freeze({ cert, key });
  return Object.freeze({ cert, key, ca: checkNonEmptyString('tls.ca', files.ca) });
}

const BUILT_IN_PROTOCOLS: Record<string, ClientProtocol | undefined> = {
  ws: undefined,
  wss: undefined,
  text: textProtocol,
  frame: frameProtocol,
};
const LISTEN_FORMS =
  '"ws://host:port", "wss://host:port", "text://host:port", "frame://host:port" or { url: "tcp://host:port", protocol }';

function invalidListen(field: string, detail: string): GatewayWorkerError {
  return new GatewayWorkerError('GW_ERR_INVALID_OPTION', `\`${field}\` ${detail}`);
}

/** The `listen` option: one address or a non-empty list, each checked. */
export function resolveListen(value: unknown): ResolvedListen[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0)
    throw invalidListen('listen', `must be ${LISTEN_FORMS}, or a non-empty list of them`);
  const resolved = list.map((item, i) =>
    resolveOneListen(Array.isArray(value) ? `listen[${i}]` : 'listen', item),
  );
  const seen = new Set<string>();
  for (const { host, port, url } of resolved) {
    if (port !== 0 && seen.has(`${host}:${port}`))
      throw invalidListen('listen', `has the same host and port twice (${url})`);
    seen.add(`${host}:${port}`);
  }
  return resolved;
}

function resolveOneListen(field: string, item: unknown): ResolvedListen {
  const given =
    typeof item === 'object' && item !== null
      ? (item as { url?: unknown; protocol?: unknown; tls?: unknown })
      : { url: item };
  const extra = Object.keys(given).filter((key) => key !== 'url' && key !== 'protocol' && key !== 'tls');
  if (extra.length > 0)
    throw invalidListen(field, `has unknown key(s) ${extra.join(', ')} (known: url, protocol, tls)`);
  if (given.tls !== undefined && typeof given.tls !== 'boolean')
    throw invalidListen(`${field}.tls`, `must be true or false, got ${describe(given.tls)}`);
  if (typeof given.url !== 'string')
    throw invalidListen(field, `must be ${LISTEN_FORMS}, got ${describe(item)}`);
  const url = given.url;
  const match = /^([a-z]+):\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})$/.exec(url);
  if (!match || Number(match[3]) > 65535)
    throw invalidListen(field, `must be ${LISTEN_FORMS}, got ${JSON.stringify(url)}`);
  const scheme = match[1] as string;
  if (given.tls !== undefined && (scheme === 'ws' || scheme === 'wss'))
    throw invalidListen(`${field}.tls`, `is for TCP addresses; WebSocket uses "ws://" or "wss://"`);
  const address = {
    url,
    host: (match[2] as string).replace(/^\[|\]$/g, ''),
    port: Number(match[3]),
    tls: scheme === 'wss' || given.tls === true,
  };
  if (given.protocol !== undefined) {
    if (scheme !== 'tcp')
      throw invalidListen(
        field,
        `has a protocol object, so its url must start with "tcp://", got ${JSON.stringify(url)}`,
      );
    return { ...address, protocol: checkProtocol(`${field}.protocol`, given.protocol) };
  }
  if (scheme === 'tcp')
    throw invalidListen(
      field,
      `"tcp://" needs a protocol of your own: { url: ${JSON.stringify(url)}, protocol }`,
    );
  if (!(scheme in BUILT_IN_PROTOCOLS))
    throw invalidListen(
      field,
      `has an unknown scheme "${scheme}://" (use ws, wss, text, frame, or tcp with a protocol)`,
    );
  const protocol = BUILT_IN_PROTOCOLS[scheme];
  return protocol ? { ...address, protocol } : address;
}

function checkProtocol(field: string, value: unknown): ClientProtocol {
  const protocol = value as Partial<ClientProtocol> | null;
  if (typeof protocol !== 'object' || protocol === null)
    throw invalidListen(
      field,
      `must be an object with name, input, decode and encode, got ${describe(value)}`,
    );
  if (typeof protocol.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(protocol.name))
    throw invalidListen(
      `${field}.name`,
      `must be lower-case letters, digits and "-", got ${describe(protocol.name)}`,
    );
  if (protocol.name === 'ws' || protocol.name in BUILT_IN_PROTOCOLS)
    throw invalidListen(`${field}.name`, `must not be a built-in protocol's name, got "${protocol.name}"`);
  for (const operation of ['input', 'decode', 'encode'] as const)
    if (typeof protocol[operation] !== 'function')
      throw invalidListen(
        `${field}.${operation}`,
        `must be a function, got ${describe(protocol[operation])}`,
      );
  return protocol as ClientProtocol;
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'object'
      ? (JSON.stringify(value) ?? String(value))
      : String(value);
}

function checkSendBufferPolicy(value: unknown): 'drop' | 'close' {
  if (value === 'drop' || value === 'close') return value;
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_OPTION',
    `\`sendBufferPolicy\` must be 'drop' or 'close', got ${JSON.stringify(value)}`,
  );
}

/** A DNS name: letters, digits, hyphens and dots (no scheme, port or spaces). */
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

function splitBind(value: unknown): { host: string; port: number } {
  const address = checkHostPort('innerBind', value);
  const colon = address.lastIndexOf(':');
  return {
    host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'),
    port: Number(address.slice(colon + 1)),
  };
}
