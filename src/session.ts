import { GatewayWorkerError } from './errors';

/**
 * Sessions are JSON objects, the same in every language. These pure functions are the one
 * definition of the three session operations, used by the Gateway (the owner of sessions) and by
 * workers (which apply their own changes to their copy).
 */
export type SessionData = Record<string, unknown>;

export function isPlainObject(value: unknown): value is SessionData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses session JSON; throws GW_ERR_INVALID_ARGUMENT unless it is a JSON object. */
export function parseSession(json: Buffer | string): SessionData {
  let value: unknown;
  try {
    value = JSON.parse(json.toString());
  } catch (err) {
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session is not valid JSON', { cause: err });
  }
  if (!isPlainObject(value))
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session must be a JSON object');
  return value;
}

/** JSON text of a session; throws GW_ERR_INVALID_ARGUMENT for values JSON cannot carry (cycles, BigInt). */
export function serializeSession(session: unknown): string {
  if (!isPlainObject(session))
    throw new GatewayWorkerError('GW_ERR_INVALID_ARGUMENT', 'session must be a plain object');
  try {
    return JSON.stringify(session);
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

/** The top-level difference between two sessions, as JSON text per changed key. */
export function diffSessions(
  before: ReadonlyMap<string, string>,
  after: SessionData,
): { set: SessionData; unset: string[]; changed: boolean } {
  const set: SessionData = {};
  const unset: string[] = [];
  let changed = false;
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (before.get(key) !== JSON.stringify(value)) {
      set[key] = value;
      changed = true;
    }
  }
  for (const key of before.keys()) {
    if (after[key] === undefined) {
      unset.push(key);
      changed = true;
    }
  }
  return { set, unset, changed };
}

/** Per-key JSON text of a session, to diff against after a handler ran. */
export function snapshotSession(session: SessionData): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const [key, value] of Object.entries(session)) {
    if (value !== undefined) snapshot.set(key, JSON.stringify(value));
  }
  return snapshot;
}
