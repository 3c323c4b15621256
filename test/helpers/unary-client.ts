import * as grpc from '@grpc/grpc-js';
import { CLIENT_OPTIONS, loadProtos } from '../../src/rpc/load';

export type Rpc = (request: object) => Promise<Record<string, unknown>>;

/** Calls unary RPCs of gatewayworker.v1.Gateway (on a Gateway) or .Cluster (on the Register) by name, as grpcurl would. */
export function unaryClient(
  address: string,
  service: 'Gateway' | 'Cluster' = 'Gateway',
): { call(name: string): Rpc; close(): void } {
  const { proto } = loadProtos();
  const client = new proto.gatewayworker.v1[service](
    address,
    grpc.credentials.createInsecure(),
    CLIENT_OPTIONS,
  );
  const methods = client as unknown as Record<
    string,
    | ((req: object, cb: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void)
    | undefined
  >;
  return {
    call: (name) => (request) =>
      new Promise((resolve, reject) => {
        const method = methods[name];
        if (!method) throw new Error(`gatewayworker.v1.${service} has no method ${name}`);
        method.call(client, request, (err, res) => (err ? reject(err) : resolve(res)));
      }),
    close: () => client.close(),
  };
}
