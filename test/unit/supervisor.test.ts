import { strict as assert } from 'node:assert';
import type { Worker as ChildProcess } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { mock } from 'node:test';
import { Supervisor } from '../../src/cli/supervisor';
import type { ChildMessage, MasterMessage } from '../../src/cli/ipc';
import { BusinessWorker, Register } from '../../src/index';
import { MemoryLogger } from '../helpers/logs';

/** A child process as the supervisor sees it; `behaviour` says how it answers. */
class FakeChild extends EventEmitter {
  dead = false;
  readonly signals: string[] = [];
  readonly process: { pid: number; kill(signal: string): boolean };

  constructor(
    pid: number,
    private readonly behaviour: { ready: boolean; obeysShutdown: boolean },
  ) {
    super();
    this.process = {
      pid,
      kill: (signal: string) => {
        this.signals.push(signal);
        if (signal === 'SIGKILL') this.exit(null, 'SIGKILL');
        return true;
      },
    };
    if (behaviour.ready)
      process.nextTick(() => this.emit('message', { t: 'ready', listen: 'x' } as ChildMessage));
  }

  isDead(): boolean {
    return this.dead;
  }

  isConnected(): boolean {
    return !this.dead;
  }

  send(message: MasterMessage): boolean {
    if (message.t === 'shutdown' && this.behaviour.obeysShutdown) process.nextTick(() => this.exit(0, null));
    return true;
  }

  exit(code: number | null, signal: string | null): void {
    if (this.dead) return;
    this.dead = true;
    this.emit('exit', code, signal);
  }
}

/** Lets the supervisor's promise callbacks and nextTicks run (the clock stays where it is). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => process.nextTick(resolve));
};

describe('Supervisor (fake children, fake clock)', () => {
  const logger = new MemoryLogger();
  let forked: FakeChild[];
  let behaviour: { ready: boolean; obeysShutdown: boolean };
  const fork = (): ChildProcess => {
    const child = new FakeChild(1000 + forked.length, behaviour);
    forked.push(child);
    return child as unknown as ChildProcess;
  };
  const worker = new BusinessWorker({ events: {}, register: '127.0.0.1:1', logger });

  beforeEach(() => {
    forked = [];
    logger.lines.length = 0;
    behaviour = { ready: true, obeysShutdown: true };
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  });
  afterEach(() => mock.timers.reset());

  it('SIGKILLs a child that ignores shutdown, exactly when stopTimeoutMs has passed', async () => {
    behaviour.obeysShutdown = false;
    const supervisor = new Supervisor([worker], { logger, stopTimeoutMs: 3000, readyTimeoutMs: 100, fork });
    await supervisor.start();
    const stopped = supervisor.stop();
    await settle();
    mock.timers.tick(2999);
    await settle();
    assert.deepEqual(forked[0]!.signals, [], 'not before the timeout');
    mock.timers.tick(1);
    await stopped;
    assert.deepEqual(forked[0]!.signals, ['SIGKILL']);
    assert.ok(logger.has(/BusinessWorker:0 \(pid 1000\) did not stop in time: SIGKILL/));
  });

  it('a child that obeys shutdown is never killed', async () => {
    const supervisor = new Supervisor([worker], { logger, stopTimeoutMs: 3000, readyTimeoutMs: 100, fork });
    await supervisor.start();
    await supervisor.stop();
    mock.timers.tick(10_000);
    assert.deepEqual(forked[0]!.signals, []);
  });

  it('restarts a crashing child after a backoff that doubles, and resets after a long run', async () => {
    const supervisor = new Supervisor([worker], { logger, stopTimeoutMs: 3000, readyTimeoutMs: 100, fork });
    await supervisor.start();
    const delays: number[] = [];
    for (let crash = 0; crash < 4; crash++) {
      forked.at(-1)!.exit(1, null);
      const line = logger.lines.at(-1) ?? '';
      const delay = Number(/restarting in (\d+) ms/.exec(line)?.[1]);
      delays.push(delay);
      const before = forked.length;
      mock.timers.tick(delay - 1);
      assert.equal(forked.length, before, `no restart before ${delay} ms`);
      mock.timers.tick(1);
      assert.equal(forked.length, before + 1, `restarted at ${delay} ms`);
      await settle();
    }
    // Backoff(200, 5000) with jitter: each delay is 50-100 % of 200, 400, 800, 1600 ms.
    delays.forEach((delay, i) => {
      const ceiling = 200 * 2 ** i;
      assert.ok(delay >= ceiling / 2 && delay <= ceiling, `delay ${i}: ${delay} ms within ${ceiling}`);
    });
    // A child that ran for more than 10 s gets a fast restart again.
    mock.timers.tick(10_001);
    forked.at(-1)!.exit(1, null);
    const delay = Number(/restarting in (\d+) ms/.exec(logger.lines.at(-1) ?? '')?.[1]);
    assert.ok(delay <= 200, `after a long run: ${delay} ms`);
    await supervisor.stop();
  });

  it('status lists a process that is down with pid null, never 0', async () => {
    const register = new Register({ listen: '127.0.0.1:0', logger });
    const supervisor = new Supervisor([register, worker], {
      logger,
      stopTimeoutMs: 3000,
      readyTimeoutMs: 100,
      fork,
    });
    assert.deepEqual(await supervisor.status(), [
      { kind: 'register', name: 'Register', index: 0, pid: null, state: 'down' },
      { kind: 'worker', name: 'BusinessWorker', index: 0, pid: null, state: 'down' },
    ]);
  });
});
