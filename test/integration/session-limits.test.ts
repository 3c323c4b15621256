import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { GatewayClient, type Events, type SessionData } from '../../src/index';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import { MAX_SESSION_BYTES } from '../../src/session';
import { Cluster } from '../helpers/cluster';
import { eventually } from '../helpers/wait';
import type { TestClient } from '../helpers/ws-client';

const HALF = 'x'.repeat(MAX_SESSION_BYTES / 2 + 10);
const DEEP_JSON = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);

/** Bad session values, each tried where it used to take a process down or lose messages. */
const events: Events<SessionData> = {
  async onMessage(ctx, message) {
    const reply = (value: unknown): Promise<void> => ctx.sendToCurrentClient(JSON.stringify(value));
    const refused = async (call: () => Promise<void>): Promise<void> => {
      try {
        await call();
        await reply('accepted');
      } catch (err) {
        await reply((err as { code?: string }).code ?? String(err));
      }
    };
    switch (message) {
      case 'id':
        return reply(ctx.clientId);
      case 'show':
        return reply(ctx.session);
      case 'ok':
        ctx.session.ok = ((ctx.session.ok as number | undefined) ?? 0) + 1;
        return reply(ctx.session);
      case 'bigint':
        ctx.session.ok = 100;
        ctx.session.n = 10n;
        return reply('written');
      case 'too large':
        ctx.session.big = HALF + HALF;
        return reply('written');
      case 'api set too large':
        return refused(() => ctx.gateway.setSession(ctx.clientId, { big: HALF + HALF }));
      case 'api set too deep': {
        let deep: SessionData = {};
        for (let i = 0; i < 100; i++) deep = { d: deep };
        return refused(() => ctx.gateway.setSession(ctx.clientId, deep));
      }
      case 'api update twice':
        await ctx.gateway.updateSession(ctx.clientId, { a: HALF });
        return refused(() => ctx.gateway.updateSession(ctx.clientId, { b: HALF }));
      default:
        return reply('?');
    }
  },
};

/** Calls one unary RPC of a Gateway's service. */
function unary(address: string, method: string, request: object): Promise<unknown> {
  const { proto } = loadProtos();
  const client = new proto.gatewayworker.v1.Gateway(
    address,
    grpc.credentials.createInsecure(),
    CLIENT_OPTIONS,
  );
  type Unary = (request: object, done: (err: Error | null, res: unknown) => void) => void;
  const call = (client as unknown as Record<string, Unary>)[method]!;
  return new Promise((resolve, reject) => {
    call.call(client, request, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res);
    });
  });
}

describe('session limits: a bad session value gets a clear error; no process goes down', () => {
  let cluster: Cluster;
  let client: TestClient;
  let clientId: string;
  const ask = async (message: string): Promise<unknown> => {
    client.send(message);
    return JSON.parse(await client.next()) as unknown;
  };

  beforeEach(async () => {
    cluster = await Cluster.start({ events });
    client = await cluster.connect();
    clientId = (await ask('id')) as string;
    assert.deepEqual(await ask('ok'), { ok: 1 });
  });
  afterEach(() => cluster.close());

  it('unary SetSession with 20,000 nested objects is refused; the Gateway serves the next message', async () => {
    await assert.rejects(
      unary(cluster.gateways[0]!.lanAddressOf(), 'SetSession', {
        client_id: clientId,
        session_json: DEEP_JSON,
      }),
      { code: grpc.status.INVALID_ARGUMENT, details: /GW_ERR_INVALID_ARGUMENT: session nested too deep/ },
    );
    assert.deepEqual(await ask('ok'), { ok: 2 });
  });

  it('two unary UpdateSessions that together pass the size limit: the second is refused, messages flow', async () => {
    const address = cluster.gateways[0]!.lanAddressOf();
    await unary(address, 'UpdateSession', { client_id: clientId, session_json: JSON.stringify({ a: HALF }) });
    await assert.rejects(
      unary(address, 'UpdateSession', { client_id: clientId, session_json: JSON.stringify({ b: HALF }) }),
      { code: grpc.status.INVALID_ARGUMENT, details: /session too large/ },
    );
    for (let i = 0; i < 5; i++) client.send('show');
    for (let i = 0; i < 5; i++) {
      const session = JSON.parse(await client.next()) as SessionData;
      assert.deepEqual(Object.keys(session).sort(), ['a', 'ok']);
    }
  });

  it('a handler that stores a BigInt: the write-back is refused and logged, the worker lives on', async () => {
    assert.equal(await ask('bigint'), 'written');
    assert.deepEqual(await ask('show'), { ok: 1 }, 'the session stays as it was');
    assert.ok(cluster.logs.has(new RegExp(`client ${clientId}: session change not saved: .*JSON`)));
    assert.deepEqual(await ask('ok'), { ok: 2 });
  });

  it('a handler that makes the session too large: refused and logged; the session stays as it was', async () => {
    assert.equal(await ask('too large'), 'written');
    assert.deepEqual(await ask('show'), { ok: 1 });
    assert.ok(
      cluster.logs.has(new RegExp(`client ${clientId}: session change not saved: session too large`)),
    );
  });

  it('setSession/updateSession from a handler reject with GW_ERR_INVALID_ARGUMENT over the limits', async () => {
    assert.equal(await ask('api set too large'), 'GW_ERR_INVALID_ARGUMENT');
    assert.equal(await ask('api set too deep'), 'GW_ERR_INVALID_ARGUMENT');
    assert.equal(await ask('api update twice'), 'GW_ERR_INVALID_ARGUMENT');
    const session = (await ask('show')) as SessionData;
    assert.deepEqual(Object.keys(session).sort(), ['a', 'ok']);
    assert.deepEqual(await ask('ok'), { ...session, ok: 2 });
  });

  it("a GatewayClient's updateSession that would pass the limit is refused by the Gateway, which says why", async () => {
    const api = new GatewayClient({ register: cluster.registerAddress, logger: cluster.logs });
    try {
      await assert.rejects(api.setSession(clientId, { big: HALF + HALF }), {
        code: 'GW_ERR_INVALID_ARGUMENT',
      });
      await api.updateSession(clientId, { a: HALF });
      // Each half is fine alone; only the Gateway sees that the merge is too large.
      await api.updateSession(clientId, { b: HALF });
      await eventually(() =>
        assert.ok(cluster.logs.has(/command session from worker .* rejected: session too large/)),
      );
      assert.deepEqual(Object.keys((await api.getSession(clientId)) ?? {}).sort(), ['a', 'ok']);
    } finally {
      await api.close();
    }
    const session = (await ask('show')) as SessionData;
    assert.deepEqual(Object.keys(session).sort(), ['a', 'ok']);
  });
});
