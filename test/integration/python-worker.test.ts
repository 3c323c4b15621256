import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { strict as assert } from 'node:assert';
import {
  describePolyglotWorker,
  literal,
  type StartOptions,
  type StartedWorker,
} from '../helpers/polyglot-suite';
import { eventually } from '../helpers/wait';

// The Python worker of examples/python-worker through the shared polyglot scenarios. It runs as a
// child process from the venv that `bash examples/python-worker/setup.sh` makes (CI runs it).

/** The repo root: this file runs as dist/test/integration/python-worker.test.js. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKER_DIR = path.join(ROOT, 'examples', 'python-worker');
const PYTHON = path.join(WORKER_DIR, '.venv', 'bin', 'python');
const APP = path.join(WORKER_DIR, 'app.py');
const STUBS = path.join(WORKER_DIR, 'gen', 'gatewayworker', 'v1', 'gateway_pb2_grpc.py');
const READY_TIMEOUT_MS = 20_000;
const KILL_AFTER_MS = 5_000;
const SETUP_HINT = 'run `bash examples/python-worker/setup.sh` first';

/** Workers still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Spawns app.py and resolves once it prints READY; rejects with its stderr if it exits or hangs. */
async function startPythonWorker(
  register: string,
  index: number,
  options: StartOptions = {},
): Promise<StartedWorker> {
  const child = spawn(PYTHON, [APP, '--register', register, '--index', String(index)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', GATEWAYWORKER_SECRET_KEY: options.secretKey ?? '' },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Keep only the end of stderr, for error messages; keep reading both pipes so that the child
  // never blocks on a full pipe.
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const lines = createInterface({ input: child.stdout! });

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string): void => {
        cleanup();
        reject(new Error(`python worker ${why}; its stderr:\n${stderr}`));
      };
      const onLine = (line: string): void => {
        if (options.untilStderr || !line.includes('READY')) return;
        cleanup();
        resolve();
      };
      const onStderr = (): void => {
        if (!options.untilStderr?.test(stderr)) return;
        cleanup();
        resolve();
      };
      const onExit = (code: number | null, signal: string | null): void =>
        fail(`exited before READY (code ${code}, signal ${signal})`);
      const onError = (err: Error): void => fail(`could not start: ${err.message}`);
      const awaited = options.untilStderr ? `no log line matching ${options.untilStderr}` : 'no READY';
      const timer = setTimeout(
        () => fail(`printed ${awaited} within ${READY_TIMEOUT_MS} ms`),
        READY_TIMEOUT_MS,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        lines.off('line', onLine);
        child.stderr?.off('data', onStderr);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      lines.on('line', onLine);
      if (options.untilStderr) child.stderr?.on('data', onStderr);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  } catch (err) {
    await stopWorker(child);
    throw err;
  }
  return {
    stop: async () => {
      await stopWorker(child);
      // A worker that did not stop cleanly says why on stderr: show it with the test output.
      if (child.exitCode !== 0) console.error(`python worker exited abnormally; its stderr:\n${stderr}`);
    },
    logged: async (pattern, timeoutMs) => {
      await eventually(() => assert.match(stderr, pattern), timeoutMs);
    },
  };
}

/** SIGTERM (a graceful drain), then SIGKILL if the worker has not exited after KILL_AFTER_MS. */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  await exited;
  clearTimeout(timer);
}

if (existsSync(PYTHON) && existsSync(STUBS)) {
  describePolyglotWorker('python', startPythonWorker, {
    attachedVia: (routing, dial) =>
      new RegExp(`attached to gateway ${literal(routing)} \\(instance [^)]+\\) via ${literal(dial)}`),
  });
  describe('python worker library (examples/python-worker/tests)', () => {
    it('passes its unit tests: queued commands after a Gateway restart, several Registers', async function () {
      this.timeout(60_000);
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          PYTHON,
          ['-m', 'unittest', 'discover', '-s', 'tests'],
          { cwd: WORKER_DIR, timeout: 50_000 },
          (err, stdout, stderr) => (err ? reject(new Error(`unittest failed:\n${stderr}`)) : resolve(stderr)),
        );
      });
      assert.match(output, /Ran [1-9]\d* tests?[\s\S]*\bOK\b/);
    });
  });
} else if (process.env.CI) {
  describe('python worker (examples/polyglot app)', () => {
    it('has its venv and generated stubs', () => {
      throw new Error(`examples/python-worker/.venv or gen/ is missing: ${SETUP_HINT}`);
    });
  });
} else {
  describe('python worker (examples/polyglot app)', () => {
    it(`skipped: no examples/python-worker/.venv; ${SETUP_HINT}`, function () {
      this.skip();
    });
  });
}
