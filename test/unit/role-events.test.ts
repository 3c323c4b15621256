import { strict as assert } from 'node:assert';
import { BusinessWorker, Gateway, Register } from '../../src/index';
import { MemoryLogger } from '../helpers/logs';

describe('role events', () => {
  it("no role declares an 'error' event: failures after start are logged and retried (README)", () => {
    const logger = new MemoryLogger();
    const roles = [
      new Register({ listen: '127.0.0.1:0', logger }),
      new Gateway({ listen: 'ws://127.0.0.1:0', logger }),
      new BusinessWorker({ events: {}, logger }),
    ] as const;
    // The compiler is the check: these lines fail to build if 'error' is declared again.
    // @ts-expect-error Register has no 'error' event
    roles[0].on('error', () => undefined);
    // @ts-expect-error Gateway has no 'error' event
    roles[1].on('error', () => undefined);
    // @ts-expect-error BusinessWorker has no 'error' event
    roles[2].on('error', () => undefined);
    for (const role of roles) {
      assert.equal(role.listenerCount('error'), 1);
      role.removeAllListeners();
    }
  });
});
