import type { CloseReason, Events, GatewayOptions, SessionData } from '../../src/index';
import { Cluster } from './cluster';

/** What the worker of a counting cluster saw. */
export interface Seen {
  connects: number;
  messages: number;
  closes: CloseReason[];
}

/**
 * A cluster of one Gateway (with these options) and one worker that answers 'echo' with 'echo',
 * counts connects and messages and records close reasons: for tests of what reaches a worker.
 */
export async function startCountingCluster(
  gateway: Partial<GatewayOptions> = {},
): Promise<{ cluster: Cluster; seen: Seen; port: number; url: string }> {
  const seen: Seen = { connects: 0, messages: 0, closes: [] };
  const events: Events<SessionData> = {
    onConnect() {
      seen.connects += 1;
    },
    onMessage(ctx, message) {
      seen.messages += 1;
      if (String(message) === 'echo') return ctx.sendToCurrentClient('echo');
      return undefined;
    },
    onClose(_ctx, reason) {
      seen.closes.push(reason);
    },
  };
  const cluster = await Cluster.start({ events, gateway });
  const url = cluster.gateways[0]!.address();
  return { cluster, seen, port: Number(url.split(':').at(-1)), url };
}
