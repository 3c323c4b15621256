import * as grpc from '@grpc/grpc-js';
import { GatewayWorkerError, type ErrorCode } from '../errors';

/** The one mapping from our error codes to gRPC status codes. */
const STATUS_BY_CODE: Record<ErrorCode, grpc.status> = {
  GW_ERR_INVALID_OPTION: grpc.status.INVALID_ARGUMENT,
  GW_ERR_INVALID_EVENTS: grpc.status.INVALID_ARGUMENT,
  GW_ERR_INVALID_CLIENT_ID: grpc.status.INVALID_ARGUMENT,
  GW_ERR_WRONG_GATEWAY: grpc.status.FAILED_PRECONDITION,
  GW_ERR_INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  GW_ERR_REGISTER_UNAVAILABLE: grpc.status.UNAVAILABLE,
  GW_ERR_GATEWAY_UNAVAILABLE: grpc.status.UNAVAILABLE,
  GW_ERR_GATEWAY_TIMEOUT: grpc.status.DEADLINE_EXCEEDED,
  GW_ERR_QUERY_FAILED: grpc.status.INTERNAL,
  GW_ERR_STOPPED: grpc.status.UNAVAILABLE,
  GW_ERR_PROTOCOL: grpc.status.INVALID_ARGUMENT,
  GW_ERR_UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  GW_ERR_INVALID_REQUEST: grpc.status.INVALID_ARGUMENT,
  GW_ERR_INTERNAL: grpc.status.INTERNAL,
};

/** A gRPC error for a unary callback: the status for our code, "CODE: message" as details. */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof GatewayWorkerError) {
    return { code: STATUS_BY_CODE[err.code], details: `${err.code}: ${err.message}` };
  }
  return { code: grpc.status.INTERNAL, details: (err as Error)?.message ?? String(err) };
}

/** Ends a server stream with a gRPC error status (grpc-js turns an emitted error into the status). */
export function endCallWithError(call: NodeJS.EventEmitter, code: grpc.status, details: string): void {
  const status: Partial<grpc.StatusObject> = { code, details };
  call.emit('error', status);
}

/** Binds a gRPC server on "host:port" (port 0 = any free port) and returns the bound port. */
export function bindServer(
  server: grpc.Server,
  address: string,
  credentials = grpc.ServerCredentials.createInsecure(),
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/** Stops a gRPC server: waits up to graceMs for calls to finish, then cancels what is left. */
export async function shutdownServer(server: grpc.Server, graceMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
