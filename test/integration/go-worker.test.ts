import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  describePolyglotWorker,
  literal,
  type StartOptions,
  type StartedWorker,
} from '../helpers/polyglot-suite';
import { eventually } from '../helpers/wait';

// The Go BusinessWorker (examples/go-worker) through the shared polyglot scenarios. Its binary is
// built by `bash examples/go-worker/setup.sh` (CI runs it before the tests).

/** The repository root: this file runs as dist/test/integration/go-worker.test.js. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BINARY = path.join(ROOT, 'examples', 'go-worker', 'bin', 'go-worker');
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
/** How much of the worker's stderr to keep for error messages. */
const STDERR_KEEP = 16 * 1024;

/** Starts the Go worker and resolves once it printed READY; resolves to a stop function. */
async function startGoWorker(
  register: string,
  index: number,
  options: StartOptions = {},
): Promise<StartedWorker> {
  const child = spawn(BINARY, ['-register', register, '-index', String(index)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATEWAYWORKER_SECRET_KEY: options.secretKey ?? '' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
    if (process.env.GO_WORKER_DEBUG) process.stderr.write(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave the worker behind if the test run dies.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  try {
    await waitForReady(child, () => stderr, options.untilStderr);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }

  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    logged: async (pattern, timeoutMs) => {
      await eventually(() => assert.match(stderr, pattern), timeoutMs);
    },
  };
}

/** Resolves on READY, or once stderr matches `untilStderr` when given. */
function waitForReady(child: ChildProcess, stderr: () => string, untilStderr?: RegExp): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string): void => {
      cleanup();
      reject(new Error(`go-worker ${why}; its stderr:\n${stderr()}`));
    };
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString();
      if (!untilStderr && stdout.includes('READY')) {
        cleanup();
        resolve();
      }
    };
    const onStderr = (): void => {
      if (!untilStderr?.test(stderr())) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited before READY (code ${code}, signal ${signal})`);
    const onError = (err: Error): void => fail(`could not be started: ${err.message}`);
    const awaited = untilStderr ? `no log line matching ${untilStderr}` : 'no READY';
    const timer = setTimeout(
      () => fail(`printed ${awaited} within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onStderr);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep reading, so that the worker never blocks on a full pipe.
      child.stdout?.resume();
    };
    child.stdout?.on('data', onData);
    if (untilStderr) child.stderr?.on('data', onStderr);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

const SETUP_HINT = 'run `bash examples/go-worker/setup.sh` to build it';

if (existsSync(BINARY)) {
  describePolyglotWorker('go', startGoWorker, {
    attachedVia: (routing, dial) =>
      new RegExp(`"attached to gateway" gateway=${literal(routing)} instance=\\S+ dial=${literal(dial)}`),
    streamLostLine: (address) => new RegExp(`"gateway stream lost" gateway=${literal(address)}`),
    droppedLine: (address, dropped) =>
      new RegExp(`"gateway restarted: [^"]*" gateway=${literal(address)} dropped=${dropped} `),
    lostLine: (address, clients) =>
      new RegExp(
        `"gateway lost: .*" gateway=${literal(address)} name=\\S+ instance=\\S+ clients=${clients}\\b`,
      ),
  });
  describe('go worker library (examples/go-worker/gatewayworker)', () => {
    it('passes its unit tests: queued commands after a Gateway restart, several Registers', async function () {
      this.timeout(120_000);
      const output = await new Promise<string>((resolve, reject) => {
        execFile(
          'go',
          ['test', './gatewayworker/'],
          { cwd: path.join(ROOT, 'examples', 'go-worker'), timeout: 110_000 },
          (err, stdout, stderr) =>
            err ? reject(new Error(`go test failed:\n${stdout}${stderr}`)) : resolve(stdout),
        );
      });
      assert.match(output, /^ok\s+\S+\/gatewayworker/m);
    });
  });
} else if (process.env.CI) {
  describe('go worker (examples/polyglot app)', () => {
    it('is built', () => {
      throw new Error(`${path.relative(ROOT, BINARY)} is missing: CI must ${SETUP_HINT}`);
    });
  });
} else {
  describe('go worker (examples/polyglot app)', () => {
    it(`is skipped: ${path.relative(ROOT, BINARY)} is missing (${SETUP_HINT})`, function () {
      this.skip();
    });
  });
}
