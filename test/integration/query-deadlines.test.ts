import { strict as assert } from 'node:assert';
import { GatewayClient, Register } from '../../src/index';
import { startFakeGateway, type FakeGateway } from '../helpers/fake-gateway';
import { MemoryLogger } from '../helpers/logs';
import { eventually } from '../helpers/wait';

describe('query deadlines: a Gateway that does not answer vs one that answers with an error', function () {
  const logger = new MemoryLogger();
  let register: Register;
  let fake: FakeGateway | undefined;
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
