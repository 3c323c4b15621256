import { WebSocket, type ClientOptions } from 'ws';
import { within } from './wait';

export interface Received {
  data: string | Buffer;
  binary: boolean;
}

/** A WebSocket test client that queues what it receives, so tests can await the next message. */
export class TestClient {
  readonly received: Received[] = [];
  private readonly waiters: Array<() => void> = [];
  closeCode?: number;
  closeReason?: string;
  readonly closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, binary: boolean) => {
      this.received.push({ data: binary ? data : data.toString(), binary });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        for (const wake of this.waiters.splice(0)) wake();
        resolve();
      });
    });
    ws.on('error', () => undefined);
  }

  /** `count` clients of `url`, connected at once. */
  static connectMany(url: string, count: number): Promise<TestClient[]> {
    return Promise.all(Array.from({ length: count }, () => TestClient.connect(url)));
  }

  static async connect(url: string, timeoutMs = 5000, options?: ClientOptions): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    await within(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
      timeoutMs,
      `connect ${url}`,
    );
    return client;
  }

  send(data: string | Buffer): void {
    this.ws.send(data, { binary: Buffer.isBuffer(data) });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The next message (in order of arrival), as text. */
  async next(timeoutMs = 5000): Promise<string> {
    const item = await this.nextRaw(timeoutMs);
    return typeof item.data === 'string' ? item.data : item.data.toString();
  }

  async nextRaw(timeoutMs = 5000): Promise<Received> {
    await within(
      this.waitFor(() => this.received.length > 0),
      timeoutMs,
      'a message',
    );
    return this.received.shift() as Received;
  }

  /** The next `n` messages as text. */
  async take(n: number, timeoutMs = 5000): Promise<string[]> {
    await within(
      this.waitFor(() => this.received.length >= n),
      timeoutMs,
      `${n} messages (have ${this.received.length})`,
    );
    return this.received.splice(0, n).map((r) => (typeof r.data === 'string' ? r.data : r.data.toString()));
  }

  /** Sends and returns the next message. */
  async request(data: string, timeoutMs = 5000): Promise<string> {
    this.send(data);
    return this.next(timeoutMs);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await within(this.closed, 5000, 'close').catch(() => this.ws.terminate());
  }

  /** Waits for the server to close this client. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    await within(this.closed, timeoutMs, 'the server to close the client');
  }

  private waitFor(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (condition()) resolve();
        else if (this.ws.readyState === WebSocket.CLOSED)
          reject(new Error(`client closed (code ${this.closeCode})`));
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }
}
