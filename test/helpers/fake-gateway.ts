import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';
import { bindServer } from '../../src/rpc/status';
import type { ConnectRequest__Output } from '../../src/rpc/generated/gatewayworker/v1/ConnectRequest';
import type { ConnectResponse } from '../../src/rpc/generated/gatewayworker/v1/ConnectResponse';
import { onceWithin } from './wait';

/** How a fake Gateway treats the streams that attach to it. */
export type FakeAnswer = 'never' | 'with an error' | 'refuses the stream';

export interface FakeGateway {
  readonly address: string;
  /** Connect streams opened to it so far. */
  connects(): number;
  stop(): void;
}

/**
 * Lists `address` in the Register as a Gateway (its announce stream stays open until cancelled),
 * and resolves once the Register has answered.
 */
export async function announceGateway(
  register: string,
  address: string,
  name: string,
  instanceId: string = randomUUID(),
): Promise<() => void> {
  const { proto } = loadProtos();
  const registerClient = new proto.gatewayworker.v1.Register(
    register,
    grpc.credentials.createInsecure(),
    CLIENT_OPTIONS,
  );
  const announce = registerClient.Announce();
  announce.on('error', () => undefined);
  announce.on('data', () => undefined);
  announce.write({
    gateway: { address, name, instance_id: instanceId, client_listen: 'ws://127.0.0.1:1' },
  });
  await onceWithin(announce, 'data', 5000);
  return () => {
    announce.cancel();
    registerClient.close();
  };
}

/**
 * A Gateway that speaks just enough of the protocol to be attached to (announce, welcome), then
 * answers no query, answers every query with an error, or refuses every stream: what a real
 * Gateway does only when it is frozen, broken or of another version.
 */
export async function startFakeGateway(register: string, answer: FakeAnswer): Promise<FakeGateway> {
  const { proto } = loadProtos();
  const server = new grpc.Server();
  const calls: Array<grpc.ServerDuplexStream<ConnectRequest__Output, ConnectResponse>> = [];
  const instanceId = randomUUID();
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
            welcome: { address, name: 'FakeGateway', instance_id: instanceId, protocol_version: 1 },
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
  const unlist = await announceGateway(register, address, 'FakeGateway', instanceId);
  return {
    address,
    connects: () => calls.length,
    stop() {
      unlist();
      for (const call of calls) call.end();
      server.forceShutdown();
    },
  };
}
