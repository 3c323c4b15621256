import {
  BusinessWorker,
  Gateway,
  Register,
  type BusinessWorkerOptions,
  type Events,
  type GatewayOptions,
  type RegisterOptions,
} from '../../src/index';
import type { SessionData } from '../../src/session';
import { MemoryLogger } from './logs';
import { within } from './wait';
import { TestClient } from './ws-client';

export interface ClusterOptions {
  gateways?: number;
  workers?: number;
  events?: Events<SessionData>;
  gateway?: Partial<GatewayOptions>;
  worker?: Partial<BusinessWorkerOptions<SessionData>>;
  register?: Partial<RegisterOptions>;
}

/**
 * A whole cluster in this process, on 127.0.0.1 with free ports: one Register, N Gateways,
 * M BusinessWorkers. close() stops everything it started (and every client it opened), once.
 */
export class Cluster {
  readonly logs = new MemoryLogger();
  register?: Register;
  registerAddress = '';
  readonly gateways: Gateway[] = [];
  readonly workers: BusinessWorker[] = [];
  private readonly clients: TestClient[] = [];
  private readonly stoppables: Array<{ stop(): Promise<void> }> = [];
  private closing?: Promise<void>;

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const cluster = new Cluster();
    try {
      await cluster.startRegister(undefined, options.register);
      for (let i = 0; i < (options.gateways ?? 1); i++) await cluster.addGateway(options.gateway);
      for (let i = 0; i < (options.workers ?? 1); i++)
        await cluster.addWorker(options.events ?? {}, { index: i, ...options.worker });
      await cluster.waitForMesh();
    } catch (err) {
      await cluster.close();
      throw err;
    }
    return cluster;
  }

  async startRegister(listen = '127.0.0.1:0', options: Partial<RegisterOptions> = {}): Promise<Register> {
    const register = new Register({ listen, logger: this.logs, ...options });
    this.stoppables.push(register);
    await register.start();
    this.register = register;
    this.registerAddress = register.address();
    return register;
  }

  async addGateway(options: Partial<GatewayOptions> = {}): Promise<Gateway> {
    const gateway = new Gateway({
      listen: 'ws://127.0.0.1:0',
      register: this.registerAddress,
      logger: this.logs,
      ...options,
    });
    this.stoppables.push(gateway);
    this.gateways.push(gateway);
    await gateway.start();
    return gateway;
  }

  async addWorker(
    events: Events<SessionData>,
    options: Partial<BusinessWorkerOptions<SessionData>> = {},
  ): Promise<BusinessWorker> {
    const worker = new BusinessWorker<SessionData>({
      events,
      register: this.registerAddress,
      index: this.workers.length,
      logger: this.logs,
      ...options,
    });
    this.stoppables.push(worker);
    this.workers.push(worker);
    await worker.start();
    return worker;
  }

  /** Waits until every worker has a live stream to every Gateway. */
  async waitForMesh(timeoutMs = 5000): Promise<void> {
    const addresses = this.gateways.map((g) => g.lanAddressOf());
    await Promise.all(this.workers.map((worker) => waitAttached(worker, addresses, timeoutMs)));
  }

  async connect(gatewayIndex = 0, path = '/'): Promise<TestClient> {
    const gateway = this.gateways[gatewayIndex];
    if (!gateway) throw new Error(`no gateway ${gatewayIndex}`);
    const client = await TestClient.connect(gateway.address() + path);
    this.clients.push(client);
    return client;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.clients.map((c) => c.close().catch(() => undefined)));
      for (const role of [...this.stoppables].reverse()) await role.stop().catch(() => undefined);
    })();
    return this.closing;
  }
}

/** Resolves once `worker` is attached to all `addresses`. */
export async function waitAttached(
  worker: BusinessWorker,
  addresses: string[],
  timeoutMs = 5000,
): Promise<void> {
  const done = (): boolean => addresses.every((a) => worker.attachedGateways().includes(a));
  if (done()) return;
  await within(
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (done()) {
          worker.off('attached', check);
          resolve();
        }
      };
      worker.on('attached', check);
    }),
    timeoutMs,
    `worker to attach to ${addresses.join(', ')}`,
  );
}
