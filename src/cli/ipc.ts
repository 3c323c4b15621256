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
  | { t: 'connections'; id: number; connections: ClientConnection[] };

export type MasterMessage = { t: 'stats'; id: number } | { t: 'connections'; id: number } | { t: 'shutdown' };

/** The environment variable that tells a process it is a role child, and which: "<role>:<index>". */
export const CHILD_ENV = 'GATEWAYWORKER_CHILD';
