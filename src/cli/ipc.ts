import type { ProcessStats } from './roles';

/** Messages between the supervisor (master) and a role process, over the cluster IPC channel. */
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
  | { t: 'reload-certificates'; id: number; result: CertificateReload };

/** A Gateway's answer to reload-certificates: `tls` false when it serves no TLS (nothing done). */
export interface CertificateReload {
  tls: boolean;
  error?: string;
}

export type MasterMessage =
  | { t: 'stats'; id: number }
  | { t: 'connections'; id: number }
  | { t: 'reload-certificates'; id: number }
  | { t: 'shutdown' };

/** The environment variable that tells a process it is a role child, and which: "<role>:<index>". */
export const CHILD_ENV = 'GATEWAYWORKER_CHILD';
