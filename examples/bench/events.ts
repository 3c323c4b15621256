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

/**
 * The same app with a 20-key session per client (set on connect), to measure what sessions cost:
 * 'read-only' echoes without touching the session, 'rw' also counts messages in it.
 */
export function benchEventsWithSession(mode: 'read-only' | 'rw'): Events {
  return {
    onConnect(ctx) {
      for (let i = 0; i < 20; i++) ctx.session[`key${i}`] = { name: `value ${i}`, tags: ['a', 'b'], n: i };
      ctx.session.count = 0;
    },
    onMessage(ctx, message) {
      if (mode === 'rw') ctx.session.count = (ctx.session.count as number) + 1;
      return benchEvents.onMessage!(ctx, message);
    },
  };
}
