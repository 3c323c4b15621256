import { strict as assert } from 'node:assert';
import type { Events } from '../../src/worker/events';
import { loadEvents, type EventsLoader } from '../../src/worker/options';

describe('loadEvents (the lazy `events: () => import(...)` option)', () => {
  const events = { onMessage() {} } satisfies Events;

  it('accepts the Events, a module with a default export, and the doubly wrapped default of CommonJS', async () => {
    // Each loader type-checks as EventsLoader: the last one is what TypeScript gives import() of a
    // CommonJS module under `module: nodenext` (TS2322 before the type allowed it).
    const loaders: EventsLoader[] = [
      () => events,
      async () => ({ default: events }),
      async () => ({ default: { default: events } }),
    ];
    for (const load of loaders) assert.equal(await loadEvents(load), events);
  });

  it('still checks what it unwrapped', async () => {
    const typo: unknown = { default: { default: { onMesage() {} } } };
    await assert.rejects(
      loadEvents(async () => typo as { default: { default: Events } }),
      /onMesage.*onMessage/,
    );
  });
});
