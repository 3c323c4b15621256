// The benchmark app: "bcast X" sends X to every client (sender included); anything else is echoed.
import type { Events } from '../../src/index'; // in your project: from 'gatewayworker'

const BCAST = 'bcast ';

export const benchEvents: Events = {
  onMessage(ctx, message) {
    if (typeof message === 'string' && message.startsWith(BCAST)) {
      return ctx.gateway.sendToAll(message.slice(BCAST.length));
    }
    return ctx.sendToCurrentClient(message);
  },
};
