import { GatewayWorkerError } from './errors';

/**
 * Sessions are JSON objects, the same in every language. These pure functions are the one
 * definition of the three session operations, used by the Gateway (the owner of sessions) and by
 * workers (which apply their own changes to their copy).
 */
export type SessionData = Record<string, unknown>;

/**
 * What updateSession takes for sessions of type S: any part of S; objects are merged key by key,
 * arrays and other values replace.
 */
export type SessionChanges<S> = { [K in keyof S]?: ChangeOf<S[K]> };
type ChangeOf<V> = V extends readonly unknown[] ? V : V extends object ? SessionChanges<V> : V;

/** The largest session: bytes of its JSON text (UTF-8). Larger sessions would not fit the streams. */
export const MAX_SESSION_BYTES = 1024 * 1024;
/** The deepest nesting of objects and arrays in a session; the session object itself is level 1. */
export const MAX_SESSION_DEPTH = 64;

/** Nesting depth of JSON text (objects and arrays), found without parsing it. */
export function jsonDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Throws GW_ERR_INVALID_ARGUMENT when a session of `bytes` bytes or nested `depth` deep is over the limits. */
export function checkSessionLimits(bytes: number, depth: number): void {
  if (bytes > MAX_SESSION_BYTES) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_ARGUMENT',
      `session too large: ${bytes} bytes of JSON (limit ${MAX_SESSION_BYTES})`,
    );
  }
  if (depth > MAX_SESSION_DEPTH) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_ARGUMENT',
      `session nested too deep: ${depth} levels (limit ${MAX_SESSION_DEPTH})`,
    );
  }
}

export function isPlainObject(value: unknown): value is SessionData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses session JSON; throws GW_ERR_INVALID_ARGUMENT unless it is a JSON object within the limits
 * (checked before parsing, so that hostile input costs one pass over it).
 */
export function parseSession(json: Buffer | string): SessionData {
  const text = json.toString();
  checkSessionLimits(Buffer.isBuffer(json) ? json.length : Buffer.byteLength(text), jsonDepth(text));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session is not valid JSON', { cause: err });
  }
  if (!isPlainObject(value))
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session must be a JSON object');
  return value;
}

/**
 * JSON text of a session; throws GW_ERR_INVALID_ARGUMENT for values JSON cannot carry (cycles,
 * BigInt, nesting deeper than the stack) and for sessions over the limits.
 */
export function serializeSession(session: unknown): string {
  if (!isPlainObject(session))
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session must be a plain object');
  const json = encodeJson(session);
  checkSessionLimits(Buffer.byteLength(json), jsonDepth(json));
  return json;
}

/** JSON.stringify that throws GW_ERR_INVALID_ARGUMENT instead of TypeError/RangeError. */
export function encodeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session cannot be encoded as JSON', {
      cause: err,
    });
  }
}

/** updateSession: objects merge key by key, recursively; any other value (arrays included) replaces. */
export function deepMerge(target: SessionData, changes: SessionData): SessionData {
  const result: SessionData = { ...target };
  for (const [key, value] of Object.entries(changes)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

/** A handler's write-back: top-level keys set, others deleted. */
export function applyPatch(target: SessionData, set: SessionData, unsetKeys: readonly string[]): SessionData {
  const result: SessionData = { ...target, ...set };
  for (const key of unsetKeys) delete result[key];
  return result;
}
