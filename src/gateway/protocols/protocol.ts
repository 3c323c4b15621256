/**
 * A TCP client protocol: how a byte stream is cut into messages and how replies are framed.
 * The same three operations as Workerman's protocol classes (input, decode, encode), as pure
 * functions over Buffers so that they can be tested (and fuzzed) without sockets.
 */
export interface ClientProtocol {
  /** Shown to workers as `ctx.protocol`. Lower-case letters, digits and '-'. */
  readonly name: string;
  /**
   * The length in bytes of the first message in `buffer` (all bytes received and not yet
   * consumed): 0 when more bytes are needed; a positive length (may exceed buffer.length, then
   * the Gateway waits for the rest); a negative number (or a throw) when the bytes are garbage,
   * which closes the client. `maxMessageBytes` is the Gateway's limit, for early refusal.
   */
  input(buffer: Buffer, maxMessageBytes: number): number;
  /** One whole message (exactly the bytes `input` counted) to what onMessage receives: a
   * string arrives as text, a Buffer as binary. */
  decode(message: Buffer): string | Buffer;
  /** What the worker sent (a string arrives as its UTF-8 bytes with binary false) to bytes on the wire. */
  encode(data: Buffer, binary: boolean): Buffer;
}

/** A decoded message as the Gateway forwards it. */
export interface DecodedMessage {
  data: Buffer;
  binary: boolean;
}

/**
 * Cuts one client's byte stream into messages with a ClientProtocol. Bytes are kept until a
 * message is whole; the protocol is asked again only when a new chunk could change its answer.
 */
export class MessageReader {
  private buffered: Buffer = Buffer.alloc(0);
  /** Room that `buffered` ends in, so that a growing message (a long line) is appended to, not
   * copied whole at every chunk. Bytes handed out before are never written again. */
  private room?: Buffer;
  /** Chunks of an announced message, joined once it is all here (no copy per chunk). */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** The length `input` announced for the pending message, while it is not all here. */
  private awaited = 0;
  /** Set once the stream is broken; nothing is read after it. */
  error?: string;

  constructor(
    private readonly protocol: ClientProtocol,
    private readonly maxMessageBytes: number,
  ) {}

  /** Adds a chunk; returns the messages it completed (an error stops reading: see `error`). */
  push(chunk: Buffer): DecodedMessage[] {
    const messages: DecodedMessage[] = [];
    if (this.error !== undefined) return messages;
    if (this.awaited > 0) {
      this.parts.push(chunk);
      this.partsBytes += chunk.length;
      if (this.partsBytes < this.awaited) return messages;
      this.buffered = Buffer.concat(this.parts, this.partsBytes);
      this.room = undefined;
      this.parts = [];
      this.partsBytes = 0;
    } else {
      this.append(chunk);
    }
    while (this.buffered.length > 0 && this.error === undefined) {
      const length = this.awaited || this.measure();
      if (length === 0) {
        // No end in sight: a message may not grow past the limit.
        if (this.buffered.length >= this.maxMessageBytes)
          this.fail(`no message end within ${this.maxMessageBytes} bytes`);
        break;
      }
      if (this.error !== undefined) break;
      if (length > this.buffered.length) {
        this.awaited = length;
        this.parts = [this.buffered];
        this.partsBytes = this.buffered.length;
        this.buffered = Buffer.alloc(0);
        this.room = undefined;
        break;
      }
      this.awaited = 0;
      const message = this.buffered.subarray(0, length);
      this.buffered = this.buffered.subarray(length);
      const decoded = this.decode(message);
      if (decoded) messages.push(decoded);
    }
    return messages;
  }

  private append(chunk: Buffer): void {
    const held = this.buffered;
    if (held.length === 0) {
      this.buffered = chunk;
      this.room = undefined;
      return;
    }
    const room = this.room;
    const used = room ? held.byteOffset - room.byteOffset + held.length : 0;
    if (room && used + chunk.length <= room.length) {
      chunk.copy(room, used);
      this.buffered = room.subarray(used - held.length, used + chunk.length);
      return;
    }
    // Doubling keeps the copying linear; the limit (plus a chunk) bounds the room.
    const needed = held.length + chunk.length;
    const size = Math.max(needed, Math.min(2 * needed, this.maxMessageBytes + chunk.length), 4096);
    const grown = Buffer.allocUnsafe(size);
    held.copy(grown, 0);
    chunk.copy(grown, held.length);
    this.room = grown;
    this.buffered = grown.subarray(0, needed);
  }

  /** Bytes held for an incomplete message. */
  get pendingBytes(): number {
    return this.buffered.length + this.partsBytes;
  }

  private measure(): number {
    let length: number;
    try {
      length = this.protocol.input(this.buffered, this.maxMessageBytes);
    } catch (err) {
      this.fail(`${this.protocol.name} input failed: ${(err as Error)?.message ?? String(err)}`);
      return 0;
    }
    if (!Number.isSafeInteger(length) || length < 0) {
      this.fail(`${this.protocol.name} input returned ${String(length)}`);
      return 0;
    }
    if (length > this.maxMessageBytes) {
      this.fail(`message of ${length} bytes is over the limit of ${this.maxMessageBytes}`);
      return 0;
    }
    return length;
  }

  private decode(message: Buffer): DecodedMessage | undefined {
    let decoded: string | Buffer;
    try {
      decoded = this.protocol.decode(message);
    } catch (err) {
      this.fail(`${this.protocol.name} decode failed: ${(err as Error)?.message ?? String(err)}`);
      return undefined;
    }
    if (typeof decoded === 'string') return { data: Buffer.from(decoded), binary: false };
    if (Buffer.isBuffer(decoded)) return { data: decoded, binary: true };
    this.fail(`${this.protocol.name} decode returned ${typeof decoded}, not a string or Buffer`);
    return undefined;
  }

  private fail(reason: string): void {
    this.error = reason;
    this.buffered = Buffer.alloc(0);
    this.room = undefined;
    this.parts = [];
    this.partsBytes = 0;
    this.awaited = 0;
  }
}
