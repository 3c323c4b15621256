import type { WebSocket } from 'ws';

/** A watched client: its activity flag is set by whoever sees its frames (see WebSocketLiveness). */
export interface LivenessEntry {
  readonly ws: WebSocket;
  /** A frame (data, ping or pong) arrived since the last check. */
  seen: boolean;
  missed: number;
  /** Found dead: called once, after the entry is forgotten. */
  onDead(): void;
}

/**
 * WebSocket protocol-level heartbeat for one listener, with one timer for all its clients: every
 * intervalMs a client that sent no frame since the last check gets a ping; one found silent at
 * more than maxMissed checks in a row is reported dead. Any frame, a pong included, is activity:
 * the listener sets `seen` from its own frame listeners, so a client costs no listener or closure here.
 */
export class WebSocketLiveness {
  private readonly watched = new Set<LivenessEntry>();
  private readonly timer?: NodeJS.Timeout;

  constructor(
    intervalMs: number,
    private readonly maxMissed: number,
  ) {
    if (intervalMs > 0) this.timer = setInterval(() => this.check(), intervalMs).unref();
  }

  get isOn(): boolean {
    return this.timer !== undefined;
  }

  watch(entry: LivenessEntry): void {
    if (this.timer) this.watched.add(entry);
  }

  /** The client closed. */
  forget(entry: LivenessEntry): void {
    this.watched.delete(entry);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    for (const entry of this.watched) {
      if (entry.seen) {
        entry.seen = false;
        entry.missed = 0;
        continue;
      }
      entry.missed += 1;
      if (entry.missed > this.maxMissed) {
        this.watched.delete(entry);
        entry.onDead();
      } else entry.ws.ping();
    }
  }
}
