import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { BusinessWorker, Gateway, GatewayClient, Register, type Events } from '../../src/index';
import type { LostGatewayInfo } from '../../src/worker/events';
import { echoEvents } from '../fixtures/echo-events';
import { Cluster, waitAttached } from '../helpers/cluster';
import { freePorts } from '../helpers/cli-process';
import { MemoryLogger } from '../helpers/logs';
import { unaryClient } from '../helpers/unary-client';
import { eventually, within } from '../helpers/wait';
import { TestClient } from '../helpers/ws-client';

const GATEWAY_PROCESS = path.resolve(__dirname, '../fixtures/gateway-process.js');

interface GatewayChild {
  child: ChildProcess;
  lan: string;
  listen: string;
  instanceId: string;
}

/** Starts a Gateway in a child process (to SIGKILL it); resolves on its READY line. */
function spawnGateway(options: object, children: ChildProcess[]): Promise<GatewayChild> {
  const child = spawn(process.execPath, [GATEWAY_PROCESS, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return within(
    new Promise<GatewayChild>((resolve, reject) => {
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^READY (.*)$/m.exec(stdout);
        if (match) resolve({ child, ...(JSON.parse(match[1] as string) as Omit<GatewayChild, 'child'>) });
      });
      child.once('exit', (code) => reject(new Error(`gateway process exited (${code}): ${stderr}`)));
    }),
    10_000,
    'the gateway process to be ready',
  );
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The routing part of client ids issued by a Gateway at `address` ("ipv4:port"). */
function idPrefix(address: string): string {
  const [host, port] = address.split(':');
  return (
    host!
      .split('.')
      .map((n) => Number(n).toString(16).padStart(2, '0'))
      .join('') + Number(port).toString(16).padStart(4, '0')
  );
}

describe('Gateway membership: addresses, duplicates, several Registers, lost Gateways', function () {
  const logger = new MemoryLogger();
  const roles: Array<{ stop(): Promise<void> }> = [];
  const clients: TestClient[] = [];
  const children: ChildProcess[] = [];

  async function started<R extends { start(): Promise<void>; stop(): Promise<void> }>(role: R): Promise<R> {
    roles.push(role);
    await role.start();
    return role;
  }

  async function client(url: string): Promise<TestClient> {
    const c = await TestClient.connect(url);
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
    await Promise.all(children.splice(0).map(killed));
    for (const role of roles.splice(0).reverse()) await role.stop();
    logger.lines.length = 0;
  });

  describe('advertised addresses', () => {
    it('binds on innerBind, announces lanHost: workers dial the announced address and client ids route', async () => {
      const register = await started(new Register({ listen: '127.0.0.1:0', logger }));
      // Bound on every interface, announced as 127.0.0.2 (any 127/8 address reaches loopback on Linux).
      const gateway = await started(
        new Gateway({
          listen: 'ws://127.0.0.1:0',
          register: register.address(),
          innerBind: '0.0.0.0:0',
          lanHost: '127.0.0.2',
          logger,
        }),
      );
      assert.match(gateway.lanAddressOf(), /^127\.0\.0\.2:\d+$/);
      const worker = await started(
        new BusinessWorker({ events: echoEvents as Events, register: register.address(), logger }),
      );
      await waitAttached(worker, [gateway.lanAddressOf()]);
      const c = await client(gateway.address());
      assert.equal(await c.request('count'), '1');
      const [id] = await worker.gateway.getAllClientIdList();
      assert.equal(
        id?.slice(0, 12),
        idPrefix(gateway.lanAddressOf()),
        'client ids encode the announced address',
      );
      await worker.gateway.sendToClient(id!, 'routed by id');
      assert.equal(await c.next(), 'routed by id');
    });

    it('behind a port forward (NAT): binds innerBind, announces lanPort; workers come through the forward', async () => {
      const register = await started(new Register({ listen: '127.0.0.1:0', logger }));
      const [bindPort, lanPort] = await freePorts(2);
      const forwardedConnections = new Set<net.Socket>();
      const forward = net.createServer((inbound) => {
        const outbound = net.connect(bindPort!, '127.0.0.1');
        inbound.pipe(outbound).pipe(inbound);
        forwardedConnections.add(inbound);
        inbound.on('error', () => outbound.destroy());
        outbound.on('error', () => inbound.destroy());
      });
      await new Promise<void>((resolve) => forward.listen(lanPort, '127.0.0.1', resolve));
      roles.push({
        stop: () =>
          new Promise<void>((resolve) => {
            for (const socket of forwardedConnections) socket.destroy();
            forward.close(() => resolve());
          }),
      });
      const gateway = await started(
        new Gateway({
          listen: 'ws://127.0.0.1:0',
          register: register.address(),
          innerBind: `127.0.0.1:${bindPort}`,
          lanPort,
          logger,
        }),
      );
      assert.equal(gateway.lanAddressOf(), `127.0.0.1:${lanPort}`);
      const worker = await started(
        new BusinessWorker({ events: echoEvents as Events, register: register.address(), logger }),
      );
      await waitAttached(worker, [gateway.lanAddressOf()]);
      assert.ok(forwardedConnections.size > 0, 'the worker came through the forward');
      const c = await client(gateway.address());
      assert.equal(await c.request('through'), 'through');
      const [id] = await worker.gateway.getAllClientIdList();
      assert.equal(id?.slice(0, 12), idPrefix(`127.0.0.1:${lanPort}`));
    });

    it('a hostname lanHost: announced for dialling, resolved to IPv4 for client ids', async () => {
      const register = await started(new Register({ listen: '127.0.0.1:0', logger }));
      const gateway = await started(
        new Gateway({
          listen: 'ws://127.0.0.1:0',
          register: register.address(),
          lanHost: 'localhost',
          logger,
        }),
      );
      const port = gateway.lanAddressOf().split(':')[1];
      assert.equal(gateway.lanAddressOf(), `127.0.0.1:${port}`);
      await eventually(() => assert.equal(register.gatewayCount, 1));
      const api = new GatewayClient({ register: register.address(), logger });
      roles.push({ stop: () => api.close() });
      const worker = await started(
        new BusinessWorker({ events: echoEvents as Events, register: register.address(), logger }),
      );
      await waitAttached(worker, [gateway.lanAddressOf()]);
      assert.ok(logger.has(new RegExp(`workers connect to localhost:${port}`)));
      const c = await client(gateway.address());
      assert.equal(await c.request('count'), '1');
      const [id] = await api.getAllClientIdList();
      assert.equal(id?.slice(0, 12), idPrefix(`127.0.0.1:${port}`));
      await api.sendToClient(id!, 'from outside');
      assert.equal(await c.next(), 'from outside');
    });

    it('a lanHost that does not resolve fails start() with a clear error', async () => {
      const gateway = new Gateway({ listen: 'ws://127.0.0.1:0', lanHost: 'no-such-host.invalid', logger });
      roles.push(gateway);
      await assert.rejects(gateway.start(), {
        code: 'GW_ERR_INVALID_OPTION',
        message:
          '`lanHost` "no-such-host.invalid" does not resolve to an IPv4 address (client ids encode one)',
      });
    });
  });

  it('a second Gateway announcing a held address is refused and logs why; it is listed once the first goes', async () => {
    const register = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const [lanPort] = await freePorts(1);
    const common = {
      listen: 'ws://127.0.0.1:0',
      register: register.address(),
      innerBind: '127.0.0.1:0',
      lanPort,
    };
    const first = await started(new Gateway({ ...common, name: 'First', logger }));
    await eventually(() => assert.equal(register.gatewayCount, 1));
    const secondLogs = new MemoryLogger('second: ');
    const second = await started(new Gateway({ ...common, name: 'Second', logger: secondLogs }));
    const refusal = new RegExp(
      `ERROR second: register .* refused: address 127\\.0\\.0\\.1:${lanPort} is already announced by gateway First ` +
        `\\(instance ${first.instanceId}\\); gateway Second \\(instance ${second.instanceId}\\)`,
    );
    await eventually(() => assert.ok(secondLogs.has(refusal), secondLogs.lines.join('\n')));
    // Retrying with backoff, but said once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(secondLogs.lines.filter((l) => refusal.test(l)).length, 1);
    assert.equal(register.gatewayCount, 1, 'the first one stays listed');
    // The Register says it once per refused Gateway run too, not on every retry.
    const registerRefusal = new RegExp(`WARN announce from .* refused: address 127\\.0\\.0\\.1:${lanPort}`);
    assert.equal(logger.lines.filter((l) => registerRefusal.test(l)).length, 1, logger.lines.join('\n'));
    await first.stop();
    await eventually(() => assert.ok(secondLogs.has(/register .* reached again/)), 5000);
    assert.equal(register.gatewayCount, 1);
  });

  it('several Registers: with one down, a killed Gateway drops out of cluster-wide queries within the grace', async function () {
    this.timeout(30_000);
    const registerA = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const registerB = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const registers = [registerA.address(), registerB.address()];
    const g1 = await started(new Gateway({ listen: 'ws://127.0.0.1:0', register: registers, logger }));
    const g2 = await spawnGateway({ listen: 'ws://127.0.0.1:0', register: registers }, children);
    await eventually(() => {
      assert.equal(registerA.gatewayCount, 2);
      assert.equal(registerB.gatewayCount, 2);
    });
    const worker = await started(
      new BusinessWorker({ events: echoEvents as Events, register: registers, logger }),
    );
    await waitAttached(worker, [g1.lanAddressOf(), g2.lan]);
    const c1 = await client(g1.address());
    await client(g2.listen);
    const api = new GatewayClient({ register: registers, logger });
    roles.push({ stop: () => api.close() });
    assert.equal(await api.getAllClientIdCount(), 2);

    await registerA.stop();
    assert.equal(await c1.request('hi'), 'hi', 'traffic goes on with Register A down');
    await killed(g2.child);
    const killedAt = Date.now();
    await eventually(async () => {
      const ids = await api.getAllClientIdList();
      assert.deepEqual(
        ids.map((id) => id.slice(0, 12)),
        [idPrefix(g1.lanAddressOf())],
      );
    }, 15_000);
    const boundMs = Date.now() - killedAt;
    if (process.env.GW_TEST_TIMES === '1') process.stderr.write(`failover: ${boundMs} ms\n`);
    assert.ok(boundMs < 10_000, `took ${boundMs} ms`);
    // The worker's own API agrees, and so does Register B's Cluster service.
    assert.equal(await worker.gateway.getAllClientIdCount(), 1);
    const rpc = unaryClient(registerB.address(), 'Cluster');
    try {
      assert.deepEqual(await rpc.call('GetAllClientCount')({}), { count: 1 });
    } finally {
      rpc.close();
    }
    assert.equal(await c1.request('still'), 'still');
  });

  it('onGatewayLost: each worker names the lost Gateway and the clients it knew as open; each client once', async function () {
    this.timeout(30_000);
    const register = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const lost: Array<{ worker: number; gateway: LostGatewayInfo; clientIds: string[] }> = [];
    const eventsOf = (worker: number): Events => ({
      ...(echoEvents as Events),
      onGatewayLost(gateway, clientIds) {
        lost.push({ worker, gateway, clientIds: [...clientIds] });
      },
    });
    const workers = [
      await started(new BusinessWorker({ events: eventsOf(0), register: register.address(), logger })),
      await started(
        new BusinessWorker({ events: eventsOf(1), register: register.address(), index: 1, logger }),
      ),
    ];
    const g = await spawnGateway(
      { name: 'Doomed', listen: 'ws://127.0.0.1:0', register: register.address() },
      children,
    );
    for (const worker of workers) await waitAttached(worker, [g.lan]);
    const connected: TestClient[] = [];
    for (let i = 0; i < 6; i++) connected.push(await client(g.listen));
    for (const c of connected) assert.equal(await c.request('hi'), 'hi');
    await connected[0]!.close();
    const api = workers[0]!.gateway;
    await eventually(async () => assert.equal(await api.getAllClientIdCount(), 5));
    const open = (await api.getAllClientIdList()).sort();

    await killed(g.child);
    const killedAt = Date.now();
    await eventually(() => assert.equal(lost.length, 2), 10_000);
    const elapsed = Date.now() - killedAt;
    if (process.env.GW_TEST_TIMES === '1') process.stderr.write(`onGatewayLost: ${elapsed} ms\n`);
    assert.deepEqual(lost.map((l) => l.worker).sort(), [0, 1], 'once per worker');
    for (const report of lost) {
      assert.deepEqual(report.gateway, { address: g.lan, name: 'Doomed', instanceId: g.instanceId });
    }
    assert.deepEqual(
      lost.flatMap((l) => l.clientIds).sort(),
      open,
      'every open client once, the closed one not',
    );
    assert.ok(
      lost.every((l) => l.clientIds.length > 0),
      'least connections spread the clients over both workers',
    );
    assert.ok(elapsed < 5000, `reported after ${elapsed} ms`);
    assert.ok(
      logger.has(new RegExp(`gateway ${g.lan} \\(Doomed, instance ${g.instanceId}\\) lost: \\d client`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(lost.length, 2, 'not reported again');
  });

  it('a frozen Gateway (SIGSTOP, like an unreachable host) is unlisted and reported lost by keepalive', async function () {
    this.timeout(40_000);
    const register = await started(new Register({ listen: '127.0.0.1:0', logger }));
    const lost: LostGatewayInfo[] = [];
    const events: Events = { ...(echoEvents as Events), onGatewayLost: (gateway) => void lost.push(gateway) };
    const worker = await started(new BusinessWorker({ events, register: register.address(), logger }));
    const g = await spawnGateway({ listen: 'ws://127.0.0.1:0', register: register.address() }, children);
    await waitAttached(worker, [g.lan]);
    g.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    await eventually(() => assert.equal(register.gatewayCount, 0), 30_000);
    const unlistedMs = Date.now() - frozenAt;
    await eventually(() => assert.equal(lost.length, 1), 30_000);
    const lostMs = Date.now() - frozenAt;
    if (process.env.GW_TEST_TIMES === '1')
      process.stderr.write(`frozen gateway: unlisted after ${unlistedMs} ms, lost after ${lostMs} ms\n`);
    assert.equal(lost[0]?.instanceId, g.instanceId);
    // keepalive: a ping every 10 s, 5 s to answer (src/rpc/load.ts), plus scheduling slack.
    assert.ok(lostMs < 25_000, `reported after ${lostMs} ms`);
  });

  it('a Gateway back as a new instance: a query queued for the old one fails clearly, onGatewayLost names the old one', async function () {
    this.timeout(20_000);
    const [lanPort] = await freePorts(1);
    const lost: Array<{ gateway: LostGatewayInfo; clientIds: string[] }> = [];
    const cluster = await Cluster.start({
      events: {
        ...(echoEvents as Events),
        onGatewayLost: (gateway, clientIds) => void lost.push({ gateway, clientIds }),
      },
      gateway: { lanPort },
    });
    roles.push({ stop: () => cluster.close() });
    const worker = cluster.workers[0]!;
    const old = cluster.gateways[0]!;
    const c = await cluster.connect();
    assert.equal(await c.request('hi'), 'hi');
    const [oldId] = await worker.gateway.getAllClientIdList();
    // The Register goes first, so the worker keeps the Gateway listed and keeps reconnecting to it.
    await cluster.register!.stop();
    await old.stop();
    await c.waitClosed();
    const query = worker.gateway.isOnline(oldId!);
    const again = await cluster.addGateway({ lanPort });
    await assert.rejects(query, {
      code: 'GW_ERR_GATEWAY_UNAVAILABLE',
      message: `gateway 127.0.0.1:${lanPort} restarted before the query was sent (new instance)`,
    });
    await eventually(() => assert.equal(lost.length, 1));
    assert.deepEqual(lost[0], {
      gateway: { address: `127.0.0.1:${lanPort}`, name: old.options.name, instanceId: old.instanceId },
      clientIds: [], // a graceful stop closed them: their onClose came, so they are not lost
    });
    assert.notEqual(again.instanceId, old.instanceId);
    assert.ok(cluster.logs.has(/restarted: 0 queued command\(s\) dropped, 1 queued query\(ies\) failed/));
  });
});
