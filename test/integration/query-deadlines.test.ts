import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { GatewayClient, Register } from '../../src/index';
import { loadProtos } from '../../src/rpc/load';
import { bindServer } from '../../src/rpc/status';
import type { ConnectRequest__Output } from '../../src/rpc/generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse } from '../../src/rpc/generated/gatewayworker/v1/ConnectResponse';
import { MemoryLogger } from '../helpers/logs';
import { eventually } from '../helpers/wait';

type Answer = 'never' | 'with an error' | 'refuses the stream';

/**
 * A Gateway that speaks just enough of the protocol to be attached to (announce, welcome), then
 * answers no query, or answers every query with an error: what a real Gateway does only when it is
 * frozen or broken.
 */
async function startFakeGateway(
  register: string,
  answer: Answer,
): Promise<{ stop(): void; connects(): number }> {
  const { proto } = loadProtos();
  const server = new grpc.Server();
  const calls: Array<grpc.ServerDuplexStream<ConnectRequest__Output, ConnectResponse>> = [];
  let address = '';
  server.addService(proto.gatewayworker.v1.Gateway.service, {
    Connect: (call: grpc.ServerDuplexStream<ConnectRequest__Output, ConnectResponse>) => {
      calls.push(call);
      call.on('data', (request: ConnectRequest__Output) => {
        if (request.hello && answer === 'refuses the stream') {
          call.emit('error', {
            code: grpc.status.FAILED_PRECONDITION,
            details: 'this Gateway speaks version 9',
          });
          return;
        }
        if (request.hello)
          call.write({
            welcome: { address, name: 'FakeGateway', instance_id: randomUUID(), protocol_version: 1 },
          });
        const queries = (request.commands ?? []).filter((command) => (command.request_id ?? 0) > 0);
        if (answer === 'with an error' && queries.length > 0)
          call.write({
            replies: queries.map((query) => ({
              request_id: query.request_id,
              error_code: 'GW_ERR_INTERNAL',
              error_message: 'the index is broken',
            })),
          });
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  });
  const port = await bindServer(server, '127.0.0.1:0');
  address = `127.0.0.1:${port}`;
  const registerClient = new proto.gatewayworker.v1.Register(register, grpc.credentials.createInsecure());
  const announce = registerClient.Announce();
  announce.on('error', () => undefined);
  announce.on('data', () => undefined);
  announce.write({
    gateway: { address, name: 'FakeGateway', instance_id: randomUUID(), client_listen: 'ws://127.0.0.1:1' },
  });
  return {
    connects: () => calls.length,
    stop() {
      announce.cancel();
      registerClient.close();
      for (const call of calls) call.end();
      server.forceShutdown();
    },
  };
}

describe('query deadlines: a Gateway that does not answer vs one that answers with an error', function () {
  const logger = new MemoryLogger();
  let register: Register;
  let fake: { stop(): void; connects(): number } | undefined;
  let client: GatewayClient | undefined;

  beforeEach(async () => {
    register = new Register({ listen: '127.0.0.1:0', logger });
    await register.start();
  });
  afterEach(async () => {
    await client?.close();
    fake?.stop();
    await register.stop();
  });

  it('GW_ERR_GATEWAY_TIMEOUT once queryTimeoutMs has passed without an answer', async () => {
    fake = await startFakeGateway(register.address(), 'never');
    client = new GatewayClient({ register: register.address(), queryTimeoutMs: 300, logger });
    const startedAt = Date.now();
    await assert.rejects(client.getAllClientCount(), { code: 'GW_ERR_GATEWAY_TIMEOUT' });
    const tookMs = Date.now() - startedAt;
    assert.ok(tookMs >= 290 && tookMs < 3000, `rejected after ${tookMs} ms`);
  });

  it('GW_ERR_QUERY_FAILED at once when the Gateway answers with an error, with its message', async () => {
    fake = await startFakeGateway(register.address(), 'with an error');
    client = new GatewayClient({ register: register.address(), queryTimeoutMs: 10_000, logger });
    const startedAt = Date.now();
    await assert.rejects(client.getAllClientCount(), {
      code: 'GW_ERR_QUERY_FAILED',
      message: /the index is broken/,
    });
    assert.ok(Date.now() - startedAt < 3000, 'long before the deadline');
  });

  it('a Gateway that refuses the stream is logged with its reason once, not at every retry', async () => {
    const refusal =
      /WARN gateway 127\.0\.0\.1:\d+ refused this worker's stream: this Gateway speaks version 9/;
    const before = logger.lines.length;
    const gateway = await startFakeGateway(register.address(), 'refuses the stream');
    fake = gateway;
    client = new GatewayClient({ register: register.address(), queryTimeoutMs: 300, logger });
    await assert.rejects(client.getAllClientCount(), { code: 'GW_ERR_GATEWAY_UNAVAILABLE' });
    await eventually(() => assert.ok(gateway.connects() >= 3, `${gateway.connects()} attempts`), 10_000);
    const refusals = logger.lines.slice(before).filter((line) => refusal.test(line));
    assert.equal(refusals.length, 1, refusals.join('\n'));
  });
});
