import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { BatchedWriter } from '../../src/rpc/batched-writer';

/** A stream whose write() returns false after `capacity` frames until drained by the test. */
class FakeStream extends EventEmitter {
  frames: number[][] = [];
  ended = false;
  constructor(private capacity = Infinity) {
    super();
  }
  write(frame: number[]): boolean {
    this.frames.push(frame);
    return this.frames.length < this.capacity;
  }
  end(): void {
    this.ended = true;
  }
  drain(moreCapacity: number): void {
    this.capacity += moreCapacity;
    this.emit('drain');
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function writer(
  stream: FakeStream,
  options: { maxBatchItems?: number; maxBatchBytes?: number; highWaterBytes?: number } = {},
) {
  const congestion: boolean[] = [];
  const w = new BatchedWriter<number, number[]>(stream, {
    buildFrame: (items) => items,
    sizeOf: () => 10,
    onCongestion: (c) => congestion.push(c),
    ...options,
  });
  return { w, congestion };
}

describe('BatchedWriter', () => {
  it('sends everything queued in one I/O turn as one frame', async () => {
    const stream = new FakeStream();
    const { w } = writer(stream);
    for (let i = 0; i < 5; i++) w.push(i);
    assert.equal(stream.frames.length, 0);
    await turn();
    assert.deepEqual(stream.frames, [[0, 1, 2, 3, 4]]);
  });

  it('sizes each item once, and cuts batches by those sizes', async () => {
    const stream = new FakeStream();
    const sized: number[] = [];
    const w = new BatchedWriter<number, number[]>(stream, {
      buildFrame: (items) => items,
      sizeOf: (item) => {
        sized.push(item);
        return item;
      },
      maxBatchBytes: 25,
    });
    for (const item of [10, 10, 10, 30, 1]) w.push(item);
    await turn();
    assert.deepEqual(stream.frames, [[10, 10], [10], [30], [1]]);
    assert.deepEqual(sized, [10, 10, 10, 30, 1]);
  });

  it('cuts batches at maxBatchItems and maxBatchBytes', async () => {
    const stream = new FakeStream();
    const { w } = writer(stream, { maxBatchItems: 3, maxBatchBytes: 25 });
    for (let i = 0; i < 7; i++) w.push(i);
    await turn();
    assert.deepEqual(stream.frames, [[0, 1], [2, 3], [4, 5], [6]]);
  });

  it('stops writing while the stream is full and goes on after drain; reports congestion', async () => {
    const stream = new FakeStream(1);
    const { w, congestion } = writer(stream, { maxBatchItems: 2, highWaterBytes: 30 });
    for (let i = 0; i < 8; i++) w.push(i);
    await turn();
    assert.deepEqual(stream.frames, [[0, 1]]);
    assert.deepEqual(congestion, [true]);
    assert.equal(w.isCongested, true);
    stream.drain(10);
    assert.deepEqual(stream.frames, [
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    assert.deepEqual(congestion, [true, false]);
    await w.whenFlushed();
  });

  it('end() flushes, then ends the stream; close() drops the queue', async () => {
    const stream = new FakeStream();
    const { w } = writer(stream);
    w.push(1);
    w.end();
    assert.deepEqual(stream.frames, [[1]]);
    assert.equal(stream.ended, true);
    const other = new FakeStream();
    const { w: w2 } = writer(other);
    w2.push(1);
    w2.close();
    await turn();
    assert.deepEqual(other.frames, []);
  });

  it('past maxQueuedBytes or maxQueuedItems drops the queue, closes and says why once', async () => {
    for (const [limits, why] of [
      [{ maxQueuedBytes: 35 }, /40 bytes queued, over the limit of 35/],
      [{ maxQueuedItems: 3 }, /4 messages queued, over the limit of 3/],
    ] as const) {
      const stream = new FakeStream(0); // full at once: nothing is ever taken
      const overflows: string[] = [];
      const w = new BatchedWriter<number, number[]>(stream, {
        buildFrame: (items) => items,
        sizeOf: () => 10,
        maxBatchItems: 1,
        ...limits,
        onOverflow: (reason) => overflows.push(reason),
      });
      for (let i = 0; i < 10; i++) w.push(i);
      await turn();
      assert.equal(overflows.length, 1);
      assert.match(overflows[0]!, why);
      assert.equal(w.isClosed, true);
      assert.deepEqual(stream.frames, [[0]], 'only the write before the stream filled up');
    }
  });
});
