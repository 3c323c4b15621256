import { GatewayWorkerError } from '../errors';
import { nearestName } from './suggest';

/** Small checks for options objects; each throws GW_ERR_INVALID_OPTION naming the field. */
function fail(field: string, expected: string, value: unknown): never {
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_OPTION',
    `\`${field}\` must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
  );
}

export function checkNonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail(field, 'a non-empty string', value);
  return value;
}

export function checkNonNegativeInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    fail(field, 'an integer >= 0', value);
  return value;
}

export function checkPositiveInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    fail(field, 'a positive integer', value);
  return value;
}

/** "host:port" with a port from 0 to 65535; an IPv6 host goes in brackets. */
export function checkHostPort(field: string, value: unknown): string {
  if (typeof value !== 'string') fail(field, 'a "host:port" string', value);
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value);
  if (!match || Number(match[2]) > 65535) fail(field, 'a "host:port" string', value);
  return value;
}

/** One address or a non-empty list of them. */
export function checkHostPortList(field: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(field, 'a "host:port" string or a non-empty list of them', value);
  return list.map((item, i) => checkHostPort(Array.isArray(value) ? `${field}[${i}]` : field, item));
}

/** A string (sent as UTF-8) or bytes, as a Buffer. */
export function checkStringOrBuffer(field: string, value: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value);
  if (!Buffer.isBuffer(value)) fail(field, 'a string or a Buffer', value);
  return value;
}

/** A list of non-empty strings (possibly empty). */
export function checkStringList(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0))
    fail(field, 'a list of non-empty strings', value);
  return [...(value as string[])];
}

/** An absolute URL path such as "/ws" (no query). */
export function checkUrlPath(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\/[^\s?#]*$/.test(value)) fail(field, 'a path such as "/ws"', value);
  return value;
}

export function checkFunction(field: string, value: unknown): void {
  if (typeof value !== 'function') fail(field, 'a function', value);
}

/**
 * Rejects keys that are not options (a typo such as `listne` must not fall back to a default in
 * silence), naming the nearest known option, or listing them all when none is near.
 * `known` is typed Record<keyof Options, true> where it is declared, so the compiler keeps it complete.
 */
export function checkOptionNames(options: unknown, known: Record<string, true>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    fail('options', 'an object', options);
  const names = Object.keys(known);
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(known, key));
  if (unknown.length === 0) return;
  let guessedAll = true;
  const described = unknown.map((key) => {
    const nearest = nearestName(key, names);
    if (!nearest) guessedAll = false;
    return nearest ? `\`${key}\` (did you mean \`${nearest}\`?)` : `\`${key}\``;
  });
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_OPTION',
    `unknown option${unknown.length > 1 ? 's' : ''} ${described.join(', ')}` +
      (guessedAll ? '' : `; known options: ${names.join(', ')}`),
  );
}
