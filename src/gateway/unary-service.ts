import { createGatewayApi, type ApiLink } from '../api/gateway-api';
import { checkServiceCovered, unaryHandlers, type UnaryHandlers } from '../api/unary';
import { GatewayWorkerError } from '../errors';
import { loadProtos } from '../rpc/load';
import type { Command, Command__Output } from '../rpc/generated/gatewayworker/v1/Command';
import type { Reply__Output } from '../rpc/generated/gatewayworker/v1/Reply';
import type { ClientHub } from './client-hub';
import { executeCommand } from './commands';

/** The oneof field name of a command built by the API (it sets exactly one). */
function withKind(command: Command): Command__Output {
  const kind = Object.keys(command).find((key) => key !== 'request_id') as Command__Output['kind'];
  // The API builds Buffers for every bytes field, so the input shape is the output shape.
  return { ...command, kind } as Command__Output;
}

/**
 * This Gateway as an API link: commands and queries run at once by executeCommand, the one
 * implementation behind the worker streams too.
 */
function localLink(hub: ClientHub, address: string): ApiLink {
  return {
    address,
    send(command) {
      executeCommand(hub, withKind(command));
    },
    async query(command) {
      // executeCommand throws for a bad query; it never answers with an error reply.
      return executeCommand(hub, withKind({ ...command, request_id: 1 })) as Reply__Output;
    },
    whenWritable: () => Promise.resolve(),
  };
}

/**
 * The Gateway API as unary RPCs for this Gateway's clients (grpcurl, scripts, other languages):
 * the operation table over this Gateway alone. A client id of another Gateway is an error for
 * calls on one client (GW_ERR_WRONG_GATEWAY), and is skipped in lists.
 */
export function createUnaryHandlers(hub: ClientHub, gatewayAddress: string): UnaryHandlers {
  checkServiceCovered(loadProtos().proto.gatewayworker.v1.Gateway.service, 'gatewayworker.v1.Gateway', [
    'Connect',
  ]);
  const link = localLink(hub, gatewayAddress);
  const api = createGatewayApi({
    linkFor(address, clientId) {
      if (address === gatewayAddress) return link;
      throw new GatewayWorkerError(
        'GW_ERR_WRONG_GATEWAY',
        `client ${clientId} belongs to gateway ${address}, not to this one (${gatewayAddress})`,
      );
    },
    fanOutLinks: () => ({ links: [link], missing: [] }),
    liveLinks: () => [link],
    ready: () => undefined,
  });
  return unaryHandlers(() => api);
}
