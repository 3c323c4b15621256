import type { SessionData } from '../session';
import type { ClientEvent } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { ClientSocket } from './listeners/client-socket';
import type { HubWorker } from './worker-pool';

export type GatewayCloseReason = 'kicked' | 'no-worker' | 'gateway-shutdown' | 'protocol-error';

/** Everything the Gateway knows about one end client. */
export class ClientState {
  session: SessionData = {};
  /** Bumped on every session change, by anyone. */
  sessionRev = 0;
  private sessionJson?: Buffer;

  /** The worker this client's events go to (sticky), if any. */
  worker?: HubWorker;
  /** The session revision the bound worker has a copy of (-1: none). */
  workerSessionRev = -1;
  /** `seq` of the last session change from the bound worker that was applied. */
  appliedSessionSeq = 0;
  /** Whether the bound worker has been sent this client's ClientInfo. */
  introduced = false;
  /** Paused because the bound worker's queue is congested. */
  pausedForWorker = false;

  /** Events waiting for a worker, oldest first. */
  held?: ClientEvent[];
  /** Cancels the workerWaitMs timer of the held events. */
  cancelWait?: () => void;

  /** Set when the Gateway itself closes the client. */
  closeReason?: GatewayCloseReason;
  isOpen = true;

  constructor(
    readonly connectionId: number,
    readonly clientId: string,
    readonly socket: ClientSocket,
  ) {}

  setSession(session: SessionData): void {
    this.session = session;
    this.sessionJson = undefined;
    this.sessionRev += 1;
  }

  sessionBytes(): Buffer {
    this.sessionJson ??= Buffer.from(JSON.stringify(this.session));
    return this.sessionJson;
  }
}
