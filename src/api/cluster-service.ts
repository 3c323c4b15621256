import type * as grpc from '@grpc/grpc-js';
import { GatewayWorkerError } from '../errors';
import type { Logger } from '../logger';
import type { MeshSecurity } from '../rpc/mesh-options';
import { loadProtos } from '../rpc/load';
import { GatewayClient } from './gateway-client';
import { checkServiceCovered, unaryHandlers } from './unary';

export const CLUSTER_SERVICE = 'gatewayworker.v1.Cluster';

/**
 * gatewayworker.v1.Cluster: the operation table for the whole cluster, served by the Register.
 * It is a GatewayClient of that same Register (over loopback), so its fan-out, merging and
 * failures are GatewayClient's by construction. The client connects on the first call, so a
 * cluster that never uses the service pays nothing.
 */
export class ClusterService {
  private client?: GatewayClient;
  private closed = false;

  /** `registerAddress`: the Register's bound "host:port", known once it listens. */
  constructor(
    private readonly registerAddress: () => string,
    private readonly logger: Logger,
    /** The Register's own secret and certificate: its Gateways require them from this client too. */
    private readonly security: MeshSecurity,
  ) {}

  addTo(server: grpc.Server): void {
    const { service } = loadProtos().proto.gatewayworker.v1.Cluster;
    checkServiceCovered(service, CLUSTER_SERVICE);
    server.addService(
      service,
      unaryHandlers(() => this.api()),
    );
  }

  /** Ends the streams to the Gateways (before the Register stops). */
  async close(): Promise<void> {
    this.closed = true;
    await this.client?.close();
  }

  /** The cluster-wide API (also used by the HTTP API); connects on the first call. */
  api(): GatewayClient {
    // A closed client answers GW_ERR_STOPPED; a new one must not be started while stopping.
    if (this.closed && !this.client)
      throw new GatewayWorkerError('GW_ERR_STOPPED', 'the Register is stopping');
    this.client ??= new GatewayClient({
      register: loopback(this.registerAddress()),
      name: 'Register cluster service',
      logger: this.logger,
      secretKey: this.security.secretKey,
      meshTls: this.security.meshTls,
    });
    return this.client;
  }
}

/** The address to reach a server bound on `address` from the same host. */
function loopback(address: string): string {
  const port = address.slice(address.lastIndexOf(':') + 1);
  const host = address.slice(0, address.lastIndexOf(':'));
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
  return wildcard ? `127.0.0.1:${port}` : address;
}
