import { createLogger, type Logger } from '../logger';
import { checkMeshTls, checkSecretKey, type MeshTlsFiles } from '../rpc/mesh-options';
import type { SessionData } from '../session';
import {
  checkHostPortList,
  checkNonEmptyString,
  checkNonNegativeInt,
  checkOptionNames,
  checkPositiveInt,
} from '../util/validate';
import { validateEvents, type Events } from './events';

export interface BusinessWorkerOptions<S extends object = SessionData> {
  /**
   * The business logic: an Events object, or a function that loads it (`() => import('./events')`).
   * Under runCli prefer the function: then only worker processes load business code, and the
   * master and the CLI (`reload`, `stop`) never run it, so a broken deploy cannot break them.
   * Unknown on* names are rejected (when it is loaded).
   */
  events: Events<S> | EventsLoader<S>;
  /** Worker group name; with `index`, identifies this worker to Gateways. @default 'BusinessWorker' */
  name?: string;
  /** This process's index in its group (0..processes-1); the supervisor sets it. @default 0 */
  index?: number;
  /** Worker processes of this group, under runCli. Use 2 or more so that a reload always leaves one. @default 1 */
  processes?: number;
  /** Register address(es), "host:port". @default '127.0.0.1:1236' */
  register?: string | string[];
  /** Deadline for each query (isOnline, getAllClientCount...); also how long a call waits for the
   * first Gateway list (and for a Register in onWorkerStart). @default 5000 */
  queryTimeoutMs?: number;
  /** How long stop() lets running handlers finish, the API usable meanwhile; a handler still running
   * then is logged with its client id. Also bounds the final flush of commands. @default 5000 */
  stopGraceMs?: number;
  /** Shared secret of the mesh, sent on every call to the Register and the Gateways (gRPC metadata
   * `x-gatewayworker-secret`). A wrong one is refused: the worker logs why and keeps retrying. @default '' */
  secretKey?: string;
  /** Mutual TLS to the Register and Gateways: { ca, cert, key } PEM file paths, read by the
   * constructor. @default undefined (plaintext) */
  meshTls?: MeshTlsFiles;
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

/** Loads the Events lazily; a module with a default export is accepted as is. */
export type EventsLoader<S extends object = SessionData> = () => EventsModule<S> | Promise<EventsModule<S>>;

/**
 * The Events, or a module whose default export they are. In a CommonJS project, `import()` of a
 * CommonJS module nests that default once more (`{ default: { default: events } }`: the outer one
 * is module.exports), which is what TypeScript types it as under `module: nodenext`.
 */
export type EventsModule<S extends object = SessionData> =
  Events<S> | { default: Events<S> } | { default: { default: Events<S> } };

export interface ResolvedBusinessWorkerOptions {
  events: Events<SessionData> | EventsLoader<SessionData>;
  name: string;
  index: number;
  processes: number;
  register: string[];
  queryTimeoutMs: number;
  stopGraceMs: number;
  secretKey: string;
  meshTls: Readonly<MeshTlsFiles> | undefined;
  logger: Logger;
}

export const BUSINESS_WORKER_DEFAULTS = Object.freeze({
  name: 'BusinessWorker',
  index: 0,
  processes: 1,
  register: '127.0.0.1:1236',
  queryTimeoutMs: 5000,
  stopGraceMs: 5000,
});

/** Every option name, for the unknown-option check (the type keeps it complete). */
const BUSINESS_WORKER_OPTION_NAMES: Record<keyof BusinessWorkerOptions, true> = {
  events: true,
  name: true,
  index: true,
  processes: true,
  register: true,
  queryTimeoutMs: true,
  stopGraceMs: true,
  secretKey: true,
  meshTls: true,
  logger: true,
};

export function resolveBusinessWorkerOptions<S extends object>(
  options: BusinessWorkerOptions<S>,
): ResolvedBusinessWorkerOptions {
  checkOptionNames(options, BUSINESS_WORKER_OPTION_NAMES);
  const merged = { ...BUSINESS_WORKER_DEFAULTS, ...options };
  return Object.freeze({
    events:
      typeof merged.events === 'function'
        ? (merged.events as EventsLoader<SessionData>)
        : (validateEvents(merged.events) as Events<SessionData>),
    name: checkNonEmptyString('name', merged.name),
    index: checkNonNegativeInt('index', merged.index),
    processes: checkPositiveInt('processes', merged.processes),
    register: checkHostPortList('register', merged.register),
    queryTimeoutMs: checkPositiveInt('queryTimeoutMs', merged.queryTimeoutMs),
    stopGraceMs: checkNonNegativeInt('stopGraceMs', merged.stopGraceMs),
    secretKey: checkSecretKey(options.secretKey),
    meshTls: checkMeshTls(options.meshTls),
    logger: options.logger ?? createLogger('worker'),
  });
}

/** Calls an events loader (if it is one) and checks the result. */
export async function loadEvents(
  events: Events<SessionData> | EventsLoader<SessionData>,
): Promise<Events<SessionData>> {
  if (typeof events !== 'function') return events;
  let value: unknown = await events();
  for (let depth = 0; depth < 2 && isModuleWithDefault(value); depth++) value = value.default;
  return validateEvents(value) as Events<SessionData>;
}

function isModuleWithDefault(value: unknown): value is { default: unknown } {
  return typeof value === 'object' && value !== null && 'default' in value && Boolean(value.default);
}
