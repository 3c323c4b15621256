import { createLogger, type Logger } from '../logger';
import type { SessionData } from '../session';
import {
  checkHostPortList,
  checkNonEmptyString,
  checkNonNegativeInt,
  checkPositiveInt,
} from '../util/validate';
import { validateEvents, type Events } from './events';

export interface BusinessWorkerOptions<S extends object = SessionData> {
  /** The business logic. Unknown on* names are rejected. */
  events: Events<S>;
  /** Worker group name; with `index`, identifies this worker to Gateways. @default 'BusinessWorker' */
  name?: string;
  /** This process's index in its group (0..processes-1); the supervisor sets it. @default 0 */
  index?: number;
  /** Worker processes of this group, under runCli. Use 2 or more so that a reload always leaves one. @default 1 */
  processes?: number;
  /** Register address(es), "host:port". @default '127.0.0.1:1236' */
  register?: string | string[];
  /** Deadline for each query (isOnline, getAllClientCount...). @default 5000 */
  queryTimeoutMs?: number;
  /** How long stop() lets running handlers finish and commands flush. @default 5000 */
  stopGraceMs?: number;
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

export interface ResolvedBusinessWorkerOptions {
  events: Events<SessionData>;
  name: string;
  index: number;
  processes: number;
  register: string[];
  queryTimeoutMs: number;
  stopGraceMs: number;
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

export function resolveBusinessWorkerOptions<S extends object>(
  options: BusinessWorkerOptions<S>,
): ResolvedBusinessWorkerOptions {
  const merged = { ...BUSINESS_WORKER_DEFAULTS, ...options };
  return Object.freeze({
    events: validateEvents(merged.events) as Events<SessionData>,
    name: checkNonEmptyString('name', merged.name),
    index: checkNonNegativeInt('index', merged.index),
    processes: checkPositiveInt('processes', merged.processes),
    register: checkHostPortList('register', merged.register),
    queryTimeoutMs: checkPositiveInt('queryTimeoutMs', merged.queryTimeoutMs),
    stopGraceMs: checkNonNegativeInt('stopGraceMs', merged.stopGraceMs),
    logger: options.logger ?? createLogger('worker'),
  });
}
