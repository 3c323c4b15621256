// What /proc says about the processes `npm run bench` measures: CPU time, resident memory, identity.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SEC = readClockTicks();
const PAGE_BYTES = readPageSize();

function readClockTicks(): number {
  const ticks = Number(execSync('getconf CLK_TCK').toString().trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
}

function readPageSize(): number {
  const bytes = Number(execSync('getconf PAGESIZE').toString().trim());
  return Number.isFinite(bytes) && bytes > 0 ? bytes : 4096;
}

/**
 * The fields of /proc/<pid>/stat after the command name, or undefined when the process is gone.
 * The name (field 2) may contain spaces, so fields are counted from its closing parenthesis: index 0
 * is field 3 (state), so field N is at index N - 3.
 */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

export interface ProcessCpu {
  /** utime + stime (fields 14, 15), seconds. */
  own: number;
  /** cutime + cstime (fields 16, 17): what its children that exited and were reaped used. */
  reapedChildren: number;
}

/** CPU seconds of a process, or undefined when it is gone. */
export function readCpu(pid: number): ProcessCpu | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  const ticks = (index: number): number => Number(fields[index - 3]);
  return {
    own: (ticks(14) + ticks(15)) / CLOCK_TICKS_PER_SEC,
    reapedChildren: (ticks(16) + ticks(17)) / CLOCK_TICKS_PER_SEC,
  };
}

/** Resident set size in bytes (statm's second field), or NaN when the process is gone. */
export function readRssBytes(pid: number): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * PAGE_BYTES;
  } catch {
    return NaN;
  }
}

/** Start time in clock ticks since boot (field 22): with the pid it names one process for good. */
export function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[22 - 3];
}

/** Whether `pid` is still the process that had `startTime` (a pid can be reused after an exit). */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  const fields = statFields(pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[22 - 3] === startTime;
}

/**
 * Everything a process tree has used so far, in CPU seconds: the processes alive now plus what the
 * root has reaped. A process that exits is reaped by its parent (the master for role processes), so
 * the total never goes back when a worker is replaced; the difference of two readings is the tree's
 * CPU time between them.
 */
export function treeCpuSeconds(rootPid: number, pids: readonly number[]): number {
  let total = readCpu(rootPid)?.reapedChildren ?? 0;
  for (const pid of new Set([rootPid, ...pids])) total += readCpu(pid)?.own ?? 0;
  return total;
}

/** CPU seconds the whole machine has been busy (all CPUs, /proc/stat), to tell how much others used. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0);
    return busy / CLOCK_TICKS_PER_SEC;
  } catch {
    return NaN;
  }
}

/**
 * The kernel's slab memory (/proc/meminfo `Slab`), in bytes: where sockets, their files and epoll
 * entries live, outside any process's RSS. Machine-wide, so other processes' activity shows too.
 */
export function kernelSlabBytes(): number {
  try {
    const match = /^Slab:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
