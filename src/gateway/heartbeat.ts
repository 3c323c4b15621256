import type { Timers } from './client-hub';

/** The application heartbeat's settings (GatewayWorker's pingInterval, pingNotResponseLimit, pingData). */
export interface HeartbeatSettings {
  /** 0 turns the heartbeat off. */
  intervalMs: number;
  /** 0: never close, only send pingData; N > 0: close a client silent for about N intervals. */
  notResponseLimit: number;
  /** Sent to silent clients (through their protocol); empty: nothing is sent. */
  pingData: Buffer;
}

/** What the heartbeat needs of a client: its counter, which a decoded message resets to -1. */
export interface HeartbeatClient {
  heartbeatCount: number;
}

export type HeartbeatAction = 'close' | 'ping' | 'none';

/** The counter a client starts with, and gets back with each message it sends. */
export const HEARTBEAT_ACTIVE = -1;

/**
 * One tick for one client, exactly as GatewayWorker does it (spec §7.1): close a client whose
 * counter reached 2·limit, else count the tick and say whether pingData goes out.
 */
export function heartbeatTick(client: HeartbeatClient, settings: HeartbeatSettings): HeartbeatAction {
  const limit = settings.notResponseLimit;
  if (limit > 0 && client.heartbeatCount >= 2 * limit) return 'close';
  client.heartbeatCount += 1;
  if (settings.pingData.length === 0) return 'none';
  // Active since the last tick, or (with a limit, ticking every half interval) every other tick.
  if (client.heartbeatCount === 0 || (limit > 0 && client.heartbeatCount % 2 === 1)) return 'none';
  return 'ping';
}

/** The tick period: half an interval when silent clients get closed, else a whole one. */
export function heartbeatPeriodMs(settings: HeartbeatSettings): number {
  return settings.notResponseLimit > 0 ? settings.intervalMs / 2 : settings.intervalMs;
}

/**
 * Runs the heartbeat over a set of clients on injected timers. Returns a function that stops it.
 * The actions (send pingData, close for silence) are the caller's, so any protocol can be served.
 */
export function startHeartbeat<C extends HeartbeatClient>(
  settings: HeartbeatSettings,
  timers: Timers,
  clients: () => Iterable<C>,
  actions: { ping(client: C, data: Buffer): void; close(client: C): void },
): () => void {
  if (settings.intervalMs <= 0) return () => undefined;
  const period = heartbeatPeriodMs(settings);
  let cancel: () => void;
  const tick = (): void => {
    cancel = timers.after(period, tick);
    // A copy: closing a client may remove it from the live collection.
    for (const client of [...clients()]) {
      const action = heartbeatTick(client, settings);
      if (action === 'close') actions.close(client);
      else if (action === 'ping') actions.ping(client, settings.pingData);
    }
  };
  cancel = timers.after(period, tick);
  return () => cancel();
}
