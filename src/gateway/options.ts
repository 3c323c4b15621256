import { splitGatewayAddress } from '../client-id';
import { GatewayWorkerError } from '../errors';
import { createLogger, type Logger } from '../logger';
import {
  checkFunction,
  checkHostPortList,
  checkNonEmptyString,
  checkNonNegativeInt,
  checkOptionNames,
  checkPositiveInt,
  checkStringList,
  checkStringOrBuffer,
  checkUrlPath,
} from '../util/validate';
import { leastConnectionsRouter, randomRouter, type Router } from './router';

export interface GatewayOptions {
  /** Display name, also sent to workers and the Register. @default 'Gateway' */
  name?: string;
  /** Where end clients connect: "ws://host:port" (port 0 picks a free port). @default 'ws://0.0.0.0:7272' */
  listen?: string;
  /** IPv4 address workers use to reach this Gateway; encoded in every client id. The inner gRPC
   * server binds to it. Set it to the LAN address in multi-host deployments. @default '127.0.0.1' */
  lanHost?: string;
  /** Inner gRPC port; 0 picks a free port, which is announced to the Register. With several
   * processes, process i binds lanPort + i (PHP's startPort), or a free port each when 0. @default 0 */
  lanPort?: number;
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
   * accept with HTTP 503, before any worker event. @default 50000 */
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
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

export interface ResolvedGatewayOptions {
  name: string;
  listenHost: string;
  listenPort: number;
  listen: string;
  lanHost: string;
  lanPort: number;
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
};

export function resolveGatewayOptions(options: GatewayOptions = {}): ResolvedGatewayOptions {
  checkOptionNames(options, GATEWAY_OPTION_NAMES);
  const merged = { ...GATEWAY_DEFAULTS, ...options };
  const name = checkNonEmptyString('name', merged.name);
  const listen = checkNonEmptyString('listen', merged.listen);
  const match = /^ws:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d{1,5})$/.exec(listen);
  if (!match || Number(match[2]) > 65535) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`listen\` must be "ws://host:port", got ${JSON.stringify(listen)}`,
    );
  }
  const lanHost = checkNonEmptyString('lanHost', merged.lanHost);
  const lanPort = checkNonNegativeInt('lanPort', merged.lanPort);
  try {
    splitGatewayAddress(`${lanHost}:${lanPort}`);
  } catch {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`lanHost\` must be an IPv4 address (client ids encode it), got ${JSON.stringify(lanHost)}`,
    );
  }
  let router: Router;
  if (merged.router === 'least-connections') router = leastConnectionsRouter;
  else if (merged.router === 'random') router = randomRouter;
  else {
    checkFunction('router', merged.router);
    router = merged.router;
  }
  return Object.freeze({
    name,
    listen,
    listenHost: (match[1] as string).replace(/^\[|\]$/g, ''),
    listenPort: Number(match[2]),
    lanHost,
    lanPort,
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
    logger: options.logger ?? createLogger('gateway'),
  });
}

function checkSendBufferPolicy(value: unknown): 'drop' | 'close' {
  if (value === 'drop' || value === 'close') return value;
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_OPTION',
    `\`sendBufferPolicy\` must be 'drop' or 'close', got ${JSON.stringify(value)}`,
  );
}
