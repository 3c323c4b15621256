import { closeSync, fstatSync, openSync } from 'node:fs';
import { describeError, type Logger } from '../logger';

/**
 * The log file of a daemon's processes. The master, every role process and every process they
 * start have it as stdout and stderr (fds 1 and 2, inherited), and the path in this variable.
 */
export const LOG_FILE_ENV = 'GATEWAYWORKER_LOG_FILE';

/**
 * Reopens the log file (after logrotate moved it): asks the master, which reopens its own and
 * sends the signal on to every role process. Not SIGUSR1/SIGUSR2 (reload, as in Workerman) nor
 * SIGHUP (certificates, or stop); a process that gets it before it handles it ignores it (the
 * default action of SIGWINCH), and no terminal sends it to a daemon.
 */
export const REOPEN_SIGNAL = 'SIGWINCH';

function isFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * Points this process's stdout and stderr at `file` again (O_APPEND; created if gone): whatever
 * writes to fd 1 or 2 (our logger, console.log in user code, Node's own crash report) and every
 * process started from now on (it inherits them) writes to the new file. Node cannot dup2, so it
 * closes the fd and opens the file, which takes the lowest free number (the closed one). Only fds
 * that are files are touched (a terminal or a pipe is not ours to replace). Throws when the file
 * cannot be opened, with both fds unchanged.
 */
export function reopenStdio(file: string): number[] {
  const targets = [1, 2].filter(isFile);
  if (targets.length === 0) return [];
  // Opened first so that a failure (a removed directory, permissions) leaves the old fds in place.
  const probe = openSync(file, 'a', 0o640);
  try {
    for (const target of targets) {
      closeSync(target);
      const fd = openSync(file, 'a', 0o640);
      // Only when another thread opened something in between (never seen; here to be safe).
      if (fd !== target) {
        closeSync(fd);
        throw new Error(`fd ${target} was taken while the log file was reopened`);
      }
    }
  } finally {
    closeSync(probe);
  }
  return targets;
}

/**
 * Reopens this process's log file, when it writes to one, and says so in the new file. Returns the
 * file, or undefined for a process in the foreground (a terminal or a pipe: nothing to reopen).
 */
export function reopenLogFile(log: Logger): string | undefined {
  const file = process.env[LOG_FILE_ENV];
  if (!file || reopenStdio(file).length === 0) return undefined;
  log.info(`log file reopened: ${file}`);
  return file;
}

/** On REOPEN_SIGNAL, reopenLogFile, then `after` (the master passes the signal on); a failure is logged. */
export function reopenOnSignal(log: Logger, after?: () => void): void {
  process.on(REOPEN_SIGNAL, () => {
    try {
      if (reopenLogFile(log) !== undefined) after?.();
    } catch (err) {
      log.error(`could not reopen the log file, still writing to the old one: ${describeError(err)}`);
    }
  });
}
