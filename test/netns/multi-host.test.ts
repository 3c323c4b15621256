import { strict as assert } from 'node:assert';
import { NetnsLab } from '../helpers/netns';
import { RelayClient, type Numbered } from '../helpers/relay-client';
import { listGateways, type RoleProcess } from '../helpers/role-process';
import { eventually } from '../helpers/wait';

// Register, two Gateways and two BusinessWorkers, each on a "host" of its own (a network
// namespace on one bridge); the WebSocket clients live in this test process, on the bridge too.
// Ports are fixed: every host has its own port space, and a restart must reuse the address.
const HOSTS = ['r', 'g1', 'g2', 'w1', 'w2'];
const REGISTER_PORT = 1236;
const CLIENT_PORT = 7272;
const LAN_PORT = 2900;
const ROOM = 'room';
// The mesh runs with a secret key, as a cluster across hosts should.
const SECRET = 'netns-secret';

const ms = (since: number): number => Date.now() - since;
const log = (line: string): void => console.log(`      [netns] ${line}`);

/**
 * Per (sender, receiver) sequence numbers of what was sent; a receiver must get exactly these, in
 * order (nothing lost, nothing twice). A group's messages count for a member from its first round.
 */
class Ledger {
  private readonly sent = new Map<string, number>();
  private readonly groupStart = new Map<string, number>();

  send(from: RelayClient, to: string, via: Numbered['via']): void {
    const key = `${from.name}>${to}`;
    const seq = (this.sent.get(key) ?? 0) + 1;
    this.sent.set(key, seq);
    from.sendNumbered({ t: 'msg', from: from.name, to, seq, via });
  }

  /** Call before a round: from now on `member` must get every message `from` sends to `group`. */
  follow(member: string, from: string, group: string): void {
    const key = `${from}>${group}@${member}`;
    if (!this.groupStart.has(key)) this.groupStart.set(key, this.sent.get(`${from}>${group}`) ?? 0);
  }

  /** The sequence numbers `member` must have from `from` to `to` (its own uid, or a group). */
  expected(from: string, to: string, member = to): number[] {
    const first = (this.groupStart.get(`${from}>${to}@${member}`) ?? 0) + 1;
    const last = this.sent.get(`${from}>${to}`) ?? 0;
    return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  }
}

describe('multi-host on network namespaces', function () {
  this.timeout(60_000);
  let lab: NetnsLab;
  const started: RoleProcess[] = [];
  let clients: RelayClient[] = [];
  let ledger: Ledger;

  before(async function () {
    const created = await NetnsLab.create(HOSTS);
    if ('unavailable' in created) {
      // In CI (.ci/run installs iproute2) the suite must run, never skip.
      if (process.env.CI)
        throw new Error(`the multi-host tests need network namespaces in CI: ${created.unavailable}`);
      console.log(`      [netns] skipped: ${created.unavailable}`);
      this.skip();
    }
    lab = created as NetnsLab;
  });

  after(() => lab?.destroy());

  const registerAddress = (): string => `${lab.host('r').address}:${REGISTER_PORT}`;
  const lanOf = (host: string): string => `${lab.host(host).address}:${LAN_PORT}`;
  const urlOf = (host: string): string => `ws://${lab.host(host).address}:${CLIENT_PORT}`;
  const common = (): Record<string, unknown> => ({ register: [registerAddress()], secretKey: SECRET });

  const startRegister = (): Promise<RoleProcess> =>
    lab.start('r', {
      name: 'register',
      spec: { role: 'register', options: { listen: registerAddress(), secretKey: SECRET, stopGraceMs: 200 } },
    });

  const startGateway = (host: string): Promise<RoleProcess> =>
    lab.start(host, {
      name: host,
      spec: {
        role: 'gateway',
        options: {
          ...common(),
          name: host,
          listen: urlOf(host),
          lanHost: lab.host(host).address,
          lanPort: LAN_PORT,
          stopGraceMs: 200,
          // WebSocket pings rarer than the longest cut: a client of a cut Gateway then survives the
          // cut for sure, so that the test can assert it is served again afterwards.
          wsPingIntervalMs: 60_000,
        },
      },
    });

  const startWorker = (host: string, index: number): Promise<RoleProcess> =>
    lab.start(host, {
      name: host,
      spec: { role: 'worker', options: { ...common(), name: 'Chat', index, stopGraceMs: 500 } },
    });

  /** Clients a1, a2 on G1 and b1, b2 on G2, logged in (uid = name) and in ROOM. */
  async function connectClients(): Promise<Record<'a1' | 'a2' | 'b1' | 'b2', RelayClient>> {
    const made = {
      a1: await RelayClient.connect(urlOf('g1'), 'a1'),
      a2: await RelayClient.connect(urlOf('g1'), 'a2'),
      b1: await RelayClient.connect(urlOf('g2'), 'b1'),
      b2: await RelayClient.connect(urlOf('g2'), 'b2'),
    };
    clients.push(...Object.values(made));
    await Promise.all(Object.values(made).map((c) => c.login([ROOM])));
    return made;
  }

  /** Business code heard of the lost Gateway: across the workers, each of its clients exactly once. */
  async function assertGatewayLostReported(
    workers: RoleProcess[],
    gateway: string,
    itsClients: RelayClient[],
  ): Promise<void> {
    const lostReports = (w: RoleProcess): Array<Record<string, unknown>> =>
      w.reports.filter((r) => r.event === 'gateway-lost' && r.gateway === gateway);
    const reported = (): string[] =>
      workers.flatMap((w) => lostReports(w).flatMap((r) => r.clientIds as string[]));
    await eventually(() => assert.equal(reported().length, itsClients.length, 'onGatewayLost reports'), 5000);
    assert.deepEqual(reported().sort(), itsClients.map((c) => c.clientId).sort());
  }

  beforeEach(async () => {
    ledger = new Ledger();
    const roles = [
      await startRegister(),
      await startGateway('g1'),
      await startGateway('g2'),
      ...(await Promise.all([startWorker('w1', 0), startWorker('w2', 1)])),
    ];
    started.push(...roles);
    const workers = roles.slice(3);
    await Promise.all(workers.map((w) => w.waitAttached([lanOf('g1'), lanOf('g2')])));
  });

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    started.length = 0;
    await lab.stopAll();
    await Promise.all([...lab.hosts.keys()].map((h) => lab.restore(h)));
  });

  /**
   * Every sender sends one numbered message to every receiver by uid, and one to ROOM; then every
   * receiver must have exactly 1..n from each sender, in order (nothing lost, nothing twice).
   * Resolves with the time it took.
   */
  async function exchange(
    senders: RelayClient[],
    receivers: RelayClient[],
    { viaGroup = true, timeoutMs = 5000 } = {},
  ): Promise<number> {
    const t0 = Date.now();
    for (const to of receivers) for (const from of senders) ledger.follow(to.name, from.name, ROOM);
    for (const from of senders) {
      for (const to of receivers) ledger.send(from, to.name, 'uid');
      if (viaGroup) ledger.send(from, ROOM, 'group');
    }
    for (const to of receivers) {
      // What `to` must have: from each sender, its messages by uid, and to ROOM when this round used it.
      const streams = senders.flatMap((from) => [
        { from: from.name, target: to.name },
        ...(viaGroup ? [{ from: from.name, target: ROOM }] : []),
      ]);
      const complete = (): boolean =>
        streams.every(
          ({ from, target }) =>
            to.receivedFrom(from, target).length >= ledger.expected(from, target, to.name).length,
        );
      await to.until(complete, timeoutMs, 'the numbered messages of this round').catch((err: Error) => {
        const have = streams.map(
          ({ from, target }) => `${from}>${target}: ${to.receivedFrom(from, target).join(',')}`,
        );
        err.message += ` (received: ${have.join('; ')})`;
        throw err;
      });
      for (const { from, target } of streams) {
        assert.deepEqual(
          to.receivedFrom(from, target),
          ledger.expected(from, target, to.name),
          `${from} -> ${target} at ${to.name}`,
        );
      }
    }
    return ms(t0);
  }

  /** Waits until the Register lists exactly `lans`; resolves with how long that took from `since`. */
  async function registerLists(lans: string[], since: number, timeoutMs: number): Promise<number> {
    await eventually(
      async () => assert.deepEqual(await listGateways(registerAddress(), SECRET), [...lans].sort()),
      timeoutMs,
    );
    return ms(since);
  }

  it('restart of the Register (kill -9, start again): no client disconnects, messages flow meanwhile, the list is whole again', async () => {
    const { a1, a2, b1, b2 } = await connectClients();
    const all = [a1, a2, b1, b2];
    await exchange(all, all);

    const killedAt = Date.now();
    await lab.killHost('r');
    const during: number[] = [];
    for (let round = 0; round < 3; round++) during.push(await exchange(all, all));
    const workers = started.filter((r) => r.name.startsWith('w'));
    for (const worker of workers)
      assert.deepEqual([...worker.attached].sort(), [lanOf('g1'), lanOf('g2')].sort());

    const restartedAt = Date.now();
    started.push(await startRegister());
    const relisted = await registerLists([lanOf('g1'), lanOf('g2')], restartedAt, 5000);
    await exchange(all, all);
    for (const client of all) assert.ok(client.isOpen, `${client.name} stayed connected`);
    log(
      `Register down ${restartedAt - killedAt} ms: rounds during the outage took ${during.join(', ')} ms; ` +
        `after its restart both Gateways listed again within ${relisted} ms`,
    );
  });

  it("a 2 s cut of G2's link (within the keepalive timeout): nothing is lost, G2's clients get what was sent meanwhile", async () => {
    const { a1, a2, b1, b2 } = await connectClients();
    const all = [a1, a2, b1, b2];
    await exchange(all, all);

    const CUT_MS = 2000;
    const cutAt = Date.now();
    await lab.cut('g2');
    let rounds = 0;
    // 2 s: a keepalive ping (or its answer) caught in the cut is retransmitted by TCP at the latest
    // 3 s after it was sent (200 ms minimum RTO, doubling), so within the 5 s keepalive timeout.
    while (ms(cutAt) < CUT_MS - 300) {
      // G1's clients are served; what they send to b1, b2 (by uid, and to ROOM) waits in TCP buffers.
      await exchange([a1, a2], [a1, a2]);
      for (const from of [a1, a2]) for (const to of [b1, b2]) ledger.send(from, to.name, 'uid');
      rounds += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, CUT_MS - ms(cutAt))));
    const restoredAt = Date.now();
    await lab.restore('g2');
    // Everything sent during the cut arrives, once and in order, with this round's messages.
    await exchange(all, all, { timeoutMs: 10_000 });
    const caughtUp = ms(restoredAt);
    const workers = started.filter((r) => r.name.startsWith('w'));
    for (const worker of workers)
      assert.ok(
        !worker.reports.some((r) => r.event === 'detached'),
        `${worker.name} never detached a Gateway`,
      );
    for (const client of all) assert.ok(client.isOpen, `${client.name} stayed connected`);
    log(
      `${restoredAt - cutAt} ms cut of G2: ${rounds} rounds among G1's clients meanwhile; after the restore b1 and b2 had ` +
        `every message of the cut within ${caughtUp} ms`,
    );
  });

  it("cut G2's link: G1's clients keep working with no loss; G2 leaves the list; restored, G2 is used again", async () => {
    const { a1, a2, b1, b2 } = await connectClients();
    await exchange([a1, a2, b1, b2], [a1, a2, b1, b2]);

    const cutAt = Date.now();
    await lab.cut('g2');
    // G1's clients reach each other by uid and group while G2 cannot be reached: every round, until
    // the Register has noticed (keepalive) and G2 is unlisted.
    let rounds = 0;
    let slowest = 0;
    let unlistedAfter: number | undefined;
    while (unlistedAfter === undefined && ms(cutAt) < 30_000) {
      slowest = Math.max(slowest, await exchange([a1, a2], [a1, a2]));
      rounds += 1;
      const listed = await listGateways(registerAddress(), SECRET).catch((): string[] => []);
      if (!listed.includes(lanOf('g2'))) unlistedAfter = ms(cutAt);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.ok(unlistedAfter !== undefined, 'the Register unlisted the unreachable G2 within 30 s');
    const workers = started.filter((r) => r.name.startsWith('w'));
    await Promise.all(workers.map((w) => w.until(() => !w.attached.has(lanOf('g2')), 10_000, 'G2 detached')));
    const detachedAfter = ms(cutAt);
    await assertGatewayLostReported(workers, lanOf('g2'), [b1, b2]);
    await exchange([a1, a2], [a1, a2]);

    const restoredAt = Date.now();
    await lab.restore('g2');
    const relisted = await registerLists([lanOf('g1'), lanOf('g2')], restoredAt, 10_000);
    await Promise.all(workers.map((w) => w.waitAttached([lanOf('g2')], 10_000)));
    const reattached = ms(restoredAt);
    // G2 is used again: a new client there, and its old clients (their connections outlived the
    // cut: no WebSocket ping fell into it) are reached by uid and reach G1's clients. Group messages
    // sent during the cut are not expected at b1 and b2, so this round goes by uid only.
    const b3 = await RelayClient.connect(urlOf('g2'), 'b3');
    clients.push(b3);
    await b3.login([ROOM]);
    await exchange([a1, a2, b3], [a1, a2, b3]);
    assert.ok(b1.isOpen && b2.isOpen, "G2's clients survived the cut");
    await exchange([a1, a2, b1, b2, b3], [a1, a2, b1, b2, b3], { viaGroup: false });
    // Of the group messages sent while G2 was cut off, b1 and b2 get some (those queued for G2 after
    // the workers gave its stream up, sent once they re-attached), never twice or out of order.
    const roomAt = (client: RelayClient): number[] =>
      [a1, a2].flatMap((f) => client.receivedFrom(f.name, ROOM));
    for (const client of [b1, b2]) {
      for (const from of [a1, a2]) {
        const seqs = client.receivedFrom(from.name, ROOM);
        assert.ok(
          seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number)),
          `${from.name} -> ${ROOM} at ${client.name} in order, once: ${seqs.join(',')}`,
        );
      }
    }
    log(
      `cut G2: ${rounds} rounds among G1's clients, slowest ${slowest} ms; Register unlisted G2 after ` +
        `${unlistedAfter} ms, workers detached it after ${detachedAfter} ms; restored: listed again after ` +
        `${relisted} ms, workers re-attached after ${reattached} ms; group messages at b1: ${roomAt(b1).length} ` +
        `of ${ledger.expected(a1.name, ROOM, b1.name).length + ledger.expected(a2.name, ROOM, b1.name).length}`,
    );
  });

  it('kill -9 of host g2: G1 keeps working with no loss, G2 leaves the list at once; restarted, it takes clients', async () => {
    const { a1, a2, b1, b2 } = await connectClients();
    await exchange([a1, a2, b1, b2], [a1, a2, b1, b2]);

    const killedAt = Date.now();
    await lab.killHost('g2');
    const unlisted = await registerLists([lanOf('g1')], killedAt, 5000);
    const workers = started.filter((r) => r.name.startsWith('w'));
    await Promise.all(workers.map((w) => w.until(() => !w.attached.has(lanOf('g2')), 5000, 'G2 detached')));
    const detached = ms(killedAt);
    await Promise.all([b1.closed, b2.closed]);
    assert.equal(b1.closeCode, 1006, 'the client of a killed Gateway sees its connection drop');
    for (let round = 0; round < 3; round++) await exchange([a1, a2], [a1, a2]);
    await assertGatewayLostReported(workers, lanOf('g2'), [b1, b2]);

    const restartedAt = Date.now();
    started.push(await startGateway('g2'));
    await Promise.all(workers.map((w) => w.waitAttached([lanOf('g2')], 5000)));
    const b3 = await RelayClient.connect(urlOf('g2'), 'b3');
    clients.push(b3);
    await b3.login([ROOM]);
    await exchange([a1, a2, b3], [a1, a2, b3]);
    log(
      `kill -9 g2: Register unlisted it after ${unlisted} ms, workers detached after ${detached} ms; ` +
        `restarted on the same address, serving a new client after ${ms(restartedAt)} ms`,
    );
  });
});
