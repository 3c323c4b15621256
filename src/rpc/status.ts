import * as grpc from '@grpc/grpc-js';

/** Ends a server stream with a gRPC error status (grpc-js turns an emitted error into the status). */
export function endCallWithError(call: NodeJS.EventEmitter, code: grpc.status, details: string): void {
  const status: Partial<grpc.StatusObject> = { code, details };
  call.emit('error', status);
}

/** True for the errors a stream ends with when its peer or our own side went away on purpose. */
export function isCancellation(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === grpc.status.CANCELLED;
}

/** Binds a gRPC server on "host:port" (port 0 = any free port) and returns the bound port. */
export function bindServer(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
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
