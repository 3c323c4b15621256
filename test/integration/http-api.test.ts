import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Register } from '../../src/index';
import { OPERATIONS } from '../../src/api/operations';
import { apiEvents } from '../fixtures/api-events';
import { createRoleRegistry } from '../../src/metrics/role-metrics';
import { freePorts } from '../helpers/cli-process';
import { Cluster } from '../helpers/cluster';
import { announceGateway } from '../helpers/fake-gateway';
import { httpRequest, postJson, rawConnection, type HttpAnswer } from '../helpers/http-client';
import { MemoryLogger } from '../helpers/logs';
import { parsePrometheusText, sumOf } from '../helpers/prometheus-text';
import { within } from '../helpers/wait';
import type { TestClient } from '../helpers/ws-client';

/** The ids of connected apiEvents clients (each asks its worker who it is). */
async function idsOf(clients: TestClient[]): Promise<string[]> {
  return Promise.all(
    clients.map(async (c) => {
      c.send(JSON.stringify({ rpc: 0, call: 'whoami' }));
      return (JSON.parse(await c.next()) as { result: string }).result;
    }),
  );
}

/** Asserts a refusal: its status and `{ error: { code, field } }` (field absent when undefined). */
/** A cluster whose roles share `secretKey`, its Register serving the HTTP API on a free port. */
function startWithSecret(secretKey: string): Promise<Cluster> {
  return Cluster.start({
    events: apiEvents,
    register: { secretKey, httpApi: { listen: '127.0.0.1:0' } },
    gateway: { secretKey },
    worker: { secretKey },
  });
}

function assertRefused(answer: HttpAnswer, status: number, code: string, field?: string): void {
  const error = answer.json.error as { code: string; message: string; field?: string };
  assert.equal(answer.status, status, JSON.stringify(answer.json));
  assert.equal(error.code, code);
  assert.equal(error.field, field);
  assert.ok(error.message.length > 0);
}

describe('HTTP push API (POST /v1/<operation> on the Register)', function () {
  this.timeout(30_000);

  describe('over a cluster of two Gateways', () => {
    let cluster: Cluster;
    let clients: TestClient[];
    let ids: string[];
    let api: string;
    const call = (operation: string, body: unknown): Promise<HttpAnswer> =>
      postJson(`${api}/${operation}`, body);
    /** A call that must succeed; resolves with its JSON answer. */
    const ok = async (operation: string, body: unknown = {}): Promise<Record<string, unknown>> => {
      const answer = await call(operation, body);
      assert.equal(answer.status, 200, `${operation}: ${JSON.stringify(answer.json)}`);
      return answer.json;
    };

    beforeEach(async () => {
      cluster = await Cluster.start({
        gateways: 2,
        events: apiEvents,
        register: { httpApi: { listen: '127.0.0.1:0', maxBodyBytes: 64 * 1024 } },
      });
      clients = [await cluster.connect(0), await cluster.connect(1), await cluster.connect(1)];
      ids = await idsOf(clients);
      api = `http://${cluster.register!.httpApiAddress()!}/v1`;
    });
    afterEach(() => cluster.close());

    it("counts answered requests by operation and status in the Register's metrics", async () => {
      await ok('sendToAll', { text: 'counted' });
      await ok('sendToAll', { text: 'counted' });
      assert.equal((await call('sendToAll', {})).status, 400);
      assert.equal((await call('sendToNobody', { text: 'x' })).status, 404);
      assert.equal((await httpRequest(`${api}`, { method: 'GET' })).status, 200);
      const registry = createRoleRegistry(cluster.register!, 0);
      const scraped = parsePrometheusText(await registry.metrics());
      const requests = (labels: Record<string, string>): number =>
        sumOf(scraped, 'gatewayworker_http_api_requests_total', labels);
      assert.equal(requests({ operation: 'sendToAll', status: '200' }), 2);
      assert.equal(requests({ operation: 'sendToAll', status: '400' }), 1);
      assert.equal(requests({ operation: 'unknown', status: '404' }), 1);
      assert.equal(requests({ operation: 'list', status: '200' }), 1);
    });

    it('sends to a client, a uid, a group and everyone: the WebSocket clients receive it', async () => {
      assert.deepEqual(await ok('bindUid', { client_id: ids[2], uid: 'bob' }), {});
      await ok('joinGroup', { client_id: ids[0], group: 'room' });
      await ok('joinGroup', { client_id: ids[2], group: 'room' });
      await ok('sendToClient', { client_id: ids[1], text: 'to one' });
      await ok('sendToUid', { uids: ['bob'], text: 'to bob' });
      await ok('sendToGroup', { groups: ['room'], text: 'to the room', exclude_client_ids: [ids[0]] });
      await ok('sendToAll', { binary: Buffer.from([0, 1, 255]).toString('base64') });
      assert.deepEqual(await clients[1]!.take(1), ['to one']);
      assert.deepEqual(await clients[2]!.take(2), ['to bob', 'to the room']);
      for (const client of clients) {
        const frame = await client.nextRaw();
        assert.equal(frame.binary, true);
        assert.deepEqual(frame.data, Buffer.from([0, 1, 255]));
      }
      assert.equal(clients[0]!.received.length, 0);
    });

    it('answers counts and lists of the whole cluster', async () => {
      await ok('joinGroup', { client_id: ids[0], group: 'room' });
      await ok('joinGroup', { client_id: ids[2], group: 'room' });
      await ok('bindUid', { client_id: ids[2], uid: 42 });
      await ok('setSession', { client_id: ids[1], session_json: '{"name":"ann"}' });
      assert.deepEqual(await ok('getAllClientCount'), { count: 3 });
      assert.deepEqual(await ok('getClientCountByGroup', { group: 'room' }), { count: 2 });
      assert.deepEqual(((await ok('getAllClientIdList')).client_ids as string[]).sort(), [...ids].sort());
      assert.deepEqual(
        ((await ok('getClientIdListByGroup', { groups: ['room'] })).client_ids as string[]).sort(),
        [ids[0], ids[2]].sort(),
      );
      assert.deepEqual(await ok('getAllUidList'), { uids: ['42'] });
      assert.deepEqual(await ok('getUidByClientId', { client_id: ids[2] }), { uid: '42' });
      assert.deepEqual(await ok('isUidOnline', { uid: '42' }), { online: true });
      assert.deepEqual(await ok('isOnline', { client_id: ids[1] }), { online: true });
      assert.deepEqual(await ok('getSession', { client_id: ids[1] }), {
        found: true,
        session_json: '{"name":"ann"}',
      });
      assert.deepEqual(await ok('getAllGroupClientIdCount'), { groups: [{ group: 'room', count: 2 }] });
    });

    it('kicks: closeClient sends the message then closes the client; isOnline then says false', async () => {
      await ok('closeClient', { client_id: ids[1], text: 'bye' });
      await within(clients[1]!.closed, 5000, 'the kicked client to close');
      assert.deepEqual(
        clients[1]!.received.map((r) => r.data),
        ['bye'],
      );
      assert.deepEqual(await ok('isOnline', { client_id: ids[1] }), { online: false });
      assert.deepEqual(await ok('getAllClientCount'), { count: 2 });
    });

    it('GET /v1 lists every operation of the table with its fields', async () => {
      const answer = await httpRequest(api);
      assert.equal(answer.status, 200);
      const operations = answer.json.operations as Array<{ name: string; path: string; fields: object }>;
      assert.deepEqual(
        operations.map((o) => o.name),
        Object.keys(OPERATIONS),
      );
      assert.deepEqual(operations.find((o) => o.name === 'sendToUid')?.fields, {
        uids: 'string[]',
        text: 'string (one of text, binary)',
        binary: 'base64 (one of text, binary)',
      });
    });

    it('bad requests get a 4xx with a JSON error naming the field, and the Register carries on', async () => {
      assertRefused(await call('sendToUid', '{"uids": ["42"'), 400, 'GW_ERR_INVALID_REQUEST');
      assertRefused(await call('sendToUid', '"hi"'), 400, 'GW_ERR_INVALID_REQUEST');
      assertRefused(
        await call('sendToUid', { uid: ['42'], text: 'x' }),
        400,
        'GW_ERR_INVALID_REQUEST',
        'uid',
      );
      assertRefused(
        await call('sendToUid', { uids: '42', text: 'x' }),
        400,
        'GW_ERR_INVALID_REQUEST',
        'uids',
      );
      assertRefused(await call('sendToAll', { text: ['x'] }), 400, 'GW_ERR_INVALID_REQUEST', 'text');
      // Missing: the table's own check, named by the HTTP API.
      const missing = await call('bindUid', { client_id: ids[0] });
      assertRefused(missing, 400, 'GW_ERR_INVALID_ARGUMENT', 'uid');
      assert.match((missing.json.error as { message: string }).message, /^`uid` is missing or empty: /);
      assertRefused(await call('isOnline', {}), 400, 'GW_ERR_INVALID_CLIENT_ID', 'client_id');
      assertRefused(
        await call('sendToGroup', { groups: ['room'], text: 'x', exclude_client_ids: ['nope'] }),
        400,
        'GW_ERR_INVALID_CLIENT_ID',
        'exclude_client_ids[0]',
      );
      const unknown = await call('sendToUser', { uids: ['42'], text: 'x' });
      assertRefused(unknown, 404, 'GW_ERR_INVALID_REQUEST');
      assert.match((unknown.json.error as { message: string }).message, /did you mean sendToUid\?/);
      assertRefused(
        await httpRequest(`http://${cluster.register!.httpApiAddress()!}/`),
        404,
        'GW_ERR_INVALID_REQUEST',
      );
      const wrongMethod = await httpRequest(`${api}/getAllClientCount`);
      assertRefused(wrongMethod, 405, 'GW_ERR_INVALID_REQUEST');
      assert.equal(wrongMethod.headers.allow, 'POST');
      assert.equal((await httpRequest(api, { method: 'POST' })).headers.allow, 'GET');
      assertRefused(
        await httpRequest(`${api}/sendToAll`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'text=x',
        }),
        415,
        'GW_ERR_INVALID_REQUEST',
      );
      const tooBig = JSON.stringify({ text: 'x'.repeat(64 * 1024) });
      assertRefused(await call('sendToAll', tooBig), 413, 'GW_ERR_INVALID_REQUEST');
      // Nothing was sent by any of these, and the API still answers.
      assert.deepEqual(await ok('getAllClientCount'), { count: 3 });
      assert.deepEqual(
        clients.map((c) => c.received.length),
        [0, 0, 0],
      );
    });

    it('a body over maxBodyBytes without Content-Length (chunked) gets 413 once the limit is passed', async () => {
      const { socket, received } = await rawConnection(cluster.register!.httpApiAddress()!);
      socket.write(
        'POST /v1/sendToAll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 5; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      const answer = await within(received, 5000, 'the 413 and the connection closed');
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.match(answer, /"code":"GW_ERR_INVALID_REQUEST"/);
      assert.deepEqual(await ok('getAllClientCount'), { count: 3 });
    });

    it('Expect: 100-continue with a body over maxBodyBytes gets 413 without a 100 Continue first', async () => {
      const { socket, received } = await rawConnection(cluster.register!.httpApiAddress()!);
      socket.write(
        'POST /v1/sendToAll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Content-Length: ${1024 * 1024}\r\nExpect: 100-continue\r\n\r\n`,
      );
      const answer = await within(received, 5000, 'the 413 and the connection closed');
      assert.match(answer, /^HTTP\/1\.1 413 /);
    });

    it('a listed Gateway that cannot be reached fails a query with 503 GW_ERR_GATEWAY_UNAVAILABLE', async () => {
      const ghost = `127.0.0.1:${(await freePorts(1))[0]}`;
      const unlist = await announceGateway(cluster.registerAddress, ghost, 'ghost');
      try {
        const answer = await call('getAllClientCount', {});
        assertRefused(answer, 503, 'GW_ERR_GATEWAY_UNAVAILABLE');
        assert.match((answer.json.error as { message: string }).message, new RegExp(ghost));
      } finally {
        unlist();
      }
    });
  });

  describe('with the cluster secret', () => {
    const secretKey = 's3cret-push-key';
    let cluster: Cluster;
    let api: string;

    beforeEach(async () => {
      cluster = await startWithSecret(secretKey);
      await cluster.connect(0);
      api = `http://${cluster.register!.httpApiAddress()!}/v1`;
    });
    afterEach(() => cluster.close());

    it('refuses a missing or wrong key with 401, accepts the right one, and never logs it', async () => {
      const count = (headers: Record<string, string>): Promise<HttpAnswer> =>
        postJson(`${api}/getAllClientCount`, {}, headers);
      // A key put in the query by mistake is no key, and the log line (the first refusal) omits the query.
      assertRefused(
        await postJson(`${api}/getAllClientCount?key=${secretKey}`, {}),
        401,
        'GW_ERR_UNAUTHENTICATED',
      );
      const missing = await count({});
      assertRefused(missing, 401, 'GW_ERR_UNAUTHENTICATED');
      assert.equal(missing.headers['www-authenticate'], 'Bearer');
      assert.match((missing.json.error as { message: string }).message, /^missing secret key/);
      const wrong = await count({ authorization: 'Bearer not-the-key' });
      assertRefused(wrong, 401, 'GW_ERR_UNAUTHENTICATED');
      assert.match((wrong.json.error as { message: string }).message, /^wrong secret key/);
      assertRefused(
        await count({ 'x-gatewayworker-secret': `${secretKey}x` }),
        401,
        'GW_ERR_UNAUTHENTICATED',
      );
      assertRefused(await count({ authorization: `Basic ${secretKey}` }), 401, 'GW_ERR_UNAUTHENTICATED');
      // Two keys are not two guesses, even when one is right.
      assertRefused(
        await count({ authorization: 'Bearer guess', 'x-gatewayworker-secret': secretKey }),
        401,
        'GW_ERR_UNAUTHENTICATED',
      );
      assertRefused(await httpRequest(api), 401, 'GW_ERR_UNAUTHENTICATED');
      assert.deepEqual((await count({ authorization: `Bearer ${secretKey}` })).json, { count: 1 });
      assert.deepEqual((await count({ 'x-gatewayworker-secret': secretKey })).json, { count: 1 });
      assert.ok(
        cluster.logs.has(/WARN HTTP API refused POST \/v1\/getAllClientCount from 127\.0\.0\.1: missing/),
      );
      assert.ok(cluster.logs.has(/WARN HTTP API refused .*: wrong secret key/));
      const leaks = cluster.logs.lines.filter((line) => line.includes(secretKey));
      assert.deepEqual(leaks, []);
    });
  });

  describe('hostile clients', () => {
    let register: Register;
    let address: string;
    const logs = new MemoryLogger();

    beforeEach(async () => {
      logs.lines.length = 0; // each test reads only its own lines
      register = new Register({
        listen: '127.0.0.1:0',
        logger: logs,
        httpApi: { listen: '127.0.0.1:0', requestTimeoutMs: 1000, maxConnections: 20 },
      });
      await register.start();
      address = register.httpApiAddress()!;
    });
    afterEach(() => register.stop());

    it('disconnects a client that sends its request too slowly (slowloris), while serving others', async () => {
      const slow = await rawConnection(address);
      const started = Date.now();
      slow.socket.write('POST /v1/getAllClientCount HTTP/1.1\r\nHost: x\r\n');
      const drip = setInterval(() => slow.socket.write('X-Drip: 1\r\n'), 200);
      try {
        assert.deepEqual((await postJson(`http://${address}/v1/getAllClientCount`, {})).json, { count: 0 });
        await within(slow.closedAt, 5000, 'the slow client to be disconnected');
        assert.ok(Date.now() - started < 4000, `closed after ${Date.now() - started} ms`);
      } finally {
        clearInterval(drip);
        slow.socket.destroy();
      }
    });

    it('a client that goes away mid-body is forgotten without an error line', async () => {
      const { socket, closedAt } = await rawConnection(address);
      socket.write(
        'POST /v1/sendToAll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await closedAt;
      assert.deepEqual((await postJson(`http://${address}/v1/getAllClientCount`, {})).json, { count: 0 });
      assert.deepEqual(
        logs.lines.filter((line) => line.startsWith('ERROR')),
        [],
      );
    });

    it('a taken HTTP port fails start() and frees the gRPC port', async () => {
      const second = new Register({ listen: '127.0.0.1:0', logger: logs, httpApi: { listen: address } });
      await assert.rejects(second.start(), { code: 'EADDRINUSE' });
      const grpcPort = Number(second.address().split(':').pop());
      const refused = await new Promise<boolean>((resolve) => {
        const probe = net.connect(grpcPort, '127.0.0.1');
        probe.once('connect', () => {
          probe.destroy();
          resolve(false);
        });
        probe.once('error', () => resolve(true));
      });
      assert.equal(refused, true);
      await second.stop();
    });

    it('answers a request head over 16 KiB with 431 and closes the connection', async () => {
      const { socket, received } = await rawConnection(address);
      socket.write(`GET /v1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
      assert.match(await within(received, 5000, 'the 431 and the close'), /^HTTP\/1\.1 431 /);
      assert.deepEqual((await postJson(`http://${address}/v1/getAllClientCount`, {})).json, { count: 0 });
    });

    it('closes connections over maxConnections at once, and serves again once they are gone', async () => {
      const idle = await Promise.all(Array.from({ length: 20 }, () => rawConnection(address)));
      try {
        const extra = await rawConnection(address);
        await within(extra.closedAt, 2000, 'the connection over the cap to be closed');
      } finally {
        for (const connection of idle) connection.socket.destroy();
      }
      await within(Promise.all(idle.map((c) => c.closedAt)), 2000, 'the idle connections to close');
      const answer = await within(
        (async () => {
          for (;;) {
            const result = await postJson(`http://${address}/v1/getAllClientCount`, {}).catch(
              () => undefined,
            );
            if (result) return result;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })(),
        5000,
        'an answer after the flood',
      );
      assert.deepEqual(answer.json, { count: 0 });
    });
  });
});

/** The README's "HTTP push API" section. */
function readmeSection(): string {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const start = readme.indexOf('\n### HTTP push API\n');
  const end = readme.indexOf('\n### ', start + 1);
  assert.ok(start > 0 && end > start, 'README has an "HTTP push API" section');
  return readme.slice(start, end);
}

/** The body of the first ```<language> block of `text`. */
function codeBlock(text: string, language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(text);
  assert.ok(match, `a ${language} block`);
  return match[1]!;
}

function runProgram(
  program: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: 10_000, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${program} failed: ${stderr || err.message}`)) : resolve({ stdout, stderr }),
    );
  });
}

describe('README: HTTP push API recipes', function () {
  this.timeout(60_000);
  const secretKey = 'readme-secret';
  const EXAMPLE_ID = '7f00000108fc00000001';
  let cluster: Cluster;

  beforeEach(async () => {
    cluster = await startWithSecret(secretKey);
  });
  afterEach(() => cluster.close());

  it('lists every operation of the table', () => {
    const section = readmeSection();
    const missing = Object.keys(OPERATIONS).filter((name) => !section.includes(name));
    assert.deepEqual(missing, []);
  });

  it('every curl line answers what its comment says, and the client gets the messages', async function () {
    if (!(await runProgram('curl', ['--version'], {}).catch(() => undefined))) {
      if (process.env.CI) throw new Error('curl is missing: .ci/run installs it');
      this.skip();
    }
    const client = await cluster.connect(0);
    const [id] = await idsOf([client]);
    const api = `http://${cluster.register!.httpApiAddress()!}/v1`;
    const lines = codeBlock(readmeSection(), 'sh')
      .replaceAll(EXAMPLE_ID, id!)
      .replace('API=http://127.0.0.1:8080/v1', `API=${api}`)
      .trim()
      .split('\n');
    const setup = lines
      .filter((line) => !line.startsWith('curl '))
      .map((line) => line.replace(/\s+#.*$/, ''));
    const curls = lines.filter((line) => line.startsWith('curl '));
    assert.ok(curls.length >= 10, `${curls.length} curl lines`);
    const run = async (line: string, key = secretKey): Promise<string> =>
      (await runProgram('bash', ['-c', [...setup, line].join('\n')], { GATEWAYWORKER_SECRET_KEY: key }))
        .stdout;
    for (const line of curls) {
      const [, command, expected] = /^(.*?)\s+#\s(.*)$/.exec(line) ?? [];
      assert.ok(command && expected, `a comment with the answer on: ${line}`);
      const output = await run(command);
      if (expected.endsWith('...'))
        assert.ok(output.startsWith(expected.slice(0, -3)), `${line}\ngot ${output}`);
      else assert.deepEqual(JSON.parse(output), JSON.parse(expected), line);
    }
    assert.deepEqual(
      client.received.map((r) => r.data),
      ['hi room', 'hi you', 'hi all', 'bye'],
    );
    await within(client.closed, 5000, 'the client kicked by closeClient');
    // Without the key the same lines are refused.
    assert.match(await run(curls[1]!, ''), /"code":"GW_ERR_UNAUTHENTICATED"/);
    assert.ok(!cluster.logs.lines.some((line) => line.includes(secretKey)));
  });

  it('the Python one-liner pushes to a uid', async function () {
    if (!(await runProgram('python3', ['--version'], {}).catch(() => undefined))) {
      if (process.env.CI) throw new Error('python3 is missing');
      this.skip();
    }
    const client = await cluster.connect(0);
    const [id] = await idsOf([client]);
    const api = `http://${cluster.register!.httpApiAddress()!}/v1`;
    const bound = await postJson(
      `${api}/bindUid`,
      { client_id: id, uid: '42' },
      { authorization: `Bearer ${secretKey}` },
    );
    assert.equal(bound.status, 200);
    const program = codeBlock(readmeSection(), 'python').replace('http://127.0.0.1:8080/v1', api);
    await runProgram(
      'python3',
      ['-c', `user_id = 42\nsecret = ${JSON.stringify(secretKey)}\n${program}`],
      {},
    );
    assert.equal(await client.next(), 'your order shipped');
  });
});
