import { BATCH_SIZE_BUCKETS, BucketCounts } from './bucket-counts';

/**
 * A Gateway's counters of rare events (closes, timeouts, drops, pauses): plain numbers the routing
 * core adds to; metrics read them when scraped. Per-message counts stay where they were
 * (ClientHub.messagesIn/Out/Dropped).
 */
export class HubCounters {
  /** Clients closed, by close reason ('client' when the client closed first); each known one from 0. */
  readonly closedByReason = new Map<string, number>(
    ['client', 'kicked', 'heartbeat-timeout', 'gateway-shutdown', 'no-worker', 'protocol-error'].map((r) => [
      r,
      0,
    ]),
  );
  /** Clients destroyed for silence (application heartbeat or WebSocket pings). */
  heartbeatTimeouts = 0;
  /** Client events dropped because no worker took them within workerWaitMs. */
  droppedNoWorker = 0;
  /** CLOSE events dropped because more than MAX_WAITING_CLOSES closed clients waited for a worker. */
  droppedCloses = 0;
  /** Times a worker's stream went over its high-water mark and its clients were paused. */
  congestionPauses = 0;
  /** Client events held because their client had no worker, or its worker was draining. */
  heldEvents = 0;

  countClose(reason: string): void {
    this.closedByReason.set(reason, (this.closedByReason.get(reason) ?? 0) + 1);
  }
}

/**
 * Counters of this process's gRPC streams between Gateways and workers. Process-wide (a role
 * process runs one role), so the stream code adds to them without being handed an object.
 */
export const streamCounters = {
  /** Items per stream message from a Gateway to its workers (events, replies). */
  gatewayToWorkerBatches: new BucketCounts(BATCH_SIZE_BUCKETS),
  /** Items per stream message from a worker to a Gateway (commands, queries). */
  workerToGatewayBatches: new BucketCounts(BATCH_SIZE_BUCKETS),
  /** Times a worker stopped reading a Gateway's stream (too many events not yet handled). */
  workerReadPauses: 0,
};
