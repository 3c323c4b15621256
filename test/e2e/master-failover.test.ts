import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { childSocketPath } from '../../src/cli/ipc';
import { runPaths } from '../../src/cli/paths';
import { signalProcess } from '../../src/cli/signal';
import { CLI_START, CliCluster, endCliTest, isRunning } from '../helpers/cli-process';
import { eventually } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every client answers an echo (the fixture's "count" replies with the session's counter). */
async function allServed(clients: TestClient[], expected: string): Promise<void> {
  assert.ok(
    clients.every((c) => c.isOpen),
    'every client is still connected',
  );
  assert.deepEqual(
    await Promise.all(clients.map((c) => c.request('count'))),
    clients.map(() => expected),
  );
}

/** Opens a connection and resolves once it is connected; 'close' is recorded on it. */
function open(connect: () => net.Socket): Promise<net.Socket & { closedAt?: number }> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket & { closedAt?: number } = connect();
    socket.on('error', () => undefined);
    socket.resume(); // (answers are read, so that a server's end() closes the connection)
    socket.once('close', () => (socket.closedAt = Date.now()));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('CLI: the master is not a single point of failure', function () {
  this.timeout(120_000);
  let cluster: CliCluster;
  const clients: TestClient[] = [];
  const others: Array<{ kill(): void }> = [];

  afterEach(async function () {
    for (const other of others.splice(0)) other.kill();
    await endCliTest(this.currentTest, cluster, clients);
  });

  /** kill -9 of the master, and waits until it is gone. */
  async function killMaster(): Promise<number> {
    const master = cluster.masterPid();
    signalProcess(master, 'SIGKILL');
    await eventually(() => assert.equal(isRunning(master), false, 'the master is gone'));
    return master as number;
  }

  it('kill -9 of the master: clients stay connected and served; start -d again adopts the same processes, replaces a dead one, reloads, and stop closes the clients normally', async () => {
    cluster = await CliCluster.create();
    await cluster.mustRun(['start', '-d']);
    const before = await cluster.status();
    clients.push(...(await TestClient.connectMany(cluster.url, 8)));
    await allServed(clients, '1');

    const killedAt = Date.now();
    await killMaster();
    await sleep(500);
    await allServed(clients, '2');
    const orphaned = await cluster.run(['status']);
    assert.notEqual(orphaned.code, 0);
    assert.match(
      orphaned.stderr,
      /master is gone, but 5 of its processes still run .*"start" takes them over/,
    );
    // A new client is served without a master too: each Gateway process accepts on the port itself.
    const lone = await TestClient.connect(cluster.url);
    clients.push(lone);
    assert.equal(await lone.request('count'), '1');

    const adoptStart = Date.now();
    const banner = await cluster.mustRun(['start', '-d']);
    const adoptedAt = Date.now();
    const adoptMs = adoptedAt - adoptStart;
    assert.match(banner, /worker\s+TestWorker\s+none\s+2\s+\[OK\]/);
    const after = await cluster.status();
    assert.deepEqual(
      after.map((row) => [row.name, row.index, row.pid, row.state]),
      before.map((row) => [row.name, row.index, row.pid, 'ok']),
      'the new master lists the very same processes',
    );
    assert.match(cluster.log(), /taking over 5 processes of the previous master/);
    await allServed(clients.slice(0, 8), '3');

    // An adopted process that dies is replaced, as its own would be: a worker, and a Gateway (whose
    // replacement gets the client port from the other Gateway process).
    const worker = after.find((row) => row.kind === 'worker');
    // The Gateway process with fewer clients (the kernel spreads them over both) is the one killed.
    const perGateway = JSON.parse(await cluster.mustRun(['connections', '--json'])) as Array<{
      pid: number;
      connections: unknown[];
    }>;
    perGateway.sort((a, b) => a.connections.length - b.connections.length);
    const gateway = after.find((row) => row.pid === perGateway[0]?.pid);
    const kept = perGateway[1]?.connections.length ?? 0;
    signalProcess(worker?.pid, 'SIGKILL');
    signalProcess(gateway?.pid, 'SIGKILL');
    await eventually(async () => {
      const rows = await cluster.status();
      const slot = (name: string | undefined, index: number | undefined) =>
        rows.find((row) => row.name === name && row.index === index);
      assert.equal(slot(worker?.name, worker?.index)?.state, 'ok');
      assert.notEqual(slot(worker?.name, worker?.index)?.pid, worker?.pid);
      assert.equal(slot(gateway?.name, gateway?.index)?.state, 'ok');
      assert.notEqual(slot(gateway?.name, gateway?.index)?.pid, gateway?.pid);
    }, 15_000);
    const survivors = clients.filter((c) => c.isOpen);
    assert.equal(survivors.length, kept, 'the clients of the other Gateway process stay');
    assert.ok(kept >= 5, `${kept} of 9 clients on the other Gateway process`);
    const fresh = await TestClient.connectMany(cluster.url, 6);
    clients.push(...fresh);
    await allServed(fresh, '1');

    assert.match(await cluster.mustRun(['reload']), /reloaded/);
    await allServed(fresh, '2');

    const processes = (await cluster.status()).map((row) => row.pid);
    assert.match(await cluster.mustRun(['stop']), /stopped in \d+ ms/);
    await Promise.all(survivors.map((c) => c.waitClosed()));
    assert.deepEqual(
      survivors.map((c) => c.closeCode),
      survivors.map(() => 1001),
      'clients get a close frame',
    );
    await eventually(() => assert.deepEqual(processes.filter(isRunning), [], 'every process is gone'));
    console.log(
      `      9 of 9 clients kept and served through kill -9 of the master; adoption by start -d took ${adoptMs} ms (${adoptedAt - killedAt} ms after the kill)`,
    );
  });

  it('stop with the master gone stops the processes it left; their clients get a normal close', async () => {
    cluster = await CliCluster.create({ GATEWAY_PROCESSES: '1', WORKER_PROCESSES: '1' });
    await cluster.mustRun(['start', '-d']);
    const pids = (await cluster.status()).map((row) => row.pid);
    clients.push(...(await TestClient.connectMany(cluster.url, 3)));
    await killMaster();
    await allServed(clients, '1');
    const stop = await cluster.mustRun(['stop']);
    assert.match(stop, /master is gone; stopping its 3 processes/);
    await Promise.all(clients.map((c) => c.waitClosed()));
    assert.deepEqual(
      clients.map((c) => c.closeCode),
      clients.map(() => 1001),
    );
    await eventually(() => assert.deepEqual(pids.filter(isRunning), []));
    assert.equal(existsSync(cluster.stateFile), false, 'no state file is left');
  });

  it('a foreground master without TLS that gets SIGHUP (its terminal closed) stops its detached processes', async () => {
    cluster = await CliCluster.create({ GATEWAY_PROCESSES: '1', WORKER_PROCESSES: '1' });
    const master = spawn(process.execPath, [CLI_START, 'start'], { env: cluster.env, stdio: 'ignore' });
    others.push(master);
    const exited = once(master, 'exit');
    const rows = await eventually(async () => {
      const status = await cluster.status();
      assert.deepEqual(
        status.map((row) => row.state),
        ['ok', 'ok', 'ok'],
      );
      return status;
    }, 20_000);
    master.kill('SIGHUP');
    await exited;
    await eventually(() => assert.deepEqual(rows.map((row) => row.pid).filter(isRunning), []));
    assert.equal(existsSync(cluster.stateFile), false);
  });

  it('a state file naming an unrelated live process or a dead pid: start does not refuse, stop signals nothing', async () => {
    cluster = await CliCluster.create({ GATEWAY_PROCESSES: '1', WORKER_PROCESSES: '1' });
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
    others.push(unrelated);
    const dead = spawn('true', [], { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('exit', resolve));
    const stale = (pid: number, startTime?: string): void =>
      writeFileSync(
        cluster.stateFile,
        JSON.stringify({
          pid,
          startTime,
          control: '127.0.0.1:9',
          token: 'stale',
          startedAt: 1,
          childToken: 'stale',
          children: [{ kind: 'worker', slot: '2:0', pid: unrelated.pid, startTime }],
        }),
      );

    // As if written before a reboot: a start time that is not the live process's, then none at all.
    for (const startTime of ['12345', undefined]) {
      stale(unrelated.pid as number, startTime);
      const stop = await cluster.run(['stop']);
      assert.equal(stop.code, 0, stop.stderr);
      assert.match(stop.stdout, /cli-start is not running/);
      assert.ok(isRunning(unrelated.pid), 'the unrelated process was not signalled');
      const status = await cluster.run(['status']);
      assert.match(status.stderr, /cli-start is not running/);
    }
    stale(unrelated.pid as number, '12345');
    await cluster.mustRun(['start', '-d']);
    const rows = await cluster.status();
    assert.equal(rows.length, 3);
    assert.ok(!rows.some((row) => row.pid === unrelated.pid));
    await cluster.mustRun(['stop']);

    stale(dead.pid as number);
    await cluster.mustRun(['start', '-d']);
    assert.equal((await cluster.status()).length, 3);
    await cluster.mustRun(['stop']);
    assert.ok(isRunning(unrelated.pid), 'the unrelated process still runs');
  });

  it('idle and garbage connections to the control channels are capped and timed out; status and clients still work', async () => {
    cluster = await CliCluster.create({ GATEWAY_PROCESSES: '1', WORKER_PROCESSES: '1' });
    await cluster.mustRun(['start', '-d']);
    const state = cluster.state();
    const [host = '', port = ''] = (state?.control ?? '').split(':');
    const gateway = (await cluster.status()).find((row) => row.kind === 'gateway');
    const childSocket = childSocketPath(
      runPaths(CLI_START, cluster.runDir).socketPrefix,
      gateway?.pid as number,
    );
    const floodStart = Date.now();
    const idle = [
      ...(await Promise.all(Array.from({ length: 200 }, () => open(() => net.connect(Number(port), host))))),
      ...(await Promise.all(Array.from({ length: 100 }, () => open(() => net.connect(childSocket))))),
    ];
    const garbage = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        open(() => (i % 2 ? net.connect(Number(port), host) : net.connect(childSocket))),
      ),
    );
    garbage.forEach((socket, i) =>
      socket.write(i % 3 === 0 ? 'x'.repeat(100_000) : i % 3 === 1 ? 'not json\n' : '{"token":"wrong"}\n'),
    );
    const statusStart = Date.now();
    const rows = await cluster.status();
    const statusMs = Date.now() - statusStart;
    assert.ok(
      rows.every((row) => row.state === 'ok'),
      'the master still reaches every process',
    );
    const client = await TestClient.connect(cluster.url);
    clients.push(client);
    assert.equal(await client.request('count'), '1');
    await eventually(
      () => assert.deepEqual(garbage.filter((s) => s.closedAt === undefined).length, 0, 'garbage is cut'),
      3000,
    );
    // Past the cap, older idle connections were pushed out; the rest go at the idle timeout (5 s).
    await eventually(
      () => assert.equal(idle.filter((s) => s.closedAt === undefined).length, 0, 'idle ones are cut'),
      8000,
    );
    const longest = Math.max(...idle.map((s) => (s.closedAt as number) - floodStart));
    assert.ok(longest < 7000, `the last idle connection lasted ${longest} ms`);
    assert.equal(await client.request('count'), '2');
    console.log(
      `      status under a flood of ${idle.length + garbage.length} control connections took ${statusMs} ms; the last idle one was cut after ${longest} ms`,
    );
  });
});
