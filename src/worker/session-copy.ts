import { GatewayWorkerError } from '../errors';
import {
  applyPatch,
  checkSessionLimits,
  deepMerge,
  encodeJson,
  isPlainObject,
  jsonDepth,
  MAX_SESSION_BYTES,
  parseSession,
  type SessionData,
} from '../session';

/** A session change to send to the Gateway (the fields of SessionCommand). */
export interface WriteBack {
  /** The changed top-level keys, a JSON object. */
  json: Buffer;
  unset: string[];
  /** 0 when the copy's stream is gone (the change then is like anyone else's). */
  seq: number;
}

/** A change of this worker that the Gateway may not have processed yet. */
interface PendingChange {
  seq: number;
  apply(session: SessionData): SessionData;
}

/**
 * A worker's copy of one client's session on one stream, as specified in proto/README.md
 * ("Session replication"). Pure: no I/O; the dispatcher sends what it returns.
 *
 * A handler that never reads ctx.session costs nothing: the copy is encoded (per top-level key,
 * to find what the handler changed) only once the handler has read it. Reading is the only way to
 * reach the object, so the encoding taken then is the state before any change the handler makes.
 * The encoding made to compare at the end of one handler is the state the next one starts from,
 * unless the copy changed in between: it is kept and used as the next baseline (one encoding per
 * handler that reads, not two).
 */
export class SessionCopy {
  private session: SessionData = {};
  private pending: PendingChange[] = [];
  private nextSeq = 1;
  private numbered = true;
  private inHandler = false;
  /** JSON text per top-level key when the running handler first read the session. */
  private baseline?: Map<string, string>;
  /** JSON text per top-level key of the session as the last handler left it, while still true. */
  private settled?: Map<string, string>;

  /**
   * An event is handed to the client's handler: forget the changes the Gateway had processed
   * (`sessionSeq`) and, with a fresh copy, put the remaining ones on top of it. Throws
   * GatewayWorkerError for an unreadable copy (the old one is kept).
   */
  beginEvent(fresh: Buffer | undefined, sessionSeq: number): void {
    this.inHandler = true;
    this.baseline = undefined;
    if (this.pending.length > 0 && (this.pending[0] as PendingChange).seq <= sessionSeq) {
      this.pending = this.pending.filter((change) => change.seq > sessionSeq);
    }
    if (fresh && fresh.length > 0) {
      this.settled = undefined;
      let session = parseSession(fresh);
      for (const change of this.pending) session = change.apply(session);
      this.session = session;
    }
  }

  /**
   * The handler is done; its changes were taken with takeChanges() just before (`changesTaken`), or
   * are dropped (onClose). Only in the first case does the encoding describe the copy as it is now.
   */
  endEvent(changesTaken = false): void {
    this.inHandler = false;
    // A handler that did not read the session could not change it: what was settled still is.
    if (!changesTaken) this.settled = undefined;
    else if (this.baseline) this.settled = this.baseline;
    this.baseline = undefined;
  }

  /** ctx.session. Throws GatewayWorkerError when the copy cannot be encoded. */
  read(): SessionData {
    if (this.inHandler && !this.baseline) {
      this.baseline = this.settled ?? encodeKeys(this.session);
      this.settled = undefined;
    }
    return this.session;
  }

  /** `ctx.session = value`. */
  replace(value: SessionData): void {
    this.read();
    this.session = value ?? {};
  }

  /**
   * The running handler's changes since it first read the session, numbered and recorded as
   * pending; undefined when there are none. A change that is not a JSON object, cannot be encoded
   * or is over the limits throws GatewayWorkerError, and the session is put back as it was.
   */
  takeChanges(): WriteBack | undefined {
    const baseline = this.baseline;
    if (!baseline) return undefined;
    let after: Map<string, string>;
    const set: string[] = [];
    let unset: string[];
    try {
      if (!isPlainObject(this.session))
        throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'ctx.session must be an object');
      after = encodeKeys(this.session);
      let depth = 1;
      for (const [key, text] of after) {
        if (baseline.get(key) === text) continue;
        set.push(`${JSON.stringify(key)}:${text}`);
        // Unchanged keys were within the limits already; only changed ones can be too deep.
        depth = Math.max(depth, 1 + jsonDepth(text));
      }
      unset = [...baseline.keys()].filter((key) => !after.has(key));
      if (set.length === 0 && unset.length === 0) {
        this.baseline = this.inHandler ? after : undefined;
        return undefined;
      }
      checkSessionLimits(byteLengthForLimit(after), depth);
    } catch (err) {
      this.session = decodeKeys(baseline);
      this.baseline = this.inHandler ? new Map(baseline) : undefined;
      throw err;
    }
    this.baseline = this.inHandler ? after : undefined;
    const json = `{${set.join(',')}}`;
    // The pending change keeps the JSON, not the objects: the handler may go on mutating those.
    const seq = this.number((s) => applyPatch(s, JSON.parse(json) as SessionData, unset));
    return { json: Buffer.from(json), unset, seq };
  }

  /**
   * setSession/updateSession by this worker for this client: applied to the copy in place (a
   * handler's reference to ctx.session stays the live session), numbered; returns the seq.
   * `json` is the checked encoding of the argument. Throws GatewayWorkerError when a merge would
   * make the session too large; nothing changes then.
   */
  applyOwn(op: 'replace' | 'merge', json: string): number {
    const apply = (s: SessionData): SessionData =>
      op === 'merge' ? deepMerge(s, JSON.parse(json) as SessionData) : (JSON.parse(json) as SessionData);
    this.settled = undefined;
    if (!isPlainObject(this.session)) this.session = {};
    const next = apply(this.session);
    if (op === 'merge') checkSessionLimits(Buffer.byteLength(encodeJson(next)), 0);
    for (const key of Object.keys(this.session)) delete this.session[key];
    Object.assign(this.session, next);
    // The handler's own earlier changes were taken before (takeChanges); what it changes after
    // this is compared with the new state.
    if (this.baseline) this.baseline = encodeKeys(this.session);
    return this.number(apply);
  }

  /**
   * The copy's stream is gone: later changes are sent unnumbered (seq 0). They are still kept as
   * pending, to be put on top of any fresh copy in the events that arrived before the break.
   */
  detach(): void {
    this.numbered = false;
  }

  private number(apply: (session: SessionData) => SessionData): number {
    const seq = this.nextSeq++;
    this.pending.push({ seq, apply });
    return this.numbered ? seq : 0;
  }
}

/** JSON text per top-level key; keys whose value JSON leaves out (undefined, functions) are absent. */
function encodeKeys(session: SessionData): Map<string, string> {
  const texts = new Map<string, string>();
  // Object.keys, not entries: no array per key (this runs once per handler that reads).
  for (const key of Object.keys(session)) {
    const text = encodeJson(session[key]) as string | undefined;
    if (text !== undefined) texts.set(key, text);
  }
  return texts;
}

function decodeKeys(texts: Map<string, string>): SessionData {
  const session: SessionData = {};
  for (const [key, text] of texts) session[key] = JSON.parse(text);
  return session;
}

/**
 * Bytes of the JSON object made of these keys, without building it. Exact when that could matter
 * for the limit; otherwise a bound from the UTF-16 lengths (a code unit is at most 3 UTF-8 bytes),
 * which saves measuring every key at every write-back.
 */
function byteLengthForLimit(texts: Map<string, string>): number {
  let units = 2;
  for (const [key, text] of texts) units += key.length * 6 + 2 + text.length + 2;
  if (units * 3 <= MAX_SESSION_BYTES) return units * 3;
  let bytes = texts.size === 0 ? 2 : 1;
  for (const [key, text] of texts)
    bytes += Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(text) + 2;
  return bytes;
}
