import { encodeClientId } from '../client-id';
import type { CloseReason } from '../rpc/protocol';
import type { ClientEvent } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { ClientSocket } from './listeners/client-socket';
import { SessionReplica } from './session-replica';
import type { HubWorker } from './worker-pool';

/** The close reasons the Gateway itself gives (a client's own close is 'client'). */
export type GatewayCloseReason = Extract<
  CloseReason,
  'kicked' | 'no-worker' | 'gateway-shutdown' | 'protocol-error' | 'heartbeat-timeout'
>;

/** Everything the Gateway knows about one end client. */
export class ClientState {
  /** The session, and what the bound worker's copy of it holds. */
  readonly session = new SessionReplica();

  /** The worker this client's events go to (sticky), if any. */
  worker?: HubWorker;
  /** Whether the bound worker has been sent this client's ClientInfo. */
  introduced = false;
  /** Whether any worker has been sent an event of this client (else its close need not be sent). */
  delivered = false;
  /** Paused because the bound worker's queue is congested. */
  pausedForWorker = false;
  /** Paused because its events are held. */
  pausedForHold = false;

  /** Events waiting for a worker, oldest first. */
  held?: ClientEvent[];
  /** Cancels the workerWaitMs timer of the held events. */
  cancelWait?: () => void;

  /** Heartbeat ticks since the client's last message (spec §7.1); -1: active since the last tick. */
  heartbeatCount = -1;

  /** Its socket holds this I/O turn's messages (ClientHub.applyBatch). */
  isCorked = false;

  /** Set when the Gateway itself closes the client. */
  closeReason?: GatewayCloseReason;
  isOpen = true;

  constructor(
    readonly connectionId: number,
    /** This Gateway's inner address, "ipv4:port" (shared by all its clients). */
    private readonly gatewayAddress: string,
    readonly socket: ClientSocket,
  ) {}

  /** Its client id; derived when asked (logs, routing), so that an idle client does not keep one. */
  get clientId(): string {
    return encodeClientId(this.gatewayAddress, this.connectionId);
  }

  sessionBytes(): Buffer {
    return this.session.bytes();
  }
}
