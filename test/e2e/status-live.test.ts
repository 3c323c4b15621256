import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { signalProcess } from '../../src/cli/signal';
import { CLI_START, CliCluster } from '../helpers/cli-process';
import { eventually } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

const TMUX = '/usr/bin/tmux';

/** Echoes, binds uids, joins groups; every worker process keeps one timer of worker.timers. */
const EVENTS = `
module.exports = {
  onWorkerStart(worker) { worker.timers.add(60000, () => undefined); },
  async onMessage(ctx, message) {
    const [command, arg] = String(message).split(' ');
    if (command === 'bind') await ctx.gateway.bindUid(ctx.clientId, arg);
    else if (command === 'join') await ctx.gateway.joinGroup(ctx.clientId, arg);
    return ctx.sendToCurrentClient('ok ' + message);
  },
};`;

/** `status --json` rows, with the figures this file checks. */
interface Row {
  kind: string;
  name: string;
  index: number;
  pid: number;
  state: string;
  messages: number;
  messagesPerSecond: number;
  messagesOut: number;
  dropped: number;
  timers: number;
}

interface GatewayClients {
  gateway: string;
  pid: number;
  connections: Array<{ clientId: string; uid: string | null; groups: string[] }>;
}

async function startCluster(): Promise<CliCluster> {
  const cluster = await CliCluster.create();
  cluster.env.EVENTS_FILE = cluster.writeEvents(EVENTS);
  await cluster.mustRun(['start', '-d']);
  return cluster;
}

const sum = (rows: Row[], kind: string, field: keyof Row): number =>
  rows.filter((r) => r.kind === kind).reduce((total, r) => total + Number(r[field]), 0);

describe('CLI: status figures, status -d, connections filters', function () {
  this.timeout(90_000);
  let cluster: CliCluster;
  const clients: TestClient[] = [];

  before(async () => {
    cluster = await startCluster();
  });

  after(async function () {
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
    await cluster?.cleanup();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(cluster.log().slice(-4000));
  });

  const rows = async (): Promise<Row[]> => JSON.parse(await cluster.mustRun(['status', '--json'])) as Row[];

  it('status: msgs/s, out, dropped and timers per process, moving once clients send', async () => {
    const before = await rows();
    assert.deepEqual(
      before.map((r) => [r.kind, r.state, r.timers]),
      [
        ['register', 'ok', 0],
        ['gateway', 'ok', 0],
        ['gateway', 'ok', 0],
        ['worker', 'ok', 1],
        ['worker', 'ok', 1],
      ],
      'each worker process has its one timer',
    );
    assert.equal(sum(before, 'gateway', 'messages'), 0);

    const pair = await Promise.all([TestClient.connect(cluster.url), TestClient.connect(cluster.url)]);
    clients.push(...pair);
    for (let i = 0; i < 20; i++)
      for (const client of pair) assert.equal(await client.request(`m${i}`), `ok m${i}`);

    const after = await rows();
    assert.equal(sum(after, 'gateway', 'messages'), 40, 'client messages received');
    assert.ok(sum(after, 'gateway', 'messagesOut') >= 40, 'answers written to clients');
    assert.ok(sum(after, 'gateway', 'messagesPerSecond') > 0, 'a rate while clients send');
    assert.equal(sum(after, 'gateway', 'dropped'), 0);
    // Workers handled the messages (and the connects) and sent an answer for each.
    assert.ok(sum(after, 'worker', 'messages') >= 40);
    assert.ok(sum(after, 'worker', 'messagesOut') >= 40, 'commands sent by the workers');
    assert.ok(sum(after, 'worker', 'messagesPerSecond') > 0);

    const table = await cluster.mustRun(['status']);
    assert.match(table, /\bmsgs\/s\s+out\s+dropped\s+timers\b/);
    assert.match(table, /^5 processes, 5 answering; Gateways: 2 clients, [\d.]+ msgs\/s in, 0 dropped$/m);
    const gatewayMsgs = [...table.matchAll(/^gateway\s+TestGateway:\d\s+\d+\s+[\d.]+ MB\s+\d+\s+(\d+)/gm)];
    assert.equal(gatewayMsgs.length, 2, table);
    assert.equal(
      gatewayMsgs.reduce((total, m) => total + Number(m[1]), 0),
      40,
      table,
    );
  });

  it('status -d --json prints one line of JSON rows a second; SIGINT ends it with exit code 0', async () => {
    const live = spawn(process.execPath, [CLI_START, 'status', '-d', '--json'], { env: cluster.env });
    let stdout = '';
    live.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => live.once('exit', (code) => resolve(code)));
    try {
      await eventually(() => assert.ok(stdout.split('\n').length > 2, stdout), 15_000);
      live.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      if (live.exitCode === null) live.kill('SIGKILL');
    }
    const frames = stdout.trim().split('\n').filter(Boolean);
    assert.ok(frames.length >= 2);
    for (const frame of frames)
      assert.deepEqual(
        (JSON.parse(frame) as Row[]).map((r) => r.kind),
        ['register', 'gateway', 'gateway', 'worker', 'worker'],
      );
  });

  describe('status -d in a terminal (tmux)', function () {
    // A private tmux server, its socket in the cluster's run directory (removed with it).
    const tmux = (...args: string[]): Promise<string> =>
      new Promise((resolve, reject) =>
        execFile(
          TMUX,
          ['-S', path.join(cluster.runDir, 'tmux.sock'), ...args],
          { timeout: 10_000 },
          (err, stdout, stderr) =>
            err ? reject(new Error(`tmux ${args.join(' ')}: ${err.message} ${stderr}`)) : resolve(stdout),
        ),
      );

    before(function () {
      if (!existsSync(TMUX)) {
        const hint = `${TMUX} not found: apt-get install tmux`;
        if (process.env.CI) throw new Error(`the status -d test needs tmux in CI; ${hint}`);
        console.log(`    skipping the terminal test: ${hint}`);
        this.skip();
      }
    });

    after(async () => {
      // The private server goes with its last session; kill it in case the test stopped early.
      await tmux('kill-server').catch(() => undefined);
    });

    /** The gateway rows' msgs on the screen now (undefined until both rows are drawn). */
    const screenMessages = (screen: string): number | undefined => {
      const found = [...screen.matchAll(/^gateway\s+TestGateway:\d\s+\d+\s+[\d.]+ MB\s+\d+\s+(\d+)/gm)];
      return found.length === 2 ? found.reduce((total, m) => total + Number(m[1]), 0) : undefined;
    };

    it('draws the table, redraws it in place as values change, and Ctrl-C ends it with exit code 0', async () => {
      const exitFile = path.join(cluster.runDir, 'live.exit');
      const script = path.join(cluster.runDir, 'live.sh');
      writeFileSync(
        script,
        [
          // Ctrl-C goes to the whole foreground group: the shell waits on (and records) the exit code.
          `trap 'true' INT`,
          `export GATEWAYWORKER_RUN_DIR='${cluster.runDir}'`,
          `'${process.execPath}' '${CLI_START}' status -d`,
          `echo $? > '${exitFile}'`,
        ].join('\n'),
      );
      await tmux('new-session', '-d', '-s', 'live', '-x', '150', '-y', '30', `sh '${script}'`);
      const capture = (): Promise<string> => tmux('capture-pane', '-p', '-t', 'live');

      const first = await eventually(async () => {
        const screen = await capture();
        assert.match(
          screen,
          /role\s+process\s+pid\s+memory\s+conns\s+msgs\s+msgs\/s\s+out\s+dropped\s+timers/,
        );
        assert.match(screen, /Ctrl-C quits/);
        assert.ok(screenMessages(screen) !== undefined, screen);
        return screenMessages(screen) as number;
      }, 15_000);

      const client = await TestClient.connect(cluster.url);
      clients.push(client);
      for (let i = 0; i < 5; i++) assert.equal(await client.request(`live${i}`), `ok live${i}`);
      const screen = await eventually(async () => {
        const now = await capture();
        assert.equal(screenMessages(now), first + 5, now);
        return now;
      }, 10_000);
      assert.match(screen, /^worker\s+TestWorker:0\s/m);
      // In place: the whole pane history holds the header once (a pipe would get a table a second).
      const history = await tmux('capture-pane', '-p', '-t', 'live', '-S', '-');
      assert.equal(history.match(/^role\s+process/gm)?.length, 1, history);

      await tmux('send-keys', '-t', 'live', 'C-c');
      const code = await eventually(() => {
        assert.ok(existsSync(exitFile), 'status -d has ended');
        return readFileSync(exitFile, 'utf8').trim();
      }, 10_000);
      assert.equal(code, '0');
    });
  });

  describe('connections filters', () => {
    before(async () => {
      const alice1 = await TestClient.connect(cluster.url);
      const bob = await TestClient.connect(cluster.url);
      const alice2 = await TestClient.connect(cluster.url);
      clients.push(alice1, bob, alice2);
      for (const [client, commands] of [
        [alice1, ['bind alice', 'join room']],
        [bob, ['bind bob', 'join room']],
        [alice2, ['bind alice']],
      ] as const)
        for (const command of commands) assert.equal(await client.request(command), `ok ${command}`);
    });

    const listed = async (...args: string[]): Promise<GatewayClients[]> =>
      JSON.parse(await cluster.mustRun(['connections', '--json', ...args])) as GatewayClients[];
    const summary = (reply: GatewayClients[]): string[] =>
      reply
        .flatMap((g) => g.connections)
        .map((c) => `${c.uid ?? '-'} [${c.groups.join(',')}]`)
        .sort();

    it('--uid, --group and both together list only the matching clients', async () => {
      assert.deepEqual(summary(await listed('--uid', 'alice')), ['alice []', 'alice [room]']);
      assert.deepEqual(summary(await listed('--group', 'room')), ['alice [room]', 'bob [room]']);
      assert.deepEqual(summary(await listed('--uid', 'alice', '--group=room')), ['alice [room]']);
      assert.deepEqual(summary(await listed('--uid', 'nobody')), []);
      const table = await cluster.mustRun(['connections', '--uid', 'bob']);
      assert.match(table, /^TestGateway:\d\s+[0-9a-f]{20}\s+127\.0\.0\.1:\d+\s+bob\s+room$/m);
      assert.doesNotMatch(table, /alice/);
      assert.equal(await cluster.mustRun(['connections', '--group', 'nobody']), 'no client matches\n');
    });

    it('--gateway takes a Gateway name or one process; a name no process has is an error', async () => {
      const all = await listed();
      assert.deepEqual(
        (await listed('--gateway', 'TestGateway')).map((g) => g.gateway),
        ['TestGateway:0', 'TestGateway:1'],
      );
      const one = await listed('--gateway', 'TestGateway:1');
      assert.deepEqual(
        one,
        all.filter((g) => g.gateway === 'TestGateway:1'),
      );
      const aliceThere = all
        .filter((g) => g.gateway === 'TestGateway:1')
        .flatMap((g) => g.connections)
        .filter((c) => c.uid === 'alice');
      assert.deepEqual(
        (await listed('--gateway', 'TestGateway:1', '--uid', 'alice')).flatMap((g) => g.connections),
        aliceThere,
      );
      const missing = await cluster.run(['connections', '--gateway', 'Nope']);
      assert.equal(missing.code, 1);
      assert.match(
        missing.stderr,
        /no Gateway process is named Nope; this master runs TestGateway:0, TestGateway:1/,
      );
    });

    it('an unknown option or a missing value is an error naming it', async () => {
      const unknown = await cluster.run(['connections', '--room', 'x']);
      assert.equal(unknown.code, 1);
      assert.match(
        unknown.stderr,
        /connections: unknown option --room; it takes --json, --uid, --group, --gateway/,
      );
      const bare = await cluster.run(['connections', '--uid']);
      assert.equal(bare.code, 1);
      assert.match(bare.stderr, /--uid needs a value/);
      const status = await cluster.run(['status', '--jsno']);
      assert.equal(status.code, 1);
      assert.match(status.stderr, /status: unknown option --jsno \(did you mean --json\?\)/);
    });
  });
});

describe('CLI: status -d when the master goes away', function () {
  this.timeout(90_000);
  let cluster: CliCluster | undefined;
  let live: ChildProcess | undefined;

  afterEach(async () => {
    if (live?.exitCode === null) signalProcess(live.pid, 'SIGKILL');
    await cluster?.cleanup();
  });

  it('outside a terminal prints a table a second; when the master dies it says so and exits 1', async () => {
    cluster = await startCluster();
    live = spawn(process.execPath, [CLI_START, 'status', '-d'], { env: cluster.env });
    let stdout = '';
    let stderr = '';
    live.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    live.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => live?.once('exit', (code) => resolve(code)));
    await eventually(() => assert.ok((stdout.match(/^role\s+process/gm)?.length ?? 0) >= 2, stdout), 15_000);
    assert.ok(!stdout.includes('\x1b['), 'no terminal escapes into a pipe');
    assert.match(stdout, /\[ok\]\n\n\S+: master pid \d+/, 'frames one blank line apart');

    const master = cluster.masterPid();
    signalProcess(master, 'SIGKILL');
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 15_000)),
    ]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`cli-start's master \\(pid ${master}\\) is gone`));
  });
});
