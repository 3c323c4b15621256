import type { ConnectionFilter } from './connection-filter';
import type { ProcessStats } from './roles';

/** Messages between the supervisor (master) and a role process, as JSON lines on the process's control socket. */
export interface ClientConnection {
  clientId: string;
  remoteAddress: string;
  remotePort: number;
  uid: string | null;
  groups: string[];
}

export type ChildMessage =
  | { t: 'ready'; listen: string }
  | { t: 'failed'; error: string }
  | { t: 'stats'; id: number; stats: ProcessStats }
  | { t: 'connections'; id: number; connections: ClientConnection[] }
  | { t: 'reload-certificates'; id: number; result: CertificateReload }
  | { t: 'spawn-sibling'; id: number; result: SiblingSpawn }
  /** The process's prom-client registry.getMetricsAsJSON(). */
  | { t: 'metrics'; id: number; metrics: object[] };

/** A Gateway process's answer to spawn-sibling: the new process's pid, or why there is none. */
export interface SiblingSpawn {
  pid?: number;
  error?: string;
}

/** A Gateway's answer to reload-certificates: `tls` false when it serves no TLS (nothing done). */
export interface CertificateReload {
  tls: boolean;
  error?: string;
}

export type MasterMessage =
  | { t: 'stats'; id: number }
  /** The clients matching `filter` (its uid and group; the master has picked the Gateways). */
  | { t: 'connections'; id: number; filter?: ConnectionFilter }
  | { t: 'reload-certificates'; id: number }
  | { t: 'metrics'; id: number }
  /** A Gateway starts process #index of its own group, handing it its listening client sockets. */
  | { t: 'spawn-sibling'; id: number; index: number }
  | { t: 'shutdown' };

/** The environment variable that tells a process it is a role child, and which: "<role>:<index>". */
export const CHILD_ENV = 'GATEWAYWORKER_CHILD';
/** Where the role process listens for its master: this prefix + "<pid>.sock". */
export const SOCKET_ENV = 'GATEWAYWORKER_CHILD_SOCKET';
/** What a master must show on that socket. */
export const TOKEN_ENV = 'GATEWAYWORKER_CHILD_TOKEN';
/** How many listening client sockets a Gateway process gets over its IPC channel before it starts. */
export const LISTENERS_ENV = 'GATEWAYWORKER_CHILD_LISTENERS';

/** A role process's control socket. */
export function childSocketPath(prefix: string, pid: number): string {
  return `${prefix}${pid}.sock`;
}
