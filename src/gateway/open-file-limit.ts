import { readFileSync } from 'node:fs';

/** Descriptors a Gateway process keeps free beside its clients: gRPC mesh, logs, control socket. */
export const RESERVED_FILES = 256;

/** This process's soft limit on open files (Linux /proc/self/limits), undefined where unknown. */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The number of clients a Gateway process can really hold: `maxConnections`, lowered below the
 * open-file limit, so that a full process refuses new clients at accept instead of failing to open
 * anything else (EMFILE). `lowered` says whether the limit was the smaller one.
 */
export function connectionCap(
  maxConnections: number,
  fileLimit: number | undefined,
): { cap: number; lowered: boolean } {
  if (fileLimit === undefined) return { cap: maxConnections, lowered: false };
  const allowed = Math.max(1, fileLimit - RESERVED_FILES);
  return allowed < maxConnections ? { cap: allowed, lowered: true } : { cap: maxConnections, lowered: false };
}
