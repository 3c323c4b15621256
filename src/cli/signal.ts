/**
 * process.kill for exactly one process. pid 0 signals the caller's own process group and a negative
 * pid a whole group, so a pid read from a file or a status row that says "down" (0, null) must never
 * reach process.kill: it is refused with an error instead.
 */
export function isProcessId(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0;
}

/** Sends `signal` (0: only checks) to process `pid`; false when no such process exists. */
export function signalProcess(pid: unknown, signal: NodeJS.Signals | 0): boolean {
  if (!isProcessId(pid))
    throw new RangeError(`refusing to signal pid ${String(pid)}: not the id of a single process`);
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}
