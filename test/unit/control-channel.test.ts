import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import { isSameProcess, processInfo, startTimeOf } from '../../src/cli/identity';
import { serveLines } from '../../src/cli/line-server';
import { eventually } from '../helpers/wait';

describe('process identity (pid + start time)', () => {
  it('knows this process by its start time, and refuses a wrong or missing one and a bad pid', () => {
    const startTime = startTimeOf(process.pid);
    assert.match(String(startTime), /^\d+$/);
    assert.equal(isSameProcess(process.pid, startTime), true);
    assert.equal(isSameProcess(process.pid, String(Number(startTime) + 1)), false, 'a reused pid');
    assert.equal(isSameProcess(process.pid, undefined), false, 'a record without a start time');
    for (const pid of [0, -1, null, 1.5]) assert.equal(isSameProcess(pid, startTime), false);
  });

  it('a process that exited is not the same process, zombie or gone', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const startTime = startTimeOf(child.pid);
    assert.equal(isSameProcess(child.pid, startTime), true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(isSameProcess(child.pid, startTime), false);
    assert.equal(processInfo(child.pid as number), undefined);
  });
});

describe('control channel server (serveLines)', () => {
  let server: net.Server;
  let port: number;
  const lines: string[] = [];

  async function serve(options: Parameters<typeof serveLines>[2]): Promise<void> {
    server = net.createServer();
    serveLines(
      server,
      (connection, line) => {
        lines.push(line);
        if (line === 'token') connection.trust();
        connection.send({ echo: line });
      },
      options,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  }

  function connect(): Promise<net.Socket & { gone?: boolean }> {
    return new Promise((resolve) => {
      const socket: net.Socket & { gone?: boolean } = net.connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => undefined);
      socket.on('close', () => (socket.gone = true));
    });
  }

  beforeEach(() => (lines.length = 0));
  afterEach(() => server.close());

  it('cuts an unproven connection after the idle timeout, and keeps a proven one', async () => {
    await serve({ idleTimeoutMs: 200 });
    const idle = await connect();
    const proven = await connect();
    proven.write('token\n');
    await eventually(() => assert.equal(idle.gone, true), 2000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.notEqual(proven.gone, true, 'a proven connection has no idle timeout');
    proven.destroy();
  });

  it('keeps at most maxPending unproven connections: a new one pushes out the oldest', async () => {
    await serve({ maxPending: 3 });
    const sockets: Array<net.Socket & { gone?: boolean }> = [];
    for (let i = 0; i < 6; i++) {
      sockets.push(await connect());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await eventually(() =>
      assert.deepEqual(
        sockets.map((s) => s.gone === true),
        [true, true, true, false, false, false],
      ),
    );
    // The newest still gets served.
    const last = sockets[5] as net.Socket;
    last.write('hello\n');
    await eventually(() => assert.deepEqual(lines, ['hello']));
    for (const s of sockets) s.destroy();
  });

  it('cuts a connection whose line grows past maxLineBytes, with or without a newline', async () => {
    await serve({ maxLineBytes: 1000 });
    const endless = await connect();
    endless.write('x'.repeat(1001));
    const long = await connect();
    long.write(`${'y'.repeat(1001)}\n`);
    await eventually(() => assert.deepEqual([endless.gone, long.gone], [true, true]));
    assert.deepEqual(lines, [], 'neither reached the handler');
  });
});
