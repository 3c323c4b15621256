import { once } from 'node:events';
import { BusinessWorker } from '../../src/index';
import { createPolyglotEvents } from '../../examples/polyglot/events';
import { describePolyglotWorker } from '../helpers/polyglot-suite';
import { MemoryLogger } from '../helpers/logs';

// The reference run: the TypeScript app through the same scenarios as the Python and Go workers.
// It reports its own language tag, so that the suite can tell it from the mixed-in TypeScript worker.
describePolyglotWorker('ts-reference', async (register, index) => {
  const worker = new BusinessWorker({
    register,
    index,
    name: 'PolyglotTs',
    events: createPolyglotEvents('ts-reference'),
    logger: new MemoryLogger(),
  });
  await worker.start();
  // What READY means for the Python and Go workers: attached to a Gateway.
  if (worker.attachedGateways().length === 0) await once(worker, 'attached');
  return () => worker.stop();
});
