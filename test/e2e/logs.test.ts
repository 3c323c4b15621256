import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import * as path from 'node:path';
import { signalProcess } from '../../src/cli/signal';
import { CLI_START, CliCluster, pidsInLog, type StatusRow } from '../helpers/cli-process';
import { eventually, within } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

interface JsonLine {
  time: string;
  level: string;
  role: string;
  pid: number;
  message: string;
  [field: string]: unknown;
}

/** Every line of `text`, parsed as one JSON log object with its five keys (a failure names the line). */
function parseJsonLines(text: string): JsonLine[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      let parsed: JsonLine;
      try {
        parsed = JSON.parse(line) as JsonLine;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
      assert.equal(new Date(parsed.time).toISOString(), parsed.time, line);
      assert.ok(['debug', 'info', 'warn', 'error'].includes(parsed.level), line);
      assert.equal(typeof parsed.role, 'string', line);
      assert.ok(Number.isInteger(parsed.pid) && parsed.pid > 0, line);
      assert.equal(typeof parsed.message, 'string', line);
      return parsed;
    });
}

/** Events: `say` prints a line with console.log (user code writes to stdout too); `leak` throws an error naming the secret. */
const EVENTS = `
module.exports = {
  async onMessage(ctx, message) {
    const text = String(message);
    if (text === 'say') { console.log('said by ' + process.pid); return ctx.sendToCurrentClient('said'); }
    if (text === 'leak') throw new Error('could not use key ' + process.env.SECRET_KEY);
    return ctx.sendToCurrentClient('echo ' + text);
  },
};`;

const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

describe('Logs: JSON lines, reopening for logrotate, no secret', function () {
  this.timeout(120_000);
  const clusters: CliCluster[] = [];
  const clients: TestClient[] = [];

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      for (const c of clusters) {
        const logFile = path.join(c.runDir, 'cli-start.log');
        console.log(read(`${logFile}.1`).slice(-3000), c.log().slice(-3000));
      }
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
    for (const c of clusters.splice(0)) await c.cleanup();
  });

  async function create(env: Record<string, string>): Promise<CliCluster> {
    const cluster = await CliCluster.create({ GATEWAY_PROCESSES: '1', WORKER_PROCESSES: '1', ...env });
    clusters.push(cluster);
    cluster.env.EVENTS_FILE = cluster.writeEvents(EVENTS);
    return cluster;
  }

  async function connect(cluster: CliCluster): Promise<TestClient> {
    const client = await TestClient.connect(cluster.url);
    clients.push(client);
    return client;
  }

  it('start -d with the log.format json option: every line of the log file is a JSON object, from the master and every process', async () => {
    const cluster = await create({ LOG_FORMAT: 'json', GW_LOG_LEVEL: 'debug' });
    await cluster.mustRun(['start', '-d']);
    const status = await cluster.status();
    const master = cluster.masterPid();
    const client = await connect(cluster);
    assert.equal(await client.request('hello'), 'echo hello');
    await cluster.mustRun(['stop']);

    const lines = parseJsonLines(cluster.log());
    const pidsOf = (role: string): number[] => [
      ...new Set(lines.filter((l) => l.role === role).map((l) => l.pid)),
    ];
    assert.deepEqual(pidsOf('master'), [master]);
    for (const row of status)
      assert.ok(pidsOf(row.kind).includes(row.pid as number), `${row.kind} ${row.pid}`);
    assert.ok(
      lines.some(
        (l) =>
          l.role === 'master' && l.level === 'info' && /^TestWorker:0 ready \(pid \d+\)$/.test(l.message),
      ),
    );
    // GW_LOG_LEVEL=debug reaches every process (a draining worker is a debug line of the Gateway).
    assert.ok(lines.some((l) => l.level === 'debug' && l.role === 'gateway'));
  });

  it('foreground start with GW_LOG_FORMAT=json: its output is JSON lines and the start banner; GW_LOG_LEVEL still filters', async () => {
    const cluster = await create({ GW_LOG_FORMAT: 'json', GW_LOG_LEVEL: 'info' });
    const master = spawn(process.execPath, [CLI_START, 'start'], { env: cluster.env, stdio: 'pipe' });
    let output = '';
    master.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    master.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => master.once('exit', resolve));
    try {
      await eventually(() => assert.match(output, /Press Ctrl\+C to stop\./), 30_000);
      const client = await connect(cluster);
      assert.equal(await client.request('hi'), 'echo hi');
    } finally {
      master.kill('SIGINT');
      await within(exited, 30_000, 'the foreground master to exit');
    }
    const [banner, logs] = [[] as string[], [] as string[]];
    for (const line of output.split('\n')) (line.startsWith('{') ? logs : banner).push(line);
    assert.match(banner.join('\n'), /gatewayworker cli-start \(master pid \d+/);
    const lines = parseJsonLines(logs.join('\n'));
    assert.deepEqual(
      [...new Set(lines.map((l) => l.role))].sort(),
      ['gateway', 'master', 'register', 'worker'],
      'every role logs in JSON',
    );
    assert.ok(lines.some((l) => l.role === 'master' && l.message.startsWith('stopped in')));
    assert.deepEqual(
      lines.filter((l) => l.level === 'debug'),
      [],
    );
  });

  it('reopen-logs and kill -WINCH after logrotate moved the file: every process, restarted ones too, writes to the new file', async () => {
    const cluster = await create({ GATEWAY_PROCESSES: '2' });
    await cluster.mustRun(['start', '-d']);
    const logFile = path.join(cluster.runDir, 'cli-start.log');
    const master = cluster.masterPid() as number;
    const before = await cluster.status();
    const pids = (rows: StatusRow[]): number[] => rows.map((row) => row.pid as number);
    const client = await connect(cluster);
    assert.equal(await client.request('say'), 'said');

    // What logrotate does without copytruncate: move the file, then tell the program.
    renameSync(logFile, `${logFile}.1`);
    const reply = await cluster.mustRun(['reopen-logs']);
    assert.equal(reply.trim(), `${logFile} reopened by the master and 4 processes`);
    const reopenedBy = (text: string): number[] =>
      [...text.matchAll(/\[(\d+)\] INFO log file reopened: /g)].map((m) => Number(m[1])).sort();
    await eventually(() => assert.deepEqual(reopenedBy(read(logFile)), [master, ...pids(before)].sort()));
    assert.equal(await client.request('say'), 'said');
    const worker = before.find((row) => row.kind === 'worker')?.pid as number;
    await eventually(() =>
      assert.ok(read(logFile).includes(`said by ${worker}\n`), 'console.log of user code'),
    );

    // Processes started after the reopen inherit the new file: a restarted worker, and a Gateway
    // process that its sibling starts with the listening socket.
    const gateway1 = before.find((row) => row.kind === 'gateway' && row.index === 1)?.pid as number;
    signalProcess(worker, 'SIGKILL');
    signalProcess(gateway1, 'SIGKILL');
    const after = await eventually(async () => {
      const rows = await cluster.status();
      assert.deepEqual(
        rows.map((row) => row.state),
        ['ok', 'ok', 'ok', 'ok'],
      );
      assert.ok(!pids(rows).includes(worker) && !pids(rows).includes(gateway1));
      return rows;
    }, 30_000);
    const fresh = pids(after).filter((pid) => !pids(before).includes(pid));
    assert.equal(fresh.length, 2);
    await eventually(() => {
      const logged = pidsInLog(read(logFile));
      for (const pid of fresh) assert.ok(logged.includes(pid), `new process ${pid} writes to the new file`);
    });
    const old = read(`${logFile}.1`);
    assert.equal(old.split('said by').length - 1, 1, 'the old file got only what came before');
    assert.deepEqual(reopenedBy(old), []);
    for (const pid of fresh) assert.ok(!pidsInLog(old).includes(pid));

    // The same with the signal, as a postrotate script without node would send it.
    renameSync(logFile, `${logFile}.2`);
    signalProcess(master, 'SIGWINCH');
    await eventually(() => assert.deepEqual(reopenedBy(read(logFile)), [master, ...pids(after)].sort()));
    // (The client may have been on the killed Gateway process: a new one.)
    assert.equal(await (await connect(cluster)).request('say'), 'said');
    const newWorker = after.find((row) => row.kind === 'worker')?.pid as number;
    await eventually(() => assert.ok(read(logFile).includes(`said by ${newWorker}\n`)));
    const restarts = (await cluster.status()).map((row) => `${row.kind}:${row.index} ${row.restarts}`);
    assert.deepEqual(
      restarts,
      ['register:0 0', 'gateway:0 0', 'gateway:1 1', 'worker:0 1'],
      'nothing else crashed',
    );
    await cluster.mustRun(['stop']);
    assert.match(read(logFile), /master\[\d+\] INFO stopped in \d+ ms\n$/);
  });

  it('processes whose master is gone reopen the file on their own SIGWINCH', async () => {
    const cluster = await create({});
    await cluster.mustRun(['start', '-d']);
    const logFile = path.join(cluster.runDir, 'cli-start.log');
    const pids = (await cluster.status()).map((row) => row.pid as number);
    signalProcess(cluster.masterPid(), 'SIGKILL');
    renameSync(logFile, `${logFile}.1`);
    for (const pid of pids) signalProcess(pid, 'SIGWINCH');
    await eventually(() =>
      assert.deepEqual(
        [...read(logFile).matchAll(/\[(\d+)\] INFO log file reopened: /g)].map((m) => Number(m[1])).sort(),
        [...pids].sort(),
      ),
    );
    const client = await connect(cluster);
    assert.equal(await client.request('say'), 'said', 'still serving');
    await eventually(() => assert.ok(read(logFile).includes('said by ')));
  });

  it('reopen-logs names a master in the foreground, which has no log file', async () => {
    const cluster = await create({});
    const master = spawn(process.execPath, [CLI_START, 'start'], { env: cluster.env, stdio: 'ignore' });
    const exited = new Promise((resolve) => master.once('exit', resolve));
    try {
      await eventually(async () => assert.equal((await cluster.status()).length, 3), 30_000);
      const result = await cluster.run(['reopen-logs']);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /cli-start runs in the foreground: its processes write to the master's output/,
      );
    } finally {
      master.kill('SIGINT');
      await within(exited, 30_000, 'the foreground master to exit');
    }
  });

  it('a cluster with a secretKey, a handler error quoting it and a peer with a wrong key: no key in any log line, text or JSON', async () => {
    const secret = `s3cret-${randomBytes(12).toString('hex')}`;
    const wrong = `wr0ng-${randomBytes(12).toString('hex')}`;
    const cluster = await create({ SECRET_KEY: secret });
    await cluster.mustRun(['start', '-d']);
    // A worker with the wrong key, under its own master (JSON logs), against the same Register.
    const peer = new CliCluster(cluster.ports, {
      ROLES: 'worker',
      SECRET_KEY: wrong,
      LOG_FORMAT: 'json',
      EVENTS_FILE: cluster.env.EVENTS_FILE as string,
    });
    clusters.push(peer);
    await peer.mustRun(['start', '-d']);
    const client = await connect(cluster);
    client.send('leak');
    assert.equal(await client.request('hi'), 'echo hi');
    await eventually(() => assert.match(cluster.log(), /could not use key \[redacted\]/), 10_000);
    await peer.mustRun(['stop']);
    await cluster.mustRun(['stop']);

    const text = cluster.log();
    const json = peer.log();
    // Both sides said what happened, without the key.
    assert.match(
      text,
      /register\[\d+\] WARN refused \/gatewayworker\.v1\.Register\/WatchGateways .*: wrong secret key/,
    );
    assert.ok(
      parseJsonLines(json).some((l) => l.level === 'error' && /refused: wrong secret key/.test(l.message)),
      json,
    );
    for (const [name, log] of Object.entries({ text, json }))
      for (const key of [secret, wrong]) assert.ok(!log.includes(key), `${name} log holds a key`);
  });
});
