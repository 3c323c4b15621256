import { streamCounters } from '../metrics/role-counters';
import { BatchedWriter, type WritableStream } from '../rpc/batched-writer';
import type { ClientEvent } from '../rpc/generated/gatewayworker/v1/ClientEvent';
import type { ConnectResponse } from '../rpc/generated/gatewayworker/v1/ConnectResponse';
import type { Reply } from '../rpc/generated/gatewayworker/v1/Reply';
import type { ClientState } from './client-state';
import type { HubWorker } from './worker-pool';

/** Marker queued after the last event of a draining worker. */
const DRAINED = Object.freeze({ drained: true as const });
type Outbound = ClientEvent | Reply | typeof DRAINED;

function buildFrame(items: Outbound[]): ConnectResponse {
  const frame: ConnectResponse = {};
  for (const item of items) {
    if (item === DRAINED) frame.drained = true;
    else if ('request_id' in item) (frame.replies ??= []).push(item);
    else (frame.events ??= []).push(item as ClientEvent);
  }
  return frame;
}

/**
 * What an item costs beyond its payload, about what its object takes in memory: so that the high-water
 * mark pauses clients of a worker flooded with empty messages well before WORKER_QUEUE_LIMITS.
 */
const ITEM_OVERHEAD_BYTES = 64;

function sizeOf(item: Outbound): number {
  if (item === DRAINED) return 2;
  const event = item as ClientEvent & Reply;
  return (
    ITEM_OVERHEAD_BYTES +
    ((event.data as Buffer | undefined)?.length ?? 0) +
    ((event.session as Buffer | undefined)?.length ?? 0)
  );
}

/**
 * Hard limits of what waits for one worker to read. A worker that reads gets clients paused at the
 * writer's high-water mark (8 MiB), far below these: only a peer that reads nothing (or sends a
 * flood of queries) reaches them, and is cut rather than let the Gateway's memory grow.
 */
export const WORKER_QUEUE_LIMITS = { maxQueuedBytes: 64 * 1024 * 1024, maxQueuedItems: 256 * 1024 };

/** One attached worker's gRPC stream: the routing core's HubWorker, batched with backpressure. */
export class WorkerLink implements HubWorker {
  readonly clients = new Set<ClientState>();
  draining = false;
  /** Commands of this worker that were rejected (for rate-limited logging). */
  rejectedCommands = 0;
  private readonly writer: BatchedWriter<Outbound, ConnectResponse>;

  constructor(
    readonly key: string,
    readonly instanceId: string,
    readonly attachOrder: number,
    readonly apiOnly: boolean,
    stream: WritableStream<ConnectResponse>,
    onCongestion: (link: WorkerLink, congested: boolean) => void,
    /** Called once when the worker's queue passes a hard limit (the link is then closed). */
    onOverflow: (link: WorkerLink, why: string) => void = () => undefined,
    limits = WORKER_QUEUE_LIMITS,
  ) {
    this.writer = new BatchedWriter(stream, {
      buildFrame,
      sizeOf,
      batchSizes: streamCounters.gatewayToWorkerBatches,
      onCongestion: (congested) => onCongestion(this, congested),
      ...limits,
      onOverflow: (why) => onOverflow(this, why),
    });
  }

  /** Closed: the stream is gone or the worker overflowed its queue; nothing more is sent to it. */
  get isClosed(): boolean {
    return this.writer.isClosed;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get isCongested(): boolean {
    return this.writer.isCongested;
  }

  pushEvent(event: ClientEvent): void {
    this.writer.push(event);
  }

  pushDrained(): void {
    this.writer.push(DRAINED);
  }

  pushReply(reply: Reply): void {
    this.writer.push(reply);
  }

  /** Writes what is queued, then ends the stream with status OK. */
  end(): void {
    this.writer.end();
  }

  /** The stream is gone: drop the queue. */
  close(): void {
    this.writer.close();
  }
}
