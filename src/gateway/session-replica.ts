import { GatewayWorkerError } from '../errors';
import { checkSessionLimits, deepMerge, isPlainObject, parseSession, type SessionData } from '../session';

/** A change to a client's session, as a command carries it (JSON text, parsed and checked here). */
export type SessionChange =
  | { op: 'replace'; json: Buffer | string }
  | { op: 'merge'; json: Buffer | string }
  | { op: 'patch'; json: Buffer | string; unset: readonly string[] };

/** What the next event to the bound worker carries (the fields of ClientEvent). */
export interface SessionStamp {
  session?: Buffer;
  session_seq?: number;
}

/** One top-level key: `"key":value` as JSON text, and its size in bytes. */
interface Entry {
  text: string;
  bytes: number;
  /** Where the value starts in `text`. */
  valueAt: number;
}

/**
 * The Gateway's copy of one client's session (the master) and what the bound worker's copy is
 * known to hold. Pure: no I/O. The protocol it implements is specified in proto/README.md
 * ("Session replication"):
 * - every change, by anyone, makes a new revision;
 * - the bound worker's copy is current when it has seen the latest revision, either from an event
 *   that carried it or because the change was its own (a numbered one) made on a current copy;
 * - an event carries the whole session only when that copy is not current, and always the seq of
 *   the worker's last numbered change processed here (applied or refused), so that the worker can
 *   put its later changes on top of the copy.
 * The session is held as JSON text per top-level key: a change re-encodes only the keys it touches,
 * and the size limit is checked exactly without encoding the whole session.
 */
/** The entries of every empty session: shared, as changes build new maps (an idle client costs none). */
const NO_ENTRIES: ReadonlyMap<string, Entry> = new Map();
/** The JSON of every empty session. */
const EMPTY_SESSION = Buffer.from('{}');

export class SessionReplica {
  private entries: ReadonlyMap<string, Entry> = NO_ENTRIES;
  private totalBytes = 2;
  private encoded?: Buffer;
  private revision = 0;
  /** The revision the bound worker's copy holds; -1: it has none. */
  private workerRevision = -1;
  /** The seq of the bound worker's last numbered change processed here. */
  private workerSeq = 0;

  /** The session as JSON bytes (for events and queries); cached until the next change. */
  bytes(): Buffer {
    if (!this.encoded) {
      if (this.entries.size === 0) return EMPTY_SESSION;
      let text = '{';
      for (const entry of this.entries.values()) text += (text.length > 1 ? ',' : '') + entry.text;
      this.encoded = Buffer.from(`${text}}`);
    }
    return this.encoded;
  }

  /** Bytes of the session's JSON text. */
  get byteLength(): number {
    return this.totalBytes;
  }

  /** The session as an object (a new one each time). */
  value(): SessionData {
    return parseSession(this.bytes());
  }

  /**
   * Applies a change. `workerSeq` > 0 marks a numbered change of the bound worker (which applied it
   * to its own copy already). Throws GatewayWorkerError for bad JSON and for a session over the
   * limits; the session then stays as it was.
   */
  apply(change: SessionChange, workerSeq = 0): void {
    const workerWasCurrent = this.workerRevision === this.revision;
    if (workerSeq > 0) this.workerSeq = workerSeq;
    let next: Map<string, Entry>;
    try {
      next = this.changed(change);
    } catch (err) {
      // The worker's copy has the refused change: it gets a fresh copy with its next event.
      if (workerSeq > 0) this.workerRevision = -1;
      throw err;
    }
    let total = 1;
    for (const entry of next.values()) total += entry.bytes + 1;
    if (next.size === 0) total = 2;
    try {
      checkSessionLimits(total, 0);
    } catch (err) {
      if (workerSeq > 0) this.workerRevision = -1;
      throw err;
    }
    this.entries = next;
    this.totalBytes = total;
    this.encoded = undefined;
    this.revision += 1;
    if (workerSeq > 0 && workerWasCurrent) this.workerRevision = this.revision;
  }

  /** A worker was bound to the client: it has no copy and has numbered nothing yet. */
  workerBound(): void {
    this.workerRevision = -1;
    this.workerSeq = 0;
  }

  /** The session fields of the next event to the bound worker; from then on its copy is current. */
  stamp(): SessionStamp {
    const stamp: SessionStamp = {};
    if (this.workerRevision !== this.revision) {
      stamp.session = this.bytes();
      this.workerRevision = this.revision;
    }
    if (this.workerSeq > 0) stamp.session_seq = this.workerSeq;
    return stamp;
  }

  private changed(change: SessionChange): Map<string, Entry> {
    const value = change.json.length > 0 ? parseSession(change.json) : {};
    switch (change.op) {
      case 'replace':
        return entriesOf(new Map(), Object.entries(value));
      case 'merge': {
        const merged = Object.entries(value).map(([key, changes]): [string, unknown] => {
          const entry = this.entries.get(key);
          // Only the keys the change names are decoded, merged and encoded again.
          const current: unknown =
            entry && isPlainObject(changes) ? JSON.parse(entry.text.slice(entry.valueAt)) : undefined;
          return [
            key,
            isPlainObject(current) && isPlainObject(changes) ? deepMerge(current, changes) : changes,
          ];
        });
        return entriesOf(new Map(this.entries), merged);
      }
      case 'patch': {
        const next = entriesOf(new Map(this.entries), Object.entries(value));
        for (const key of change.unset) next.delete(key);
        return next;
      }
      default: {
        const never: never = change;
        throw new GatewayWorkerError('GW_ERR_PROTOCOL', `unknown session change ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Sets top-level keys in `entries` (the values come from parsed JSON, so they encode). */
function entriesOf(entries: Map<string, Entry>, values: Iterable<[string, unknown]>): Map<string, Entry> {
  for (const [key, value] of values) {
    const prefix = `${JSON.stringify(key)}:`;
    const text = prefix + JSON.stringify(value);
    entries.set(key, { text, bytes: Buffer.byteLength(text), valueAt: prefix.length });
  }
  return entries;
}
