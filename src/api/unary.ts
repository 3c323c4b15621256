import type * as grpc from '@grpc/grpc-js';
import { toServiceError } from '../rpc/status';
import type { GatewayApi } from './gateway-api';
import type { GatewayHandlers } from '../rpc/generated/gatewayworker/v1/Gateway';
import { OPERATIONS, type Operation, type OperationName, type RpcName } from './operations';

type AnyOperation = Operation<unknown[], unknown, unknown, unknown>;
export type UnaryHandlers = { [N in RpcName]: GatewayHandlers[N] };
type AnyHandler = grpc.handleUnaryCall<unknown, unknown>;

/**
 * One unary handler per operation of the table, each calling `api()`: a Gateway's own API (its
 * clients only) for gatewayworker.v1.Gateway, a GatewayClient (every Gateway) for
 * gatewayworker.v1.Cluster. Errors become gRPC statuses (status.ts).
 */
export function unaryHandlers(api: () => GatewayApi): UnaryHandlers {
  const handlers: Partial<Record<RpcName, AnyHandler>> = {};
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    handlers[OPERATIONS[name].rpc] = (call, callback) => {
      Promise.resolve()
        .then(() => callOperation(api(), name, call.request))
        .then(
          (response) => callback(null, response),
          (err: unknown) => callback(toServiceError(err)),
        );
    };
  }
  return handlers as unknown as UnaryHandlers;
}

/**
 * Runs one operation of the table on `api` with a unary request (as gRPC decodes it) and resolves
 * with the unary response: the gRPC services and the HTTP API call operations through this.
 */
export async function callOperation(
  api: GatewayApi,
  name: OperationName,
  request: unknown,
): Promise<unknown> {
  const operation = OPERATIONS[name] as unknown as AnyOperation;
  const method = (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
  return operation.toResponse(await method.apply(api, operation.fromRequest(request)));
}

/**
 * Fails at startup when a service and the table disagree: every unary method of the service
 * must be an operation, and every operation a method (`others`: methods served elsewhere).
 */
export function checkServiceCovered(
  service: grpc.ServiceDefinition,
  serviceName: string,
  others: readonly string[] = [],
): void {
  const methods = new Set(Object.keys(service).filter((m) => !others.includes(m)));
  const rpcs = new Set(Object.values(OPERATIONS).map((o) => o.rpc as string));
  const missing = [...rpcs].filter((rpc) => !methods.has(rpc));
  const extra = [...methods].filter((m) => !rpcs.has(m));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${serviceName} and the operation table differ: not in the service [${missing.join(', ')}], not in the table [${extra.join(', ')}]`,
    );
  }
}
