import { strict as assert } from 'node:assert';
import type { Events, SessionData } from '../../src/index';
import { createPolyglotEvents } from '../../examples/polyglot/events';
import { decodeClientId, frameProtocol, textProtocol } from '../../src/index';
import { Cluster } from './cluster';
import { freePorts } from './cli-process';
import { RoleProcess } from './role-process';
import { TcpTestClient } from './tcp-client';
import { TestClient } from './ws-client';

/** The language tag of the TypeScript worker that the second scenario adds next to the one under test. */
const MIXED_IN_LANGUAGE = 'ts';

/** How to start a worker beyond its Register and index. */
export interface StartOptions {
  /** The mesh's secret key, given to the worker as GATEWAYWORKER_SECRET_KEY. */
  secretKey?: string;
  /** Resolve once its stderr (its log) matches this, not on READY (a worker that is refused, or to
   * wait for a particular log line). */
  untilStderr?: RegExp;
}

/** A worker the suite started. */
export interface StartedWorker {
  /** Stops it gracefully (killing it if that takes too long). */
  stop(): Promise<void>;
  /** Resolves once its log (stderr) has a line matching `pattern`; rejects after `timeoutMs`. */
  logged(pattern: RegExp, timeoutMs: number): Promise<void>;
}

/** Starts one worker of some language against `registerAddress`. */
export type StartWorker = (
  registerAddress: string,
  index: number,
  options?: StartOptions,
) => Promise<StartedWorker>;

/** `text` as a RegExp source that matches exactly it. */
export const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the suite may check of a worker beyond the app's answers. */
export interface WorkerTraits {
  /** A log line the worker writes when attached to the Gateway `routing` through `dial` (both
   * "host:port"): shows that it dialled GatewayInfo.dial_address. */
  attachedVia?: (routing: string, dial: string) => RegExp;
  /** Its log line for a Gateway `address` lost with `clients` clients it knew. Default: the
   * TypeScript worker's `gateway <address> (<name>, instance <id>) lost: <n> client(s) ...`. */
  lostLine?: (address: string, clients: number) => RegExp;
  /** Its log line for a stream to the Gateway `address` that broke (it reconnects). */
  streamLostLine?: (address: string) => RegExp;
  /** Its log line for `dropped` commands queued for a previous run of the Gateway `address`. */
  droppedLine?: (address: string, dropped: number) => RegExp;
}

// The TypeScript worker's log lines (the Python one writes the same).
const defaultLostLine = (address: string, clients: number): RegExp =>
  new RegExp(`gateway ${literal(address)} \\([^)]*\\) lost: ${clients} client`);
const defaultStreamLostLine = (address: string): RegExp =>
  new RegExp(`gateway ${literal(address)} stream lost`);
const defaultDroppedLine = (address: string, dropped: number): RegExp =>
  new RegExp(`gateway ${literal(address)} restarted: ${dropped} queued command\\(s\\) dropped`);

/**
 * The shared scenarios of examples/polyglot/README.md, run against a cluster of two Gateways whose
 * only workers are started by `start` (one per index in `workers`), or mixed with a TypeScript one.
 */
export function describePolyglotWorker(
  language: string,
  start: StartWorker,
  traits: WorkerTraits = {},
  timeoutMs = 60_000,
): void {
  // The mixed-in TypeScript worker answers whoami with 'ts': a worker under test that did too would
  // make the "both workers served" and whoami checks pass whichever worker answered.
  assert.notEqual(language, MIXED_IN_LANGUAGE, 'the worker under test needs a language tag of its own');
  describe(`${language} worker (examples/polyglot app)`, function () {
    this.timeout(timeoutMs);
    let cluster: Cluster;
    const stops: Array<{ stop(): Promise<void> }> = [];

    const hello = async (client: TestClient): Promise<string> => {
      const greeting = await client.next(10_000);
      assert.match(greeting, /^hello [0-9a-f]{20}$/);
      return greeting.slice('hello '.length);
    };

    async function startCluster(options: {
      withTypeScriptWorker: boolean;
      listen?: string[];
    }): Promise<void> {
      cluster = new Cluster();
      await cluster.startRegister();
      await cluster.addGateway(options.listen ? { listen: options.listen } : {});
      await cluster.addGateway();
      stops.push(await start(cluster.registerAddress, 0));
      if (options.withTypeScriptWorker)
        await cluster.addWorker(createPolyglotEvents(MIXED_IN_LANGUAGE) as Events<SessionData>, { index: 1 });
      await cluster.waitForMesh();
    }

    afterEach(async () => {
      for (const started of stops.splice(0)) await started.stop();
      await cluster?.close();
    });

    it('reports READY only once a Gateway has welcomed it, not while the Register lists none', async () => {
      cluster = new Cluster();
      await cluster.startRegister();
      const ready = start(cluster.registerAddress, 0).then((started) => {
        stops.push(started);
        return 'ready' as const;
      });
      // An absence can only be watched for a while: a second is long enough for a worker that
      // follows the Register to get its (empty) list and, before the fix, say READY.
      const early = await Promise.race([
        ready,
        new Promise<'not yet'>((resolve) => setTimeout(() => resolve('not yet'), 1000)),
      ]);
      assert.equal(early, 'not yet', 'no READY without a Gateway');
      const gateway = await cluster.addGateway();
      assert.equal(await ready, 'ready');
      assert.equal(gateway.stats().workers, 1, 'READY came after the welcome: the Gateway has it attached');
    });

    it('with a secret key: the right key serves, a wrong one is refused and says why', async () => {
      const secretKey = 'polyglot-secret';
      cluster = new Cluster();
      await cluster.startRegister(undefined, { secretKey });
      const gateway = await cluster.addGateway({ secretKey });
      stops.push(
        await start(cluster.registerAddress, 1, {
          secretKey: 'wrong',
          untilStderr: /register[\s\S]*wrong secret key/,
        }),
      );
      stops.push(await start(cluster.registerAddress, 0, { secretKey }));
      const client = await cluster.connect(0);
      const id = await hello(client);
      assert.equal(await client.request('whoami', 10_000), `${id} ${language}`);
      assert.equal(gateway.stats().workers, 1, 'only the worker with the right key is attached');
    });

    it('serves through a Gateway that announces a hostname: dials dial_address, ids keep the IPv4', async () => {
      cluster = new Cluster();
      await cluster.startRegister();
      // lanHost 'localhost': the Register lists address 127.0.0.1:port (the routing key in client
      // ids) and dial_address localhost:port (where workers connect).
      const named = await cluster.addGateway({ lanHost: 'localhost' });
      await cluster.addGateway();
      const routing = named.lanAddressOf();
      assert.match(routing, /^127\.0\.0\.1:\d+$/);
      const dial = `localhost:${routing.split(':')[1]}`;
      // Here localhost is 127.0.0.1 only, so either address reaches the Gateway: the worker's own
      // log line (where it says one) tells which one it dialled.
      const untilStderr = traits.attachedVia?.(routing, dial);
      stops.push(await start(cluster.registerAddress, 0, untilStderr ? { untilStderr } : {}));
      const a = await cluster.connect(0);
      const b = await cluster.connect(1);
      const A = await hello(a);
      const B = await hello(b);
      assert.equal(decodeClientId(A).gatewayAddress, routing, 'client ids encode the routing address');
      assert.equal(await a.request('whoami', 10_000), `${A} ${language}`);
      assert.equal(await a.request('bind u1'), 'ok');
      assert.equal(await a.request('join g'), 'ok');
      assert.equal(await b.request('join g'), 'ok');
      // Queries fan out over both links, the hostname one included.
      assert.equal(await b.request('online u1'), 'online true');
      assert.equal(await b.request('members g'), `members ${[A, B].sort().join(' ')}`);
      b.send('to-uid u1 hi u1');
      assert.equal(await a.next(), 'hi u1');
    });

    it('says when a Gateway is lost for good, with the number of its clients it knew', async () => {
      cluster = new Cluster();
      await cluster.startRegister();
      await cluster.addGateway();
      // In a process of its own, to be killed without a word to anyone.
      const doomed = await RoleProcess.start({
        name: 'doomed gateway',
        spec: {
          role: 'gateway',
          options: { name: 'Doomed', listen: 'ws://127.0.0.1:0', register: cluster.registerAddress },
        },
      });
      stops.push({
        stop: async () => {
          doomed.kill();
          await doomed.exited;
        },
      });
      const worker = await start(cluster.registerAddress, 0);
      stops.push(worker);
      const gone = await Promise.all([0, 1].map(() => TestClient.connect(String(doomed.ready?.url))));
      try {
        for (const client of gone) await hello(client);
        const kept = await cluster.connect(0);
        const K = await hello(kept);
        doomed.kill(); // SIGKILL: the close events of its clients never come
        const lostLine = (traits.lostLine ?? defaultLostLine)(String(doomed.ready?.lan), gone.length);
        await worker.logged(lostLine, 10_000);
        assert.equal(
          await kept.request('whoami'),
          `${K} ${language}`,
          "the other Gateway's client is still served",
        );
      } finally {
        await Promise.all(gone.map((client) => client.close().catch(() => undefined)));
      }
    });

    it('drops commands queued for a Gateway run that is gone when the next run welcomes it', async () => {
      cluster = new Cluster();
      const register = await cluster.startRegister();
      await cluster.addGateway();
      const [lanPort] = await freePorts(1);
      // The same address (lanPort) in both runs, in a process of its own to be killed.
      const spec = {
        role: 'gateway' as const,
        options: {
          name: 'Restarting',
          listen: 'ws://127.0.0.1:0',
          lanPort,
          register: cluster.registerAddress,
        },
      };
      const runs = [await RoleProcess.start({ name: 'gateway run 1', spec })];
      stops.push({
        stop: async () => {
          for (const run of runs) run.kill();
          await Promise.all(runs.map((run) => run.exited));
        },
      });
      const address = String(runs[0]!.ready?.lan);
      const worker = await start(cluster.registerAddress, 0);
      stops.push(worker);
      const old = await TestClient.connect(String(runs[0]!.ready?.url));
      const oldId = await hello(old);
      const other = await cluster.connect(0);
      await hello(other);

      // With its only Register gone, the worker keeps the last list: the Gateway stays listed, and
      // once its process is killed the worker queues what it sends there while it reconnects.
      await register.stop();
      runs[0]!.kill();
      await runs[0]!.exited;
      await old.close().catch(() => undefined);
      await worker.logged((traits.streamLostLine ?? defaultStreamLostLine)(address), 10_000);
      assert.equal(await other.request(`to-client ${oldId} stale`), 'ok'); // names a connection id
      other.send('to-uid nobody still-fine'); // by uid: may still go
      assert.match(await other.request('whoami'), new RegExp(` ${language}$`));

      runs.push(await RoleProcess.start({ name: 'gateway run 2', spec }));
      await worker.logged((traits.droppedLine ?? defaultDroppedLine)(address, 1), 10_000);
      const fresh = await TestClient.connect(String(runs[1]!.ready?.url));
      try {
        const freshId = await hello(fresh);
        assert.equal(await fresh.request('whoami', 10_000), `${freshId} ${language}`);
      } finally {
        await fresh.close().catch(() => undefined);
      }
    });

    it(`is the only worker: connect, echo, session, uids, groups across two gateways`, async () => {
      await startCluster({ withTypeScriptWorker: false });
      // The worker may attach a moment after the gateways list it: clients connecting earlier are held.
      const a = await cluster.connect(0);
      const b = await cluster.connect(1);
      const A = await hello(a);
      const B = await hello(b);
      assert.equal(await a.request('whoami', 10_000), `${A} ${language}`);
      assert.equal(await a.request('ping me'), 'echo ping me');
      a.send(Buffer.from([7, 8, 9]));
      assert.deepEqual([...((await a.nextRaw()).data as Buffer)], [7, 8, 9]);

      for (let i = 0; i < 20; i++) a.send('count');
      assert.deepEqual(
        await a.take(20),
        Array.from({ length: 20 }, (_, i) => `count ${i + 1}`),
      );
      assert.equal(await a.request('set name alice'), 'ok');
      assert.deepEqual(JSON.parse((await a.request('session')).slice('session '.length)), {
        count: 20,
        name: 'alice',
      });

      assert.equal(await a.request('bind u1'), 'ok');
      assert.equal(await b.request('bind u1'), 'ok');
      assert.equal(await a.request('online u1'), 'online true');
      assert.equal(await a.request('online nobody'), 'online false');
      a.send('to-uid u1 hi u1');
      assert.equal(await a.next(), 'hi u1');
      assert.equal(await b.next(), 'hi u1');

      assert.equal(await a.request('join g'), 'ok');
      assert.equal(await b.request('join g'), 'ok');
      assert.equal(await a.request('members g'), `members ${[A, B].sort().join(' ')}`);
      b.send('to-group g hi g');
      assert.equal(await a.next(), 'hi g');
      assert.equal(await b.next(), 'hi g');
      assert.equal(await b.request('leave g'), 'ok');
      assert.equal(await a.request('members g'), `members ${A}`);
      await b.close();
      assert.equal(await a.request('online u1'), 'online true');
    });

    it(`serves TCP text and frame clients unchanged: strings for lines, Buffers for frames`, async () => {
      await startCluster({
        withTypeScriptWorker: false,
        listen: ['ws://127.0.0.1:0', 'text://127.0.0.1:0', 'frame://127.0.0.1:0'],
      });
      const [, textUrl, frameUrl] = cluster.gateways[0]!.addresses();
      const text = await TcpTestClient.connect(textUrl!, textProtocol);
      const framed = await TcpTestClient.connect(frameUrl!, frameProtocol);
      try {
        const [greeting] = await text.waitMessages(1, 10_000);
        const id = greeting!.data.toString().slice('hello '.length);
        text.write('whoami\r\nping me\n');
        assert.deepEqual(
          (await text.waitMessages(3)).slice(1).map((m) => m.data.toString()),
          [`${id} ${language}`, 'echo ping me'],
        );
        await framed.waitMessages(1, 10_000);
        framed.write(frameProtocol.encode(Buffer.from([7, 8, 9]), true));
        assert.deepEqual(
          [...(await framed.waitMessages(2))[1]!.data],
          [7, 8, 9],
          'the worker got a Buffer (a string would be answered "echo …")',
        );
      } finally {
        await Promise.all([text.close(), framed.close()]);
      }
    });

    it(`shares the load with a TypeScript worker: same answers, sessions survive the switch`, async () => {
      await startCluster({ withTypeScriptWorker: true });
      const clients = await Promise.all([0, 1, 0, 1, 0, 1].map((g) => cluster.connect(g)));
      const languages = new Set<string>();
      for (const client of clients) {
        const id = await hello(client);
        const [whoId, lang] = (await client.request('whoami', 10_000)).split(' ');
        assert.equal(whoId, id);
        languages.add(lang ?? '');
        for (let i = 0; i < 5; i++) client.send('count');
        assert.deepEqual(await client.take(5), ['count 1', 'count 2', 'count 3', 'count 4', 'count 5']);
      }
      assert.deepEqual(
        [...languages].sort(),
        [language, MIXED_IN_LANGUAGE].sort(),
        'least connections used both workers',
      );
      // The TypeScript worker leaves: its clients move to the other worker with their sessions.
      await cluster.workers[0]!.stop();
      for (const client of clients) {
        assert.equal(await client.request('count'), 'count 6');
        assert.equal((await client.request('whoami')).split(' ')[1], language);
      }
    });
  });
}
