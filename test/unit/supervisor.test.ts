import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { mock } from 'node:test';
import { briefError, STABLE_MS, Supervisor } from '../../src/cli/supervisor';
import type { CertificateReload, ChildMessage, MasterMessage } from '../../src/cli/ipc';
import type { RoleChild as ChildProcess } from '../../src/cli/role-process';
import { BusinessWorker, Gateway, Register } from '../../src/index';
import { MemoryLogger } from '../helpers/logs';

interface Behaviour {
  ready: boolean;
  obeysShutdown: boolean;
  /** Reports this error instead of READY (as child.ts does when role.start() throws). */
  fails?: string;
  /** The answer to reload-certificates; 'silent' never answers. @default { tls: true } */
  certificates?: CertificateReload | 'silent';
}

/** A child process as the supervisor sees it; `behaviour` says how it answers. */
class FakeChild extends EventEmitter {
  dead = false;
  readonly signals: string[] = [];
  readonly received: string[] = [];
  readonly process: { pid: number; kill(signal: string): boolean };

  constructor(
    pid: number,
    private readonly behaviour: Behaviour,
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
    const { fails } = behaviour;
    if (fails !== undefined)
      process.nextTick(() => this.emit('message', { t: 'failed', error: fails } as ChildMessage));
    else if (behaviour.ready)
      process.nextTick(() => this.emit('message', { t: 'ready', listen: 'x' } as ChildMessage));
  }

  isDead(): boolean {
    return this.dead;
  }

  isConnected(): boolean {
    return !this.dead;
  }

  send(message: MasterMessage): boolean {
    this.received.push(message.t);
    if (message.t === 'shutdown' && this.behaviour.obeysShutdown) process.nextTick(() => this.exit(0, null));
    const { certificates = { tls: true } } = this.behaviour;
    if (message.t === 'reload-certificates' && certificates !== 'silent')
      process.nextTick(() =>
        this.emit('message', { t: 'reload-certificates', id: message.id, result: certificates }),
      );
    if (message.t === 'stats') {
      const stats = { kind: 'worker', name: 'BusinessWorker', index: 0, pid: this.process.pid };
      const figures = { rssBytes: 1, connections: 0, messages: 0, uptimeMs: 0, listen: 'none' };
      process.nextTick(() =>
        this.emit('message', { t: 'stats', id: message.id, stats: { ...stats, ...figures } }),
      );
    }
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
  let behaviour: Behaviour;
  /** Behaviours of the next children, in fork order; then `behaviour`. */
  let plan: Behaviour[];
  const fork = (): ChildProcess => {
    const child = new FakeChild(1000 + forked.length, plan.shift() ?? behaviour);
    forked.push(child);
    return child as unknown as ChildProcess;
  };
  const worker = new BusinessWorker({ events: {}, register: '127.0.0.1:1', logger });

  beforeEach(() => {
    forked = [];
    logger.lines.length = 0;
    behaviour = { ready: true, obeysShutdown: true };
    plan = [];
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

  it('reloadCertificates asks every Gateway process: lists those with TLS, their errors, and silence after 10 s', async () => {
    const gateway = new Gateway({ processes: 4, register: '127.0.0.1:1', logger });
    const answers: Behaviour['certificates'][] = [
      { tls: true },
      { tls: true, error: '`tls.key` is not a PEM file' },
      'silent',
      { tls: false },
    ];
    plan = answers.map((certificates) => ({ ready: true, obeysShutdown: true, certificates }));
    const supervisor = new Supervisor([gateway, worker], {
      logger,
      stopTimeoutMs: 3000,
      readyTimeoutMs: 100,
      fork,
    });
    await supervisor.start();
    const reloaded = supervisor.reloadCertificates();
    await settle();
    mock.timers.tick(9999);
    await settle();
    let done = false;
    void reloaded.then(() => (done = true));
    await settle();
    assert.equal(done, false, 'waits for the silent one');
    mock.timers.tick(1);
    assert.deepEqual(await reloaded, [
      { slot: 'Gateway:0', pid: 1000 },
      { slot: 'Gateway:1', pid: 1001, error: '`tls.key` is not a PEM file' },
      { slot: 'Gateway:2', pid: 1002, error: 'no answer within 10 s' },
    ]);
    assert.ok(!forked[4]!.received.includes('reload-certificates'), 'workers are not asked');
    await supervisor.stop();
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
      { kind: 'register', name: 'Register', index: 0, pid: null, state: 'down', restarts: 0 },
      { kind: 'worker', name: 'BusinessWorker', index: 0, pid: null, state: 'down', restarts: 0 },
    ]);
  });
  const options = { logger, stopTimeoutMs: 3000, readyTimeoutMs: 100, fork };
  const BROKEN = [
    'Error: broken at load',
    '    at Object.<anonymous> (/app/events.js:1:7)',
    '    at Module._compile (node:internal/modules/cjs/loader:1521:14)',
  ].join('\n');

  it('start fails at the first process that reports an error, with that error, and restarts nothing', async () => {
    const register = new Register({ listen: '127.0.0.1:0', logger });
    const workers = new BusinessWorker({ events: {}, register: '127.0.0.1:1', logger, processes: 2 });
    // The Register is ready, worker 0 fails, worker 1 never answers.
    plan = [
      behaviour,
      { ready: false, obeysShutdown: true, fails: BROKEN },
      { ready: false, obeysShutdown: true },
    ];
    const supervisor = new Supervisor([register, workers], options);
    await assert.rejects(supervisor.start(), {
      // node's own frames are left to the log; the first frame of the app stays.
      message:
        'BusinessWorker:0 (pid 1001) could not start: Error: broken at load\n    at Object.<anonymous> (/app/events.js:1:7)',
    });
    assert.ok(forked[1]!.received.includes('shutdown'), 'the failed process is stopped');
    mock.timers.tick(60_000);
    await settle();
    assert.equal(forked.length, 3, 'nothing is restarted during start');
    assert.ok(!logger.has(/restarting/));
    await supervisor.stop();
    assert.ok(
      forked.every((child) => child.dead),
      'stop() ends every process that was started',
    );
  });

  it('start fails when a process is not ready within readyTimeoutMs, not before', async () => {
    behaviour = { ready: false, obeysShutdown: true };
    const supervisor = new Supervisor([worker], options);
    const failures: Error[] = [];
    const started = supervisor.start().catch((err: Error) => failures.push(err));
    await settle();
    mock.timers.tick(99);
    await settle();
    assert.equal(failures.length, 0);
    mock.timers.tick(1);
    await started;
    assert.deepEqual(
      failures.map((err) => err.message),
      ['BusinessWorker:0 (pid 1000) could not start: not ready after 100 ms'],
    );
    await supervisor.stop();
  });

  it('start fails when a process that was ready exits while the next roles start', async () => {
    const register = new Register({ listen: '127.0.0.1:0', logger });
    plan = [behaviour, { ready: false, obeysShutdown: true }];
    const supervisor = new Supervisor([register, worker], options);
    const started = supervisor.start();
    await settle();
    assert.equal(forked.length, 2, 'the worker is starting');
    forked[0]!.exit(1, null);
    forked[1]!.emit('message', { t: 'ready', listen: 'none' } satisfies ChildMessage);
    await assert.rejects(started, {
      message: 'Register:0 was ready, then exited with code 1 during the start',
    });
    assert.equal(forked.length, 2, 'not restarted');
    await supervisor.stop();
  });

  it('status shows a starting process as starting, and does not ask it for figures', async () => {
    behaviour = { ready: false, obeysShutdown: true };
    const supervisor = new Supervisor([worker], options);
    const started = supervisor.start().catch(() => undefined);
    await settle();
    assert.deepEqual(await supervisor.status(), [
      { kind: 'worker', name: 'BusinessWorker', index: 0, pid: 1000, state: 'starting', restarts: 0 },
    ]);
    assert.deepEqual(forked[0]!.received, []);
    mock.timers.tick(100);
    await started;
    await supervisor.stop();
  });

  it('status shows a crash loop as crash-looping with its restarts and error, until a process has run 10 s', async () => {
    const supervisor = new Supervisor([worker], options);
    await supervisor.start();
    const row = { kind: 'worker', name: 'BusinessWorker', index: 0 };
    // New code on disk that fails, then the running process crashes.
    behaviour = { ready: false, obeysShutdown: true, fails: 'Error: still broken' };
    forked[0]!.exit(1, null);
    assert.deepEqual(await supervisor.status(), [
      { ...row, pid: null, state: 'restarting', restarts: 0, lastFailure: 'exited with code 1' },
    ]);
    const restartOnce = async (): Promise<void> => {
      const delay = Number(
        /restarting in (\d+) ms/.exec(logger.lines.findLast((l) => /restarting/.test(l)) ?? '')?.[1],
      );
      mock.timers.tick(delay);
      await settle();
    };
    await restartOnce(); // fork #2 fails: the second quick exit in a row
    assert.ok(logger.has(/BusinessWorker:0 \(pid 1001\) could not start: Error: still broken/));
    assert.ok(logger.has(/exited with code 0; restarting in \d+ ms \(2 quick exits in a row\)/));
    assert.deepEqual(await supervisor.status(), [
      { ...row, pid: null, state: 'crash-looping', restarts: 1, lastFailure: 'Error: still broken' },
    ]);
    await restartOnce(); // fork #3 fails too
    behaviour = { ready: true, obeysShutdown: true };
    await restartOnce(); // fork #4: fixed code, ready
    assert.equal(forked.length, 4);
    const [looping] = await supervisor.status();
    assert.equal(looping?.state, 'crash-looping', 'ready, but not yet for 10 s');
    assert.equal(looping?.restarts, 3);
    assert.equal(looping?.pid, 1003);
    mock.timers.tick(STABLE_MS);
    const [ok] = await supervisor.status();
    assert.equal(ok?.state, 'ok');
    assert.equal(ok?.pid, 1003);
    assert.equal(ok?.restarts, 3);
    await supervisor.stop();
  });

  it('a reload whose new process fails keeps the old one, says why, and logs no restart', async () => {
    const supervisor = new Supervisor([worker], options);
    await supervisor.start();
    plan = [{ ready: false, obeysShutdown: true, fails: BROKEN }];
    await assert.rejects(supervisor.reload(), {
      message: [
        'reload stopped: BusinessWorker:0 (pid 1001) could not start: Error: broken at load',
        '    at Object.<anonymous> (/app/events.js:1:7)',
        'the old process (pid 1000) keeps serving',
      ].join('\n'),
    });
    assert.ok(forked[1]!.dead, 'the new process is stopped');
    assert.ok(!forked[0]!.dead && !forked[0]!.received.includes('shutdown'), 'the old one is untouched');
    mock.timers.tick(60_000);
    await settle();
    assert.equal(forked.length, 2, 'nothing is restarted');
    assert.ok(!logger.has(/restarting/), logger.lines.join('\n'));
    const [row] = await supervisor.status();
    assert.equal(row?.state, 'ok');
    assert.equal(row?.pid, 1000);
    await supervisor.stop();
  });
  it('a reload stops the process that replaced a crashed one meanwhile, leaving no stray process', async () => {
    const supervisor = new Supervisor([worker], { ...options, readyTimeoutMs: 10_000 });
    await supervisor.start();
    plan = [{ ready: false, obeysShutdown: true }]; // the reload's new process, ready when told
    const reloaded = supervisor.reload();
    await settle();
    forked[0]!.exit(1, null); // the old process crashes while the reload waits
    const delay = Number(/restarting in (\d+) ms/.exec(logger.lines.at(-1) ?? '')?.[1]);
    mock.timers.tick(delay);
    await settle();
    assert.equal(forked.length, 3, 'the crashed process was restarted');
    forked[1]!.emit('message', { t: 'ready', listen: 'none' } satisfies ChildMessage);
    const [result] = await reloaded;
    assert.deepEqual([result?.oldPid, result?.newPid], [1000, 1001]);
    assert.ok(forked[2]!.dead, 'the restarted process is stopped');
    const [row] = await supervisor.status();
    assert.deepEqual([row?.pid, row?.state], [1001, 'ok']);
    await supervisor.stop();
  });

  it('start takes over the ready processes of a dead master: no new process for their slots, extras stopped', async () => {
    const workers = new BusinessWorker({ events: {}, register: '127.0.0.1:1', logger, processes: 2 });
    const ready: Behaviour = { ready: true, obeysShutdown: true };
    const adopted = {
      first: new FakeChild(500, ready),
      second: new FakeChild(501, ready),
      duplicate: new FakeChild(502, ready),
      stranger: new FakeChild(503, ready),
    };
    const supervisor = new Supervisor([workers], { logger, stopTimeoutMs: 3000, readyTimeoutMs: 100, fork });
    await supervisor.start([
      { slot: '0:0', child: adopted.first as unknown as ChildProcess },
      { slot: '0:1', child: adopted.second as unknown as ChildProcess },
      { slot: '0:1', child: adopted.duplicate as unknown as ChildProcess },
      { slot: '7:0', child: adopted.stranger as unknown as ChildProcess },
    ]);
    assert.equal(forked.length, 0, 'nothing new was started');
    assert.deepEqual(
      (await supervisor.status()).map((row) => [row.pid, row.state]),
      [
        [500, 'ok'],
        [501, 'ok'],
      ],
    );
    assert.deepEqual(adopted.duplicate.received, ['shutdown'], 'a second process for a slot is stopped');
    assert.deepEqual(
      adopted.stranger.signals,
      ['SIGTERM'],
      'one of a slot the script has no more is stopped',
    );
    assert.deepEqual(
      supervisor.processes().map((p) => [p.slot, p.child.process.pid]),
      [
        ['0:0', 500],
        ['0:1', 501],
      ],
    );

    // An adopted process that dies is replaced like any other.
    adopted.second.exit(null, 'SIGKILL');
    mock.timers.tick(5000);
    await settle();
    assert.equal(forked.length, 1);
    assert.deepEqual(
      (await supervisor.status()).map((row) => row.pid),
      [500, 1000],
    );
  });

  it('start stops an adopted process that does not say it is ready, and starts its slot anew', async () => {
    const notReady = new FakeChild(600, { ready: false, obeysShutdown: true });
    const supervisor = new Supervisor([worker], { logger, stopTimeoutMs: 3000, readyTimeoutMs: 100, fork });
    const started = supervisor.start([{ slot: '0:0', child: notReady as unknown as ChildProcess }]);
    await settle();
    mock.timers.tick(100);
    await started;
    assert.deepEqual(notReady.received, ['shutdown']);
    assert.equal(forked.length, 1);
    assert.deepEqual(
      (await supervisor.status()).map((row) => row.pid),
      [1000],
    );
  });
});

describe('briefError', () => {
  it("keeps the message and the first three frames outside node's own modules", () => {
    const stack = [
      'Error: broken',
      'second line of the message',
      '    at Object.<anonymous> (/app/events.js:1:7)',
      '    at Module._compile (node:internal/modules/cjs/loader:1521:14)',
      '    at node:internal/main/run_main_module:28:49',
      '    at load (/app/start.js:3:1)',
      '    at run (/app/a.js:1:1)',
      '    at more (/app/b.js:1:1)',
    ].join('\n');
    assert.equal(
      briefError(stack),
      [
        'Error: broken',
        'second line of the message',
        '    at Object.<anonymous> (/app/events.js:1:7)',
        '    at load (/app/start.js:3:1)',
        '    at run (/app/a.js:1:1)',
      ].join('\n'),
    );
    assert.equal(briefError('not ready after 100 ms'), 'not ready after 100 ms');
  });
});
