import { strict as assert } from 'node:assert';
import { freePorts } from '../helpers/cli-process';
import { RelayClient } from '../helpers/relay-client';
import type { RoleSpec } from '../fixtures/role-process';
import { RoleProcess } from '../helpers/role-process';
import { eventually, within } from '../helpers/wait';
import { DISRUPTIONS, judge, type Disruption, type SentMessage } from './verdict';

// Chaos on loopback with real processes: 2 Registers, 2 Gateways (GA stays, GB is killed), 3
// BusinessWorkers, CLIENTS WebSocket clients sending numbered messages to each other (by uid or
// client id) and to themselves through the workers, while a seeded schedule kills and restarts
// processes. At the end, for every client: nothing twice, nothing out of order, nothing meant for
// another; and every message to a client that stayed connected arrived, unless the guarantee
// allows its loss (in flight in a SIGKILLed worker, or to/from a client of the killed Gateway).
//   GW_CHAOS_SEED=<n>|random   GW_CHAOS_ROUNDS=<n>   GW_TEST_LOGS=1 (every process's output)
const SEED =
  process.env.GW_CHAOS_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.GW_CHAOS_SEED ?? 20261202);
/** Rounds of one action each; by default every kind twice, in a seeded order. */
const ROUNDS = Number(process.env.GW_CHAOS_ROUNDS ?? 2 * DISRUPTIONS.length);
const CLIENTS = 24;
const WORKERS = 3;
const TICK_MS = 50;
const MAX_TRAFFIC_MS = 90_000;
/** A SIGKILLed worker may have written a message's ack but not yet the message: killed between the send and this long after the ack. */
const KILL_AFTER_ACK_MS = 1000;
/** How far around a kill or graceful restart a loss is blamed on it. */
const BLAME_WINDOW_MS = 5000;

/** mulberry32: a small seeded PRNG (the same seed gives the same schedule and traffic choices). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('chaos: kills and restarts while clients exchange numbered messages', function () {
  this.timeout(120_000);
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const processes: RoleProcess[] = [];
  const clients: RelayClient[] = [];

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(processes.map((p) => p.stop(3000)));
  });

  it(`every message to a client arrives once and in order (seed ${SEED}, ${ROUNDS} rounds)`, async () => {
    const startedAt = Date.now();
    // Fixed ports: a restarted process takes its predecessor's address, as under the supervisor.
    const [r1, r2, gaClient, gaLan, gbClient, gbLan] = await freePorts(6);
    const registers = [`127.0.0.1:${r1}`, `127.0.0.1:${r2}`];
    const secretKey = 'chaos-secret';
    const common = { register: registers, secretKey };
    const start = async (name: string, spec: RoleSpec): Promise<RoleProcess> => {
      const role = await RoleProcess.start({ name, spec });
      processes.push(role);
      return role;
    };
    const startRegister = (i: number): Promise<RoleProcess> =>
      start(`register ${i}`, {
        role: 'register',
        options: { listen: registers[i], secretKey, stopGraceMs: 200 },
      });
    const gatewayPorts = { GA: [gaClient, gaLan], GB: [gbClient, gbLan] } as const;
    const startGateway = (name: 'GA' | 'GB'): Promise<RoleProcess> =>
      start(name, {
        role: 'gateway',
        options: {
          ...common,
          name,
          listen: `ws://127.0.0.1:${gatewayPorts[name][0]}`,
          lanPort: gatewayPorts[name][1],
          stopGraceMs: 200,
        },
      });
    const lans = [`127.0.0.1:${gaLan}`, `127.0.0.1:${gbLan}`];
    const startWorker = async (index: number): Promise<RoleProcess> => {
      const worker = await start(`worker ${index}`, {
        role: 'worker',
        options: { ...common, name: 'Chaos', index, stopGraceMs: 3000 },
      });
      await worker.waitAttached(lans);
      return worker;
    };

    const registerProcs = await Promise.all([startRegister(0), startRegister(1)]);
    const gateways = { GA: await startGateway('GA'), GB: await startGateway('GB') };
    const workers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => startWorker(i)));

    // Clients: half on each Gateway; a client of GB that dies is replaced by a new one (new name).
    const sent = new Map<string, SentMessage>();
    const seqs = new Map<string, number>();
    const onGateway = new Map<RelayClient, 'GA' | 'GB' | 'gone'>();
    let lostClients = 0;
    let lostNamed = 0;
    let nextAck = 1;
    const connect = async (name: string, gateway: 'GA' | 'GB'): Promise<void> => {
      const client = await RelayClient.connect(`ws://127.0.0.1:${gatewayPorts[gateway][0]}`, name);
      clients.push(client);
      onGateway.set(client, gateway);
      await client.login();
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => connect(`c${i}`, i % 2 ? 'GB' : 'GA')));

    const live = (): RelayClient[] => clients.filter((c) => c.isOpen && c.clientId !== '');
    const sendOne = (from: RelayClient): void => {
      const others = live();
      const roll = random();
      const to = roll < 0.1 ? from : pick(others);
      const via = roll < 0.1 || roll >= 0.55 ? 'client' : 'uid';
      const key = `${from.name}>${to.name}`;
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      const message: SentMessage = {
        t: 'msg',
        from: from.name,
        to: to.name,
        seq,
        via,
        ack: nextAck++,
        sentAt: Date.now(),
      };
      sent.set(`${key}#${seq}`, message);
      from.command({
        op: via,
        to: via === 'uid' ? to.name : to.clientId,
        body: JSON.stringify({ t: 'msg', from: from.name, to: to.name, seq, via }),
        ack: message.ack,
      });
    };
    let traffic = true;
    const trafficDone = (async () => {
      // Bounded in time too, whatever happens to the schedule.
      while (traffic && Date.now() - startedAt < MAX_TRAFFIC_MS) {
        for (const client of live()) sendOne(client);
        await delay(TICK_MS);
      }
    })();

    // The schedule: each kind equally often, shuffled by the seed.
    const schedule: Disruption[] = Array.from(
      { length: ROUNDS },
      (_, i) => DISRUPTIONS[i % DISRUPTIONS.length] as Disruption,
    );
    for (let i = schedule.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [schedule[i], schedule[j]] = [schedule[j] as Disruption, schedule[i] as Disruption];
    }
    const kills: Array<{ kind: Disruption; pid: number; at: number }> = [];
    const kindCount = (kind: Disruption): number => kills.filter((k) => k.kind === kind).length;
    const runRound = async (kind: Disruption): Promise<void> => {
      await delay(300 + random() * 700);
      const downMs = 200 + random() * 1000;
      if (kind === 'worker-sigterm' || kind === 'worker-sigkill') {
        const index = Math.floor(random() * WORKERS);
        const worker = workers[index] as RoleProcess;
        kills.push({ kind, pid: worker.pid, at: Date.now() });
        if (kind === 'worker-sigterm') await worker.stop(10_000);
        else worker.kill('SIGKILL');
        await worker.exited;
        await delay(downMs);
        workers[index] = await startWorker(index);
      } else if (kind === 'gateway-sigkill') {
        const gb = gateways.GB;
        const dead = clients.filter((c) => onGateway.get(c) === 'GB');
        const reportsBefore = workers.map((w) => w.reports.length);
        kills.push({ kind, pid: gb.pid, at: Date.now() });
        gb.kill('SIGKILL');
        await gb.exited;
        await within(Promise.all(dead.map((c) => c.closed)), 5000, "GB's clients to see it die");
        await delay(downMs);
        gateways.GB = await startGateway('GB');
        await Promise.all(workers.map((w) => w.waitAttached(lans)));
        // Business code heard of it: every worker ran onGatewayLost for GB, each lost client named
        // by one worker at most, and only GB's clients (a client whose worker was killed since its
        // last event is known to no live worker, so not every one need be named).
        const lostReports = (): Array<Record<string, unknown>> =>
          workers.flatMap((w, i) =>
            w.reports
              .slice(reportsBefore[i])
              .filter((r) => r.event === 'gateway-lost' && r.gateway === lans[1]),
          );
        await eventually(() =>
          assert.equal(lostReports().length, workers.length, 'onGatewayLost per worker'),
        );
        const named = lostReports().flatMap((r) => r.clientIds as string[]);
        assert.equal(new Set(named).size, named.length, `no client reported lost twice: ${named.join(',')}`);
        const deadIds = new Set(dead.map((c) => c.clientId));
        for (const id of named) assert.ok(deadIds.has(id), `${id} reported lost is a client of GB`);
        lostNamed += named.length;
        lostClients += dead.length;
        for (const client of dead) onGateway.set(client, 'gone');
        await Promise.all(dead.map((c) => connect(`${c.name.split('.')[0]}.${kills.length}`, 'GB')));
      } else {
        const index = Math.floor(random() * 2);
        const register = registerProcs[index] as RoleProcess;
        kills.push({ kind, pid: register.pid, at: Date.now() });
        register.kill('SIGKILL');
        await register.exited;
        await delay(downMs);
        registerProcs[index] = await startRegister(index);
      }
    };
    try {
      for (const kind of schedule) await runRound(kind);
      await delay(1000);
    } finally {
      traffic = false;
      await trafficDone;
    }
    const trafficEnd = Date.now();

    // Settle: every message of a live sender acked, and delivered where it is due (bounded).
    const due = (m: SentMessage): RelayClient | undefined => clients.find((c) => c.name === m.to && c.isOpen);
    const settleBy = Date.now() + 8000;
    while (Date.now() < settleBy) {
      const pending = [...sent.values()].filter((m) => {
        const receiver = due(m);
        return receiver && !receiver.inbox.some((r) => r.from === m.from && r.to === m.to && r.seq === m.seq);
      });
      if (pending.length === 0) break;
      await delay(100);
    }

    const verdict = judge(sent.values(), clients, kills, {
      killAfterAckMs: KILL_AFTER_ACK_MS,
      windowMs: BLAME_WINDOW_MS,
      trafficEnd,
    });
    const { losses } = verdict;
    const throughout = clients.filter((c) => c.isOpen && !c.name.includes('.')).length;
    console.log(
      `      [chaos] seed ${SEED}, ${ROUNDS} rounds (${schedule.join(', ')}), ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ` +
        `sent ${sent.size}, delivered ${verdict.delivered}; kills: worker SIGTERM ${kindCount('worker-sigterm')}, ` +
        `worker SIGKILL ${kindCount('worker-sigkill')}, gateway SIGKILL ${kindCount('gateway-sigkill')}, ` +
        `register SIGKILL ${kindCount('register-sigkill')}; losses: gateway-kill ${losses['gateway-kill']}, ` +
        `worker-sigkill ${losses['worker-sigkill']}, worker-sigterm ${losses['worker-sigterm']}, ` +
        `unexplained ${losses.unexplained}; duplicates ${verdict.duplicates}, reordered ${verdict.reordered}, ` +
        `misdelivered ${verdict.misdelivered}; clients connected throughout ${throughout}/${CLIENTS}; ` +
        `longest gap in delivery ${verdict.longestGapMs} ms; onGatewayLost named ${lostNamed} of ${lostClients} lost clients`,
    );
    for (const line of verdict.violations) console.log(`      [chaos] ${line}`);
    assert.equal(verdict.duplicates, 0, 'no message arrives twice');
    assert.equal(verdict.reordered, 0, 'per sender, messages arrive in the order sent');
    assert.equal(verdict.misdelivered, 0, 'no message reaches a client it was not meant for');
    assert.deepEqual(verdict.violations, [], 'no loss outside what the guarantee allows');
    assert.ok(throughout >= CLIENTS / 2, "GA's clients all stayed connected");
  });
});
