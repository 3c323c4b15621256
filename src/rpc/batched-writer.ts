import type { BucketCounts } from '../metrics/bucket-counts';

/**
 * Adaptive batching with backpressure for one gRPC stream (either side).
 *
 * Items are queued and written as one stream message per batch: at the end of the current I/O turn
 * (setImmediate), or as soon as `maxBatchItems` / `maxBatchBytes` are reached. Under low load a
 * batch is a single item (latency of one loop turn); under load batches grow, which cuts the gRPC
 * cost per item several times (shared notes, grpc-link.md §1).
 *
 * Backpressure: while the stream's write() returns false nothing more is written until 'drain'.
 * The queue in front of it is watched in bytes: above `highWaterBytes` the writer is congested
 * (onCongestion(true)) until it falls below half of that. Callers use that to slow their sources.
 */
/** GW_BATCH_MAX_ITEMS=1 turns batching off: only for measuring what batching gains (npm run bench). */
const DEFAULT_MAX_BATCH_ITEMS = Math.max(1, Number(process.env.GW_BATCH_MAX_ITEMS) || 256);

export interface WritableStream<F> {
  write(frame: F): boolean;
  once(event: 'drain', listener: () => void): unknown;
  end(): void;
}

export interface BatchedWriterOptions<T, F> {
  buildFrame(items: T[]): F;
  sizeOf(item: T): number;
  maxBatchItems?: number;
  maxBatchBytes?: number;
  highWaterBytes?: number;
  onCongestion?(congested: boolean): void;
  /** Hard limits of the queue; past either one the writer closes and calls onOverflow. @default none */
  maxQueuedBytes?: number;
  maxQueuedItems?: number;
  onOverflow?(why: string): void;
  /** Counts the items of each message written (metrics). */
  batchSizes?: BucketCounts;
}

export class BatchedWriter<T, F> {
  private queue: T[] = [];
  /** sizeOf(queue[i]), taken once when the item is pushed. */
  private sizes: number[] = [];
  private head = 0;
  private queuedBytes = 0;
  private scheduled = false;
  private waitingForDrain = false;
  private closed = false;
  private congested = false;
  private endWhenEmpty = false;
  private idleWaiters: Array<() => void> = [];
  private readonly maxBatchItems: number;
  private readonly maxBatchBytes: number;
  private readonly highWaterBytes: number;

  constructor(
    private readonly stream: WritableStream<F>,
    private readonly options: BatchedWriterOptions<T, F>,
  ) {
    this.maxBatchItems = options.maxBatchItems ?? DEFAULT_MAX_BATCH_ITEMS;
    this.maxBatchBytes = options.maxBatchBytes ?? 64 * 1024;
    this.highWaterBytes = options.highWaterBytes ?? 8 * 1024 * 1024;
  }

  get isCongested(): boolean {
    return this.congested;
  }

  /** Closed (or ended): pushes are dropped. */
  get isClosed(): boolean {
    return this.closed;
  }

  push(item: T): void {
    if (this.closed) return;
    const size = this.options.sizeOf(item);
    this.queue.push(item);
    this.sizes.push(size);
    this.queuedBytes += size;
    if (this.isOverLimit()) return;
    if (!this.congested && this.queuedBytes > this.highWaterBytes) this.setCongested(true);
    // A full batch goes out at once; the rest waits for the end of the turn.
    if (this.queue.length - this.head >= this.maxBatchItems || this.queuedBytes >= this.maxBatchBytes)
      this.flush(true);
    this.schedule();
  }

  /** Resolves once everything queued so far has been handed to the stream. */
  whenFlushed(): Promise<void> {
    if (this.closed || this.head === this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Writes what is queued, then ends the stream. */
  end(): void {
    if (this.closed) return;
    this.endWhenEmpty = true;
    this.flush();
  }

  /** Stops writing and drops the queue (the stream is gone). */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.sizes = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.setCongested(false);
    this.resolveIdleWaiters();
  }

  private isOverLimit(): boolean {
    const { maxQueuedBytes = Infinity, maxQueuedItems = Infinity } = this.options;
    const items = this.queue.length - this.head;
    if (this.queuedBytes <= maxQueuedBytes && items <= maxQueuedItems) return false;
    const why =
      items > maxQueuedItems
        ? `${items} messages queued, over the limit of ${maxQueuedItems}`
        : `${this.queuedBytes} bytes queued, over the limit of ${maxQueuedBytes}`;
    this.close();
    this.options.onOverflow?.(why);
    return true;
  }

  private schedule(): void {
    if (this.scheduled || this.waitingForDrain || this.head === this.queue.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(fullBatchesOnly = false): void {
    while (!this.closed && !this.waitingForDrain && this.head < this.queue.length) {
      if (
        fullBatchesOnly &&
        this.queue.length - this.head < this.maxBatchItems &&
        this.queuedBytes < this.maxBatchBytes
      ) {
        return;
      }
      const batch = this.takeBatch();
      this.options.batchSizes?.observe(batch.length);
      if (!this.stream.write(this.options.buildFrame(batch))) {
        this.waitingForDrain = true;
        this.stream.once('drain', () => {
          this.waitingForDrain = false;
          this.flush();
        });
      }
    }
    if (this.head === this.queue.length && !this.closed) {
      this.queue = [];
      this.sizes = [];
      this.head = 0;
      this.resolveIdleWaiters();
      if (this.endWhenEmpty) {
        this.closed = true;
        this.stream.end();
      }
    }
  }

  private takeBatch(): T[] {
    const start = this.head;
    let bytes = 0;
    let end = start;
    while (end < this.queue.length && end - start < this.maxBatchItems) {
      const size = this.sizes[end] as number;
      // A single item larger than the byte cap still goes, alone.
      if (end > start && bytes + size > this.maxBatchBytes) break;
      bytes += size;
      end += 1;
    }
    const batch = this.queue.slice(start, end);
    this.head = end;
    this.queuedBytes -= bytes;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    if (this.congested && this.queuedBytes < this.highWaterBytes / 2) this.setCongested(false);
    return batch;
  }

  private setCongested(congested: boolean): void {
    if (this.congested === congested) return;
    this.congested = congested;
    this.options.onCongestion?.(congested);
  }

  private resolveIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
