import { once } from 'node:events';
import { BusinessWorker } from '../../src/index';
import { createPolyglotEvents } from '../../examples/polyglot/events';
import { describePolyglotWorker } from '../helpers/polyglot-suite';
import { MemoryLogger } from '../helpers/logs';
import { eventually } from '../helpers/wait';

// The reference run: the TypeScript app through the same scenarios as the Python and Go workers.
// It reports its own language tag, so that the suite can tell it from the mixed-in TypeScript worker.
describePolyglotWorker('ts-reference', async (register, index, options = {}) => {
  const logger = new MemoryLogger();
  const worker = new BusinessWorker({
    register,
    index,
    name: 'PolyglotTs',
    events: createPolyglotEvents('ts-reference'),
    logger,
    ...(options.secretKey === undefined ? {} : { secretKey: options.secretKey }),
  });
  await worker.start();
  const { untilStderr } = options;
  if (untilStderr) {
    await eventually(() => {
      if (!logger.has(untilStderr)) throw new Error(`no log line matches ${untilStderr}`);
    });
  } else if (worker.attachedGateways().length === 0) {
    // What READY means for the Python and Go workers: attached to a Gateway.
    await once(worker, 'attached');
  }
  return {
    stop: () => worker.stop(),
    logged: async (pattern, timeoutMs) => {
      await eventually(() => {
        if (!logger.has(pattern)) throw new Error(`no log line matches ${pattern}`);
      }, timeoutMs);
    },
  };
});
