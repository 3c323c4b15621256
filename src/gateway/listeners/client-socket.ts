/**
 * What the Gateway needs from an end-client connection, whatever the transport. Listeners
 * (websocket.ts, tcp.ts) adapt their sockets to it; tests can fake it.
 */
export interface ClientSocket {
  readonly transport: 'ws' | 'tcp';
  /** The client protocol ('text', 'frame' or a custom protocol's name); absent means `transport`. */
  readonly protocol?: string;
  /** The Gateway port the client connected to; absent: the Gateway's first port. */
  readonly localPort?: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Queues a message. Returns false when it was dropped (socket closing, or send buffer full). */
  send(data: Buffer, binary: boolean): boolean;
  /** Closes gracefully: queued data is sent first. */
  close(code: number, reason: string): void;
  /** Closes at once, discarding queued data. */
  destroy(): void;
  /** Stops reading from the client (TCP backpressure); calls nest, resume undoes one pause. */
  pause(): void;
  resume(): void;
  /** Holds the messages sent from now on until uncork(), so that they leave in one write; once per batch. */
  cork(): void;
  uncork(): void;
}

/** How the socket reports to the Gateway. */
export interface ClientSocketHandlers {
  onMessage(data: Buffer, binary: boolean): void;
  /** Exactly once. `protocolError` is set when the client broke the protocol (oversize, bad frame). */
  onClose(protocolError?: string): void;
  /** The listener found the client dead (e.g. no WebSocket pong): the Gateway destroys it. */
  onHeartbeatTimeout?(): void;
}

export interface ConnectionRequest {
  /** WebSocket: the request target, e.g. "/chat?token=abc". */
  url: string;
  /** Lower-case header names. */
  headers: Array<{ name: string; value: string }>;
}

/** Called by a listener for every new client; returns the handlers for that client's events. */
export type AcceptClient = (socket: ClientSocket, request: ConnectionRequest) => ClientSocketHandlers;

export interface ClientListener {
  /** The bound port. */
  readonly port: number;
  /** Stops accepting; existing sockets are left to the Gateway. */
  close(): Promise<void>;
}

/** Nested pause/resume over a stream: the first pause stops reading, the matching last resume restarts it. */
export class NestedPause {
  private depth = 0;

  constructor(private readonly stream: { pause(): unknown; resume(): unknown }) {}

  pause(): void {
    if (this.depth++ === 0) this.stream.pause();
  }

  resume(): void {
    if (this.depth > 0 && --this.depth === 0) this.stream.resume();
  }
}

/** What BatchCork needs of a socket (net.Socket and tls.TLSSocket have it). */
interface CorkableStream {
  cork(): void;
  uncork(): void;
  readonly writableLength: number;
}

/**
 * Held bytes past which a batch's messages are written at once (then held again): the kernel's
 * smallest TCP send buffer takes this much, so a flowing socket would have taken them anyway.
 */
export const CORK_FLUSH_BYTES = 16 * 1024;

/**
 * One batch's worth of cork over a socket. Only a flowing socket (nothing queued) is corked: a
 * socket with queued bytes is waiting for the kernel, so its next writes leave together anyway.
 * The held bytes are the ones the kernel would have taken at once, so they do not count against
 * the send buffer limit (heldBytes); past CORK_FLUSH_BYTES they are written and counted as before.
 */
export class BatchCork {
  private isCorked = false;

  constructor(private readonly stream: CorkableStream) {}

  begin(): void {
    if (this.isCorked || this.stream.writableLength > 0) return;
    this.stream.cork();
    this.isCorked = true;
  }

  /** Bytes held by this cork (0 when not corked). */
  get heldBytes(): number {
    return this.isCorked ? this.stream.writableLength : 0;
  }

  /** After each write: a batch past CORK_FLUSH_BYTES is written now, and held again if still flowing. */
  wrote(): void {
    if (!this.isCorked || this.stream.writableLength < CORK_FLUSH_BYTES) return;
    this.end();
    this.begin();
  }

  end(): void {
    if (!this.isCorked) return;
    this.isCorked = false;
    this.stream.uncork();
  }
}

/**
 * Read pausing and write batching of a client socket, the same for every transport: listeners'
 * sockets extend it and add send/close/destroy (a destroy should end the batch first, so that
 * what it holds still reaches the kernel).
 */
export abstract class FlowControlledSocket {
  protected readonly reading: NestedPause;
  protected readonly batch: BatchCork;

  constructor(readable: { pause(): unknown; resume(): unknown }, writable: CorkableStream) {
    this.reading = new NestedPause(readable);
    this.batch = new BatchCork(writable);
  }

  pause(): void {
    this.reading.pause();
  }

  resume(): void {
    this.reading.resume();
  }

  cork(): void {
    this.batch.begin();
  }

  uncork(): void {
    this.batch.end();
  }
}
