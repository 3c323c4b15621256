import type { Gateway } from '../gateway/gateway';
import type { Register } from '../register/register';
import type { BusinessWorker } from '../worker/business-worker';

/** A role the supervisor can run: a Register, a Gateway or a BusinessWorker. */
export type Role = Register | Gateway | BusinessWorker<object>;
export type RoleKind = 'register' | 'gateway' | 'worker';

/** What the supervisor needs to know about a role before starting it. */
export interface RoleSpec {
  kind: RoleKind;
  name: string;
  processes: number;
  /** What it listens on, for the start-up table. */
  listen: string;
  /** Only BusinessWorkers are replaced on reload; Register and Gateways keep running (and their clients). */
  reloadable: boolean;
}

export function describeRole(role: Role): RoleSpec {
  if (role.kind === 'register') {
    return {
      kind: 'register',
      name: role.options.name,
      processes: 1,
      listen: registerListen(`grpc://${role.options.listen}`, role.options.httpApi?.listen),
      reloadable: false,
    };
  }
  if (role.kind === 'gateway') {
    const { name, processes, listen, lanHost, lanPort } = role.options;
    const lan = lanPort > 0 ? `${lanHost}:${lanPort}+` : `${lanHost}:*`;
    return { kind: 'gateway', name, processes, listen: `${listen} (workers: ${lan})`, reloadable: false };
  }
  const { name, processes } = role.options;
  return { kind: 'worker', name, processes, listen: 'none', reloadable: true };
}

/** Where a Register listens: its gRPC address, and its HTTP push API when it has one. */
function registerListen(grpcAddress: string, httpAddress: string | undefined): string {
  return httpAddress === undefined ? grpcAddress : `${grpcAddress} (HTTP API: http://${httpAddress}/v1)`;
}

/** One role instance for one process slot. */
export function roleForProcess(role: Role, index: number): Role {
  if (role.kind === 'register') return role.forProcess();
  return role.forProcess(index);
}

/** Live figures of a running role process, for `status`. */
export interface ProcessStats {
  kind: RoleKind;
  name: string;
  index: number;
  pid: number;
  rssBytes: number;
  /** Gateway: clients; BusinessWorker: Gateways attached; Register: Gateways listed. */
  connections: number;
  /** Gateway: client messages received; BusinessWorker: events handled. */
  messages: number;
  /** `messages` per second over the last 5 s, measured in the process. */
  messagesPerSecond: number;
  /** Gateway: messages written to clients; BusinessWorker: commands and queries sent to Gateways. */
  messagesOut: number;
  /**
   * Gateway: messages not sent because the client's send buffer was full (Workerman's send_fail);
   * BusinessWorker: commands dropped while a Gateway stayed unreachable.
   */
  dropped: number;
  /** BusinessWorker: live timers of worker.timers. */
  timers: number;
  uptimeMs: number;
  /** Where it listens (after start). */
  listen: string;
  /** Register: the Gateways it lists. */
  gateways?: Array<{ name: string; address: string }>;
}

let lastRss = 0;

/**
 * The process's RSS, or the last one read: reading it opens /proc/self/stat, which fails with
 * EMFILE when the process is at its open-file limit (a full Gateway) and must not crash it.
 */
function residentSetBytes(): number {
  try {
    lastRss = process.memoryUsage.rss();
  } catch {
    // Keep the last reading.
  }
  return lastRss;
}

/** The cumulative count behind `messages` (and its rate). */
export function messagesOf(role: Role): number {
  if (role.kind === 'register') return 0;
  if (role.kind === 'gateway') return role.stats().messagesIn;
  return role.handledEvents;
}

/** `rate` is the process's meter of messagesOf(role) (child.ts keeps it); without one, 0. */
export function statsOf(
  role: Role,
  index: number,
  startedAtMs: number,
  rate?: { perSecond(): number },
): ProcessStats {
  const base = {
    index,
    pid: process.pid,
    rssBytes: residentSetBytes(),
    uptimeMs: Date.now() - startedAtMs,
    messages: messagesOf(role),
    // (One decimal is plenty for a table and keeps the JSON short.)
    messagesPerSecond: rate ? Math.round(rate.perSecond() * 10) / 10 : 0,
  };
  if (role.kind === 'register') {
    return {
      ...base,
      kind: 'register',
      name: role.options.name,
      connections: role.gatewayCount,
      messagesOut: 0,
      dropped: 0,
      timers: 0,
      listen: registerListen(role.address(), role.httpApiAddress()),
      gateways: role.listedGateways(),
    };
  }
  if (role.kind === 'gateway') {
    const stats = role.stats();
    return {
      ...base,
      kind: 'gateway',
      name: role.options.name,
      connections: stats.clients,
      messagesOut: stats.messagesOut,
      dropped: stats.droppedMessages,
      timers: 0,
      listen: `${role.addresses().join(', ')} (workers: ${role.lanAddressOf()})`,
    };
  }
  return {
    ...base,
    kind: 'worker',
    name: role.options.name,
    connections: role.attachedGateways().length,
    messagesOut: role.commandCounts.sent,
    dropped: role.commandCounts.dropped,
    timers: role.timers.count,
    listen: 'none',
  };
}
