import { BusinessWorker } from '../../src/index';
import { createPolyglotEvents } from '../../examples/polyglot/events';
import { describePolyglotWorker } from '../helpers/polyglot-suite';
import { MemoryLogger } from '../helpers/logs';

// The reference run: the TypeScript app through the same scenarios as the Python and Go workers.
describePolyglotWorker('ts', async (register, index) => {
  const worker = new BusinessWorker({
    register,
    index,
    name: 'PolyglotTs',
    events: createPolyglotEvents('ts'),
    logger: new MemoryLogger(),
  });
  await worker.start();
  return () => worker.stop();
});
