import { randomUUID } from 'node:crypto';
import { GatewayWorkerError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { MeshCredentials } from '../rpc/mesh-credentials';
import { checkMeshTls, checkSecretKey, type MeshTlsFiles } from '../rpc/mesh-options';
import { PROTOCOL_VERSION } from '../rpc/protocol';
import { checkHostPortList, checkNonEmptyString, checkOptionNames, checkPositiveInt } from '../util/validate';
import { GatewayLinks } from '../worker/gateway-links';
import type { SessionData } from '../session';
import { createGatewayApi, type GatewayApi } from './gateway-api';

export interface GatewayClientOptions {
  /** Register address(es), "host:port". @default '127.0.0.1:1236' */
  register?: string | string[];
  /** Shown in Gateway logs. @default 'GatewayClient' */
  name?: string;
  /** How long the first call waits for a Register's Gateway list and for the Gateways. @default 3000 */
  connectTimeoutMs?: number;
  /** Deadline for each query. @default 5000 */
  queryTimeoutMs?: number;
  /** The cluster's shared secret (the Register's and Gateways' `secretKey`); without the right one
   * every call rejects with GW_ERR_UNAUTHENTICATED. @default '' */
  secretKey?: string;
  /** Mutual TLS to the Register and Gateways: { ca, cert, key } PEM file paths, read by the
   * constructor. @default undefined (plaintext) */
  meshTls?: MeshTlsFiles;
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

const GATEWAY_CLIENT_OPTION_NAMES: Record<keyof GatewayClientOptions, true> = {
  register: true,
  name: true,
  connectTimeoutMs: true,
  queryTimeoutMs: true,
  secretKey: true,
  meshTls: true,
  logger: true,
};

/**
 * The Gateway API for processes that are not workers (a web app, a script, a cron job), like PHP's
 * GatewayClient: it finds the Gateways through the Register and keeps one stream to each, on which
 * no client events arrive. The first call connects; close() ends everything. `S` is the app's
 * session type (`new GatewayClient<MySession>()`): getSession returns `MySession | null`.
 */
// The class and interface merge so that every GatewayApi method is a method of GatewayClient.
// S is used by the interface half only.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-unused-vars
export class GatewayClient<S extends object = SessionData> {
  private readonly links: GatewayLinks;
  private readonly connectTimeoutMs: number;
  private readonly credentials: MeshCredentials;
  private connected?: Promise<void>;
  private watching = false;
  private closed = false;

  constructor(options: GatewayClientOptions = {}) {
    checkOptionNames(options, GATEWAY_CLIENT_OPTION_NAMES);
    const register = checkHostPortList('register', options.register ?? '127.0.0.1:1236');
    const name = checkNonEmptyString('name', options.name ?? 'GatewayClient');
    this.connectTimeoutMs = checkPositiveInt('connectTimeoutMs', options.connectTimeoutMs ?? 3000);
    const queryTimeoutMs = checkPositiveInt('queryTimeoutMs', options.queryTimeoutMs ?? 5000);
    const logger = options.logger ?? createLogger('gateway-client');
    this.credentials = new MeshCredentials(
      { secretKey: checkSecretKey(options.secretKey), meshTls: checkMeshTls(options.meshTls) },
      logger,
    );
    this.links = new GatewayLinks({
      credentials: this.credentials,
      register,
      watcherName: name,
      hello: {
        worker_name: name,
        instance_id: randomUUID(),
        protocol_version: PROTOCOL_VERSION,
        api_only: true,
      },
      queryTimeoutMs,
      logger,
    });
    Object.assign(
      this,
      createGatewayApi({
        linkFor: (address) => this.links.linkFor(address),
        liveLinks: () => this.links.liveLinks(),
        fanOutLinks: () => this.links.fanOutLinks(),
        ready: () => this.ready(),
      }),
    );
  }

  /** Stops following the Register and closes every stream. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.links.stopWatching();
    await Promise.all(this.links.all().map((link) => link.finish(1000)));
    this.links.closeAll();
  }

  private ready(): Promise<void> {
    if (this.closed)
      return Promise.reject(new GatewayWorkerError('GW_ERR_STOPPED', 'GatewayClient is closed'));
    // Only the first call waits for the Register and the Gateways; later calls go straight on (a
    // Gateway that is down then answers for itself, instead of delaying every call).
    this.connected ??= this.connect();
    return this.connected;
  }

  /** Waits for the Register and the Gateways; rejects at once when one of them refuses our secret. */
  private async connect(): Promise<void> {
    if (!this.watching) {
      this.watching = true;
      this.links.start();
    }
    let onRefused: (target: string, details: string) => void = () => undefined;
    const refused = new Promise<never>((_resolve, reject) => {
      onRefused = (target, details) =>
        reject(
          new GatewayWorkerError(
            'GW_ERR_UNAUTHENTICATED',
            `${target} refused this GatewayClient: ${details}`,
          ),
        );
    });
    this.credentials.on('refused', onRefused);
    const connecting = this.waitForGateways();
    connecting.catch(() => undefined); // (a refusal may win the race)
    try {
      await Promise.race([connecting, refused]);
    } catch (err) {
      this.connected = undefined; // the watch keeps retrying; the next call waits again
      throw err;
    } finally {
      this.credentials.off('refused', onRefused);
    }
  }

  private async waitForGateways(): Promise<void> {
    if (!(await this.links.whenListed(this.connectTimeoutMs))) {
      throw new GatewayWorkerError(
        'GW_ERR_REGISTER_UNAVAILABLE',
        `no Register answered within ${this.connectTimeoutMs} ms (is the register address right and the Register up?)`,
      );
    }
    await Promise.all(this.links.liveLinks().map((link) => link.whenReady(this.connectTimeoutMs)));
  }
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GatewayClient<S extends object = SessionData> extends GatewayApi<S> {}
