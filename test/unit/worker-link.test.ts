import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { WorkerLink } from '../../src/gateway/worker-link';
import type { ConnectResponse } from '../../src/rpc/generated/gatewayworker/v1/ConnectResponse';

class FakeStream extends EventEmitter {
  frames: ConnectResponse[] = [];
  ended = false;
  write(frame: ConnectResponse): boolean {
    this.frames.push(frame);
    return true;
  }
  end(): void {
    this.ended = true;
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WorkerLink (a HubWorker over a gRPC stream)', () => {
  it('sends events, replies and the drained mark in one frame, drained after the events before it', async () => {
    const stream = new FakeStream();
    const link = new WorkerLink('w:0', 'instance', 0, false, stream, () => undefined);
    link.pushEvent({ type: 'CLIENT_EVENT_TYPE_MESSAGE', connection_id: 1, data: Buffer.from('a') });
    link.pushReply({ request_id: 7, online: true });
    link.pushDrained();
    await turn();
    assert.equal(stream.frames.length, 1);
    const [frame] = stream.frames;
    assert.deepEqual(
      frame?.events?.map((e) => e.connection_id),
      [1],
    );
    assert.deepEqual(frame?.replies, [{ request_id: 7, online: true }]);
    assert.equal(frame?.drained, true);
  });

  it('end() writes what is queued, then ends the stream; close() drops it', async () => {
    const stream = new FakeStream();
    const link = new WorkerLink('w:0', 'instance', 0, false, stream, () => undefined);
    link.pushEvent({ type: 'CLIENT_EVENT_TYPE_CONNECT', connection_id: 2 });
    link.end();
    assert.equal(stream.frames.length, 1);
    assert.equal(stream.ended, true);
    const other = new FakeStream();
    const closed = new WorkerLink('w:1', 'instance', 1, false, other, () => undefined);
    closed.pushEvent({ type: 'CLIENT_EVENT_TYPE_CONNECT', connection_id: 3 });
    closed.close();
    await turn();
    assert.equal(other.frames.length, 0);
  });
});
