import type { WebSocket } from 'ws';

interface Watched {
  /** A frame (data, ping or pong) arrived since the last check. */
  seen: boolean;
  missed: number;
  onDead: () => void;
}

/**
 * WebSocket protocol-level heartbeat for one listener, with one timer for all its clients: every
 * intervalMs a client that sent no frame since the last check gets a ping; one found silent at
 * more than maxMissed checks in a row is reported dead. Any frame, a pong included, is activity.
 */
export class WebSocketLiveness {
  private readonly watched = new Map<WebSocket, Watched>();
  private readonly timer?: NodeJS.Timeout;

  constructor(
    intervalMs: number,
    private readonly maxMissed: number,
  ) {
    if (intervalMs > 0) this.timer = setInterval(() => this.check(), intervalMs).unref();
  }

  watch(ws: WebSocket, onDead: () => void): void {
    if (!this.timer) return;
    const entry: Watched = { seen: true, missed: 0, onDead };
    this.watched.set(ws, entry);
    const mark = (): void => {
      entry.seen = true;
    };
    ws.on('message', mark);
    ws.on('ping', mark);
    ws.on('pong', mark);
    ws.once('close', () => this.watched.delete(ws));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    for (const [ws, entry] of this.watched) {
      if (entry.seen) {
        entry.seen = false;
        entry.missed = 0;
        continue;
      }
      entry.missed += 1;
      if (entry.missed > this.maxMissed) {
        this.watched.delete(ws);
        entry.onDead();
      } else ws.ping();
    }
  }
}
