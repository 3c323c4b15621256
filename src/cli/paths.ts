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
}

export function runPaths(script: string, runDir?: string, name?: string): RunPaths {
  const dir = (runDir ?? process.env.GATEWAYWORKER_RUN_DIR) || path.join(path.dirname(script), 'runtime');
  const base = name ?? path.basename(script).replace(/\.[cm]?[jt]s$/, '');
  return {
    script,
    name: base,
    runDir: dir,
    stateFile: path.join(dir, `${base}.json`),
    logFile: path.join(dir, `${base}.log`),
  };
}
