import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Where a start script's master keeps its state and log: <runDir>/<script>.{json,log}. */
export interface RunPaths {
  script: string;
  /** Base name of the files, shown in messages. */
  name: string;
  runDir: string;
  /** JSON: pid, control address and token of the running master. */
  stateFile: string;
  logFile: string;
  /** Role processes listen for their master on <socketPrefix><pid>.sock. */
  socketPrefix: string;
}

/** A unix socket path must fit in sun_path (108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;

/** `logFile` replaces <runDir>/<name>.log (runCli's `log.file`). */
export function runPaths(script: string, runDir?: string, name?: string, logFile?: string): RunPaths {
  const dir = (runDir ?? process.env.GATEWAYWORKER_RUN_DIR) || path.join(path.dirname(script), 'runtime');
  const base = name ?? path.basename(script).replace(/\.[cm]?[jt]s$/, '');
  return {
    script,
    name: base,
    runDir: dir,
    stateFile: path.join(dir, `${base}.json`),
    logFile: logFile ? path.resolve(logFile) : path.join(dir, `${base}.log`),
    socketPrefix: socketPrefix(dir, base),
  };
}

/** <runDir>/<name>-, or, where that makes too long a socket path, a name in the temporary directory. */
function socketPrefix(dir: string, base: string): string {
  const prefix = path.join(path.resolve(dir), `${base}-`);
  if (Buffer.byteLength(`${prefix}4194304.sock`) <= MAX_SOCKET_PATH) return prefix;
  const hash = createHash('sha256').update(prefix).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `gatewayworker-${hash}-`);
}
