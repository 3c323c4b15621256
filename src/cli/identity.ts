import { readFileSync } from 'node:fs';
import { isProcessId, signalProcess } from './signal';

/**
 * Telling our own processes from unrelated ones that got the same pid later. A pid in a state file
 * may belong to anything by now (the master died, the machine rebooted); on Linux a process's start
 * time (field 22 of /proc/<pid>/stat, in clock ticks since boot) never repeats for one pid, so
 * pid + start time names one process. Elsewhere only liveness can be checked.
 */
export interface ProcessInfo {
  /** Start time in clock ticks since boot; undefined where /proc is missing. */
  startTime?: string;
  /** A zombie has exited already; only its parent's wait() is missing. */
  zombie: boolean;
}

/** What /proc says about `pid`, or undefined when no such process runs. */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!isProcessId(pid)) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // No /proc (not Linux), or no such process.
    return isAlive(pid) && !hasProc() ? { zombie: false } : undefined;
  }
  // "pid (comm) state ...": comm may hold spaces and parentheses, so fields count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { startTime: fields[19], zombie: fields[0] === 'Z' };
}

/** The start time to record for a process we started (undefined where /proc is missing). */
export function startTimeOf(pid: number | undefined): string | undefined {
  return pid === undefined ? undefined : processInfo(pid)?.startTime;
}

/**
 * Whether `pid` is still the process recorded with `startTime`, and running. A record without a
 * start time is trusted only where /proc is missing (where it could not have been recorded).
 */
export function isSameProcess(pid: unknown, startTime: string | undefined): pid is number {
  if (!isProcessId(pid)) return false;
  const info = processInfo(pid);
  if (!info || info.zombie) return false;
  return startTime === undefined ? info.startTime === undefined : info.startTime === startTime;
}

/** Whether `pid` is a live process we may signal (a corrupt state file's 0 or -1 is not). */
export function isAlive(pid: unknown): boolean {
  try {
    return signalProcess(pid, 0);
  } catch {
    return false;
  }
}

function hasProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
