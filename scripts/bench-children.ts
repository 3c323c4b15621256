// Every process `npm run bench` starts, so that all of them are stopped by pid: at the end, on errors,
// on Ctrl-C and past the time budget. Role processes of a runCli deployment are not our children
// (the master spawns them detached), so they are tracked by pid and start time, as the state file lists them.
import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { isSameProcess } from './bench-proc';

const STOP_GRACE_MS = 5000;

/** Our children that have not exited yet. */
const children = new Set<ChildProcess>();
/** Processes started by our children (detached role processes): pid -> start time. */
const adopted = new Map<number, string | undefined>();
/** Set once everything is being stopped: nothing new may start after that. */
let aborting = false;

export function isAborting(): boolean {
  return aborting;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child has exited, false after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Starts a node child (stdout and stderr piped) and tracks it until it exits. */
export function spawnNode(
  args: string[],
  env: Record<string, string>,
  options: { ipc?: boolean } = {},
): ChildProcess {
  if (aborting) throw new Error('aborting: not starting another process');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  // Without a listener a failed spawn's 'error' event would crash the driver.
  child.on('error', (err) => console.error(`bench: child ${args[0]}: ${err.message}`));
  if (child.pid === undefined) throw new Error(`could not start ${args[0]}`);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if still alive after `graceMs`. Returns what happened, for the log. */
export async function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<string> {
  if (hasExited(child)) return `had exited (code ${child.exitCode}, signal ${child.signalCode})`;
  const startMs = performance.now();
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) {
    return `stopped ${Math.round(performance.now() - startMs)} ms after SIGTERM (code ${child.exitCode})`;
  }
  child.kill('SIGKILL');
  await waitForExit(child, 1000);
  return `still running ${graceMs} ms after SIGTERM: killed with SIGKILL`;
}

/** Remembers a process one of our children started, to be stopped if it outlives its parent. */
export function adopt(pid: number, startTime: string | undefined): void {
  adopted.set(pid, startTime);
}

/**
 * SIGTERM, then SIGKILL, to the adopted processes still running (only `only` when given: one
 * deployment's, as others may be running); returns how many there were.
 */
export async function stopAdopted(graceMs = STOP_GRACE_MS, only?: ReadonlySet<number>): Promise<number> {
  const mine = [...adopted].filter(([pid]) => !only || only.has(pid));
  const alive = (): number[] => mine.filter(([pid, t]) => isSameProcess(pid, t)).map(([pid]) => pid);
  const left = alive();
  const signal = (pids: number[], name: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // gone meanwhile
      }
    }
  };
  signal(left, 'SIGTERM');
  const deadline = performance.now() + graceMs;
  while (alive().length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  signal(alive(), 'SIGKILL');
  for (const [pid] of mine) adopted.delete(pid);
  return left.length;
}

/** Stops every child, then whatever they left; for errors, Ctrl-C and the time budget. */
export async function stopEverything(): Promise<void> {
  aborting = true;
  await Promise.all([...children].map((child) => stopChild(child)));
  const left = await stopAdopted();
  if (left > 0) console.error(`bench: stopped ${left} role process(es) their master had left`);
}

export function childCount(): number {
  return children.size;
}

/** Calls `onLine` for each line of a child's output; the pipe must be read or the child would block. */
export function onLines(input: NodeJS.ReadableStream, onLine: (line: string) => void): Promise<void> {
  const reader = readline.createInterface({ input });
  reader.on('line', onLine);
  return new Promise((resolve) => reader.once('close', resolve));
}

/** Runs a node command to its end (bounded); resolves with its exit code and output. */
export async function runNode(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnNode(args, env);
  const out: string[] = [];
  const err: string[] = [];
  const closed = Promise.all([
    onLines(child.stdout!, (l) => out.push(l)),
    onLines(child.stderr!, (l) => err.push(l)),
  ]);
  if (!(await waitForExit(child, timeoutMs))) {
    err.push(`timed out after ${timeoutMs} ms: ${await stopChild(child)}`);
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
  return { code: child.exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}
