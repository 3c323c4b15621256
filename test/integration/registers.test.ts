import { strict as assert } from 'node:assert';
import { BusinessWorker, Gateway, Register, type Events } from '../../src/index';
import { echoEvents } from '../fixtures/echo-events';
import { waitAttached } from '../helpers/cluster';
import { MemoryLogger } from '../helpers/logs';
import { eventually } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

describe('`register` as a list', function () {
  const logger = new MemoryLogger();
  const roles: Array<{ stop(): Promise<void> }> = [];
  const clients: TestClient[] = [];

  async function started<R extends { start(): Promise<void>; stop(): Promise<void> }>(role: R): Promise<R> {
    roles.push(role);
    await role.start();
    return role;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    for (const role of roles.splice(0).reverse()) await role.stop();
  });

  it('a Gateway announces to every Register listed; a worker follows the union of their lists', async () => {
    const r1 = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const r2 = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const gatewayOptions = { listen: 'ws://127.0.0.1:0', logger };
    const both = await started(new Gateway({ ...gatewayOptions, register: [r1.address(), r2.address()] }));
    const onlyR2 = await started(new Gateway({ ...gatewayOptions, register: r2.address() }));
    await eventually(() => {
      assert.equal(r1.gatewayCount, 1, 'r1 lists the Gateway that announces to both');
      assert.equal(r2.gatewayCount, 2, 'r2 lists both Gateways');
    });

    const events = echoEvents as Events;
    const union = await started(
      new BusinessWorker({ events, logger, register: [r1.address(), r2.address()], name: 'Union' }),
    );
    const followsR1 = await started(
      new BusinessWorker({ events, logger, register: r1.address(), name: 'R1' }),
    );
    await waitAttached(union, [both.lanAddressOf(), onlyR2.lanAddressOf()]);
    await waitAttached(followsR1, [both.lanAddressOf()]);
    assert.deepEqual(followsR1.attachedGateways(), [both.lanAddressOf()], 'r1 does not know the other');

    // Clients of the Gateway only r2 knows are served (by the worker that follows the union).
    const client = await TestClient.connect(onlyR2.address());
    clients.push(client);
    assert.equal(await client.request('count'), '1');

    // One Register going away changes nothing for streams already open.
    await r2.stop();
    assert.equal(await client.request('count'), '2');
    assert.deepEqual(union.attachedGateways().sort(), [both.lanAddressOf(), onlyR2.lanAddressOf()].sort());
  });
});
