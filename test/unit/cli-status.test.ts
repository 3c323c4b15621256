import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { parseConnectionsFlags, parseStatusFlags } from '../../src/cli/command-flags';
import { connectionFilterOf, gatewayMatches } from '../../src/cli/connection-filter';
import { formatRate } from '../../src/cli/format';
import { runLiveStatus } from '../../src/cli/live-status';
import { statusSummary, statusTable } from '../../src/cli/status-table';
import type { StatusRow } from '../../src/cli/supervisor';
import { RateMeter } from '../../src/util/rate-meter';
import { MeshCredentials } from '../../src/rpc/mesh-credentials';
import { GatewayLink } from '../../src/worker/gateway-link';
import { MemoryLogger } from '../helpers/logs';

describe('RateMeter', () => {
  it('is 0 before any sample and when nothing was counted', () => {
    const meter = new RateMeter(5);
    assert.equal(meter.perSecond(100, 1000), 0);
    meter.record(100, 1000);
    assert.equal(meter.perSecond(100, 3000), 0);
  });

  it('averages from the oldest sample of the window to the reading now', () => {
    const meter = new RateMeter(5);
    meter.record(0, 0);
    meter.record(10, 1000);
    // Not full yet: from the first sample, 30 in 2 s.
    assert.equal(meter.perSecond(30, 2000), 15);
    for (let s = 2; s <= 9; s++) meter.record(s * 100, s * 1000);
    // Full: the oldest of the last 5 samples is t=5 s (500); 1000 at t=10 s is 500 in 5 s.
    assert.equal(meter.perSecond(1000, 10_000), 100);
  });

  it('falls back to 0 once the counter stops moving for a whole window', () => {
    const meter = new RateMeter(3);
    meter.record(0, 0);
    meter.record(50, 1000);
    assert.ok(meter.perSecond(50, 1500) > 0);
    for (let s = 2; s <= 4; s++) meter.record(50, s * 1000);
    assert.equal(meter.perSecond(50, 4500), 0);
  });
});

describe('status and connections options', () => {
  it('status: -d and --live mean live, --json is JSON', () => {
    assert.deepEqual(parseStatusFlags([]), { json: false, live: false });
    assert.deepEqual(parseStatusFlags(['-d']), { json: false, live: true });
    assert.deepEqual(parseStatusFlags(['--live', '--json']), { json: true, live: true });
  });

  it('status: an unknown option is an error naming it, with the nearest known one', () => {
    assert.throws(() => parseStatusFlags(['--jsn']), {
      message: 'status: unknown option --jsn (did you mean --json?); it takes --json, -d, --live',
    });
  });

  it('connections: --uid, --group and --gateway, as two words or with =', () => {
    assert.deepEqual(parseConnectionsFlags(['--uid', 'alice', '--group=room 1', '--gateway', 'Chat:1']), {
      json: false,
      filter: { uid: 'alice', group: 'room 1', gateway: 'Chat:1' },
    });
    assert.deepEqual(parseConnectionsFlags(['--json', 'start.js']), { json: true, filter: {} });
  });

  it('connections: an option without its value, or an unknown one, is an error naming it', () => {
    assert.throws(() => parseConnectionsFlags(['--uid']), {
      message: 'connections: --uid needs a value, as in --uid <value>',
    });
    assert.throws(() => parseConnectionsFlags(['--group=']), { message: /--group needs a value/ });
    assert.throws(() => parseConnectionsFlags(['--room', 'x']), {
      message: 'connections: unknown option --room; it takes --json, --uid, --group, --gateway',
    });
    assert.throws(() => parseConnectionsFlags(['--json=yes']), { message: /unknown option --json=yes/ });
  });

  it('the master reads only string fields of a filter', () => {
    assert.deepEqual(connectionFilterOf({ uid: 'a', group: 7, other: 'x' }), { uid: 'a' });
    assert.deepEqual(connectionFilterOf(null), {});
    assert.deepEqual(connectionFilterOf('uid'), {});
  });

  it('--gateway matches a Gateway name or one process label', () => {
    assert.equal(gatewayMatches({}, 'Chat', 'Chat:0'), true);
    assert.equal(gatewayMatches({ gateway: 'Chat' }, 'Chat', 'Chat:1'), true);
    assert.equal(gatewayMatches({ gateway: 'Chat:1' }, 'Chat', 'Chat:1'), true);
    assert.equal(gatewayMatches({ gateway: 'Chat:1' }, 'Chat', 'Chat:0'), false);
    assert.equal(gatewayMatches({ gateway: 'Cha' }, 'Chat', 'Chat:0'), false);
  });
});

const okRow = (over: Partial<StatusRow> = {}): StatusRow =>
  ({
    kind: 'gateway',
    name: 'Chat',
    index: 0,
    pid: 4242,
    rssBytes: 50 * 1024 * 1024,
    connections: 3,
    messages: 120,
    messagesPerSecond: 2.5,
    messagesOut: 300,
    dropped: 4,
    timers: 0,
    uptimeMs: 65_000,
    listen: 'ws://0.0.0.0:7272',
    restarts: 1,
    state: 'ok',
    ...over,
  }) as StatusRow;

describe('statusTable', () => {
  it('shows the figures of an ok row and dashes for a process that is not up', () => {
    const text = statusTable([
      okRow(),
      { kind: 'worker', name: 'W', index: 1, pid: null, restarts: 3, state: 'restarting' },
    ]);
    const [header, , ok, down] = text.split('\n').map((line) => line.split(/\s+/));
    assert.deepEqual(header, [
      'role',
      'process',
      'pid',
      'memory',
      'conns',
      'msgs',
      'msgs/s',
      'out',
      'dropped',
      'timers',
      'uptime',
      'restarts',
      'state',
    ]);
    assert.deepEqual(ok, [
      'gateway',
      'Chat:0',
      '4242',
      '50.0',
      'MB',
      '3',
      '120',
      '2.5',
      '300',
      '4',
      '0',
      '1m5s',
      '1',
      '[ok]',
    ]);
    assert.deepEqual(down, [
      'worker',
      'W:1',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '3',
      '[restarting]',
    ]);
  });

  it('sums the Gateways of the processes that answered in one line above the table', () => {
    const rows = [
      okRow(),
      okRow({ index: 1, connections: 4, messagesPerSecond: 10, dropped: 1 }),
      okRow({ kind: 'worker', name: 'W', connections: 2, messagesPerSecond: 99, dropped: 7 }),
      { kind: 'gateway', name: 'Chat', index: 2, pid: 7, restarts: 0, state: 'busy' } as StatusRow,
    ];
    assert.equal(
      statusSummary(rows),
      '4 processes, 3 answering; Gateways: 7 clients, 13 msgs/s in, 5 dropped',
    );
    assert.equal(statusSummary([okRow({ kind: 'worker' })]), '1 process, 1 answering');
  });

  it('rates: one decimal below 10 a second, whole numbers above', () => {
    assert.deepEqual([0, 0.04, 2.5, 9.96, 10, 1234.6].map(formatRate), ['0', '0', '2.5', '10', '10', '1235']);
  });
});

/** A stream that collects what is written. */
function output(): { stream: NodeJS.WritableStream; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('runLiveStatus', () => {
  it('on a pipe prints a frame a tick, one blank line apart, and ends with 0 on SIGINT', async () => {
    const out = output();
    const inPlace = false;
    const listeners = process.listenerCount('SIGINT');
    let frames = 0;
    const done = runLiveStatus({
      frame: () => {
        frames += 1;
        if (frames === 3) setImmediate(() => process.emit('SIGINT'));
        return Promise.resolve(`frame ${frames}`);
      },
      masterIsAlive: () => true,
      goneMessage: 'gone',
      out: out.stream,
      inPlace,
      err: output().stream,
      intervalMs: 5,
    });
    assert.equal(await done, 0);
    assert.equal(out.text(), 'frame 1\n\nframe 2\n\nframe 3\n');
    assert.equal(frames, 3, 'no frame after SIGINT');
    assert.equal(process.listenerCount('SIGINT'), listeners, 'its SIGINT handler is gone');
  });

  it('on a terminal redraws from the top left, clearing each line, and shows the cursor again', async () => {
    const out = output();
    const inPlace = true;
    let frames = 0;
    const code = await runLiveStatus({
      frame: () => {
        frames += 1;
        if (frames === 2) setImmediate(() => process.emit('SIGINT'));
        return Promise.resolve(`a${frames}\nb`);
      },
      masterIsAlive: () => true,
      goneMessage: 'gone',
      out: out.stream,
      inPlace,
      err: output().stream,
      intervalMs: 5,
    });
    assert.equal(code, 0);
    const frame = (n: number): string => `\x1b[Ha${n}\x1b[K\nb\x1b[K\n\x1b[J`;
    assert.equal(out.text(), `\x1b[?25l\x1b[2J${frame(1)}${frame(2)}\x1b[?25h`);
  });

  it('ends with 1 and says so when the master is gone; a master that is only slow shows the error', async () => {
    const out = output();
    const inPlace = false;
    const err = output();
    let calls = 0;
    const code = await runLiveStatus({
      frame: () => Promise.reject(new Error(`no answer ${++calls}`)),
      masterIsAlive: () => calls < 2,
      goneMessage: "app's master (pid 1) is gone",
      out: out.stream,
      inPlace,
      err: err.stream,
      intervalMs: 5,
    });
    assert.equal(code, 1);
    assert.equal(out.text(), 'no answer from the master: no answer 1\n');
    assert.equal(err.text(), "app's master (pid 1) is gone\n");
  });
});

describe('GatewayLink command counts (a worker row of status)', () => {
  it('counts commands taken to send, and those dropped once 100 000 wait for an unreachable Gateway', () => {
    const logger = new MemoryLogger();
    const counts = { sent: 0, dropped: 0 };
    const link = new GatewayLink({
      address: '127.0.0.1:1',
      hello: { worker_name: 'W', worker_index: 0, instance_id: 'i', protocol_version: 1 },
      queryTimeoutMs: 1000,
      logger,
      credentials: new MeshCredentials({ secretKey: '', meshTls: undefined }, logger),
      onEvents: () => undefined,
      onUp: () => undefined,
      onDown: () => undefined,
      shouldReconnect: () => false,
      counts,
    });
    // Never started: every command waits for a stream.
    for (let i = 0; i < 100_002; i++) link.send({ broadcast: { data: Buffer.from('x') } });
    link.close();
    assert.deepEqual(counts, { sent: 100_000, dropped: 2 });
  });
});
