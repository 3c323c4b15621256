import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { signalProcess } from '../../src/cli/signal';
import { CliCluster, endCliTest } from '../helpers/cli-process';
import { parsePrometheusText, sumOf, type PromText } from '../helpers/prometheus-text';
import { eventually } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

// Answers "id" with the client id, binds "uid <x>" and echoes the rest; the id and the uid must
// never show up in a label.
const EVENTS = `
module.exports = {
  async onMessage(ctx, message) {
    const [command, arg] = String(message).split(' ');
    if (command === 'id') return ctx.sendToCurrentClient(ctx.clientId);
    if (command === 'uid') { await ctx.gateway.bindUid(ctx.clientId, arg); return ctx.sendToCurrentClient('ok'); }
    if (command === 'slow') await new Promise((resolve) => setTimeout(resolve, 100));
    return ctx.sendToCurrentClient(String(message));
  },
};`;

describe('metrics: /metrics of a live cluster started by the CLI', function () {
  this.timeout(90_000);
  let cluster: CliCluster;
  const clients: TestClient[] = [];

  afterEach(async function () {
    await endCliTest(this.currentTest, cluster, clients);
  });

  async function start(): Promise<string> {
    cluster = await CliCluster.create({ METRICS_LISTEN: '0' });
    Object.assign(cluster.env, { EVENTS_FILE: cluster.writeEvents(EVENTS) });
    const banner = await cluster.mustRun(['start', '-d']);
    const address = cluster.state()?.metrics;
    assert.ok(address, 'the state file names the metrics address');
    assert.ok(banner.includes(`Status page: http://${address}/`), banner);
    return `http://${address}`;
  }

  async function scrape(base: string): Promise<PromText> {
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  }

  it('counts connections, messages and handler runs per process, with no client id or uid in a label', async () => {
    const base = await start();
    const before = await scrape(base);
    assert.equal(sumOf(before, 'gatewayworker_connections', { protocol: 'ws' }), 0);
    assert.equal(
      before.samples.filter((s) => s.name === 'gatewayworker_connections').length,
      2,
      'one series per Gateway process, at 0',
    );
    assert.equal(sumOf(before, 'gatewayworker_process_up'), 5, 'register, 2 gateways, 2 workers');
    assert.equal(sumOf(before, 'gatewayworker_register_gateways'), 2);
    // Every process is there, and Node's own metrics per process.
    for (const [role, processes] of [
      ['master', 1],
      ['register', 1],
      ['gateway', 2],
      ['worker', 2],
    ] as const)
      assert.equal(
        before.samples.filter((s) => s.name === 'process_resident_memory_bytes' && s.labels.role === role)
          .length,
        processes,
        role,
      );
    assert.equal(before.types.get('gatewayworker_messages_in_total'), 'counter');
    assert.equal(before.types.get('gatewayworker_handler_duration_seconds'), 'histogram');

    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const client = await TestClient.connect(cluster.url);
      clients.push(client);
      ids.push(await client.request('id'));
      assert.equal(await client.request(`uid user-${i}`), 'ok');
      for (let k = 0; k < 5; k++) assert.equal(await client.request(`hello ${k}`), `hello ${k}`);
    }
    // One handler in 4 is timed: 4 slow ones in a row on one worker, so that one of them is.
    for (let k = 0; k < 4; k++) assert.equal(await clients[0]!.request('slow'), 'slow');
    // 4 clients x (id + uid + 5 echoes) + 4 slow.
    const sent = 4 * 7 + 4;

    const after = await eventually(async () => {
      const text = await scrape(base);
      assert.equal(sumOf(text, 'gatewayworker_connections', { protocol: 'ws' }), 4);
      return text;
    });
    assert.equal(sumOf(after, 'gatewayworker_messages_in_total'), sent);
    assert.equal(sumOf(after, 'gatewayworker_messages_out_total'), sent);
    // Every event: connect, websocket-connect and the messages of 4 clients.
    assert.equal(sumOf(after, 'gatewayworker_events_handled_total'), 8 + sent);
    const timed = sumOf(after, 'gatewayworker_handler_duration_seconds_count');
    assert.ok(timed >= 8 && timed <= 11, `one handler in 4 timed per worker (${timed} of ${8 + sent})`);
    // The slow handler (100 ms) is above the 25 ms bucket. (Its timer counts from the event loop's
    // cached time, which a loaded machine can leave some ms behind the handler's clock reading: 30 ms
    // could be read as under 25.)
    const fast = sumOf(after, 'gatewayworker_handler_duration_seconds_bucket', {
      event: 'message',
      le: '0.025',
    });
    const messages = sumOf(after, 'gatewayworker_handler_duration_seconds_count', { event: 'message' });
    assert.ok(fast < messages, `a slow handler is counted above 25 ms (${fast} of ${messages} at or below)`);
    assert.ok(sumOf(after, 'gatewayworker_stream_batch_items_count', { direction: 'gateway_to_worker' }) > 0);
    assert.ok(sumOf(after, 'gatewayworker_stream_batch_items_count', { direction: 'worker_to_gateway' }) > 0);
    assert.equal(sumOf(after, 'gatewayworker_workers_attached'), 4, 'each Gateway process has both workers');

    const values = new Set(after.samples.flatMap((s) => Object.values(s.labels)));
    for (const id of ids) assert.ok(!values.has(id), `client id ${id} is a label value`);
    for (let i = 0; i < 4; i++) assert.ok(!values.has(`user-${i}`), `uid user-${i} is a label value`);
    // Bounded label names only: ours, and those of Node's default metrics.
    const allowed = new Set([
      'role',
      'name',
      'process',
      'protocol',
      'reason',
      'event',
      'direction',
      'result',
      'le',
    ]);
    for (const label of ['kind', 'space', 'type', 'version', 'major', 'minor', 'patch']) allowed.add(label);
    for (const sample of after.samples)
      for (const label of Object.keys(sample.labels))
        assert.ok(allowed.has(label), `${sample.name} has label ${label}`);

    // Closes are counted by reason once the clients go.
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await eventually(async () => {
      const text = await scrape(base);
      assert.equal(sumOf(text, 'gatewayworker_connections'), 0);
      assert.equal(sumOf(text, 'gatewayworker_clients_closed_total', { reason: 'client' }), 4);
      assert.equal(sumOf(text, 'gatewayworker_events_handled_total'), 12 + sent);
    });
  });

  it('counts reloads and restarts in the master, and a restarted process is scraped again', async () => {
    const base = await start();
    await cluster.mustRun(['reload']);
    const worker = (await cluster.status()).find((row) => row.kind === 'worker' && row.index === 1);
    assert.ok(worker?.pid);
    signalProcess(worker.pid, 'SIGKILL');
    const text = await eventually(async () => {
      const now = await scrape(base);
      const slot = { role: 'worker', name: 'TestWorker', process: '1' };
      assert.equal(sumOf(now, 'gatewayworker_process_restarts_total', slot), 1);
      assert.equal(sumOf(now, 'gatewayworker_process_up', slot), 1);
      assert.equal(sumOf(now, 'gatewayworker_gateways_attached', slot), 2);
      return now;
    }, 20_000);
    assert.equal(sumOf(text, 'gatewayworker_reloads_total', { result: 'ok' }), 1);
    assert.equal(sumOf(text, 'gatewayworker_reloads_total', { result: 'failed' }), 0);
    assert.equal(sumOf(text, 'gatewayworker_process_restarts_total'), 1);
    assert.equal(sumOf(text, 'gatewayworker_scrape_unanswered_processes'), 0);
  });

  it('a metrics port in use fails start -d naming metrics.listen, with nothing left running', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as net.AddressInfo;
      cluster = await CliCluster.create({ METRICS_LISTEN: String(port) });
      const result = await cluster.run(['start', '-d']);
      assert.equal(result.code, 1, result.stdout);
      assert.match(
        result.stderr,
        new RegExp(`^cli-start did not start: \`metrics.listen\` 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`),
      );
      assert.equal(cluster.state(), undefined, 'no state file, no process');
    } finally {
      taken.close();
    }
  });

  it("serves /status.json as status --json prints it (with the Register's Gateways), the page at /, 404 elsewhere", async () => {
    const base = await start();
    const rows = (await (await fetch(`${base}/status.json`)).json()) as Array<Record<string, unknown>>;
    const cli = await cluster.status();
    const key = (row: Record<string, unknown>): string =>
      `${row.kind} ${row.name}:${row.index} ${row.pid} ${row.state}`;
    assert.deepEqual(rows.map(key), (cli as unknown as Array<Record<string, unknown>>).map(key));
    const register = rows.find((row) => row.kind === 'register') as {
      gateways?: Array<{ name: string; address: string }>;
    };
    assert.equal(register.gateways?.length, 2);
    assert.deepEqual(new Set(register.gateways?.map((g) => g.name)), new Set(['TestGateway']));
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /<title>gatewayworker status<\/title>/);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
  });
});
