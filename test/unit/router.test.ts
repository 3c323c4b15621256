import { strict as assert } from 'node:assert';
import { leastConnectionsRouter, randomRouter, type RoutableClient } from '../../src/gateway/router';

const client: RoutableClient = {
  clientId: '7f00000108fc00000001',
  remoteAddress: '127.0.0.1',
  eventType: 'connect',
};

describe('routers', () => {
  it('least connections picks the fewest clients, ties to the earliest attached', () => {
    const workers = [
      { key: 'a:0', clientCount: 3, attachOrder: 0 },
      { key: 'b:0', clientCount: 1, attachOrder: 2 },
      { key: 'c:0', clientCount: 1, attachOrder: 1 },
    ];
    assert.equal(leastConnectionsRouter(workers, client)?.key, 'c:0');
  });

  it('random picks one of the workers', () => {
    const workers = [
      { key: 'a:0', clientCount: 0, attachOrder: 0 },
      { key: 'b:0', clientCount: 0, attachOrder: 1 },
    ];
    for (let i = 0; i < 20; i++) assert.ok(workers.includes(randomRouter(workers, client)!));
  });
});
