import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { GatewayWorkerError } from '../errors';
import type { Logger } from '../logger';
import { CLIENT_OPTIONS, SERVER_OPTIONS } from './load';
import type { IntrospectionAccess, MeshSecurity, MeshTlsFiles } from './mesh-options';
import { secretClientInterceptor, secretServerInterceptor, type SecretRefusal } from './secret-key';
import { SeenOnce } from '../util/seen-once';

/** Services reachable without the secret when introspection is 'open'. */
const INTROSPECTION_PREFIXES = ['/grpc.reflection.', '/grpc.health.'];
/**
 * Everything a role needs to secure its gRPC links, from its `secretKey` and `meshTls` options:
 * server credentials and interceptor, client credentials and interceptor. One object per role, so
 * every server it runs and every client it opens use the same settings. The PEM files are read on
 * first use and kept: start() for Register and Gateway; the constructor for BusinessWorker and
 * GatewayClient, which make their Register clients there.
 */
export class MeshCredentials extends EventEmitter<{ refused: [target: string, details: string] }> {
  private pems?: { ca: Buffer; cert: Buffer; key: Buffer };
  private readonly logged = new SeenOnce();

  constructor(
    private readonly security: MeshSecurity,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** Credentials for a client of the mesh: mTLS when meshTls is set, else plaintext. */
  channelCredentials(): grpc.ChannelCredentials {
    const pems = this.readPems();
    return pems
      ? grpc.credentials.createSsl(pems.ca, pems.key, pems.cert)
      : grpc.credentials.createInsecure();
  }

  /** Channel options for a client of `target`: the secret on every call, refusals reported. */
  clientOptions(target: string): grpc.ClientOptions {
    const interceptor = secretClientInterceptor(this.security.secretKey, (details) =>
      this.onRefusedByServer(target, details),
    );
    return { ...CLIENT_OPTIONS, interceptors: [interceptor] };
  }

  /** Server credentials: mTLS requiring a client certificate from meshTls.ca, else plaintext. */
  serverCredentials(): grpc.ServerCredentials {
    const pems = this.readPems();
    if (!pems) return grpc.ServerCredentials.createInsecure();
    return grpc.ServerCredentials.createSsl(
      pems.ca,
      [{ cert_chain: pems.cert, private_key: pems.key }],
      true,
    );
  }

  /** Server options with the secret check in front of every service (but introspection when open). */
  serverOptions(introspection: IntrospectionAccess): grpc.ServerOptions {
    const { secretKey } = this.security;
    if (secretKey === '') return SERVER_OPTIONS;
    const interceptor = secretServerInterceptor({
      secretKey,
      isOpen: (path) =>
        introspection === 'open' && INTROSPECTION_PREFIXES.some((prefix) => path.startsWith(prefix)),
      onRefused: (peer, reason, path) => this.onRefusedPeer(peer, reason, path),
    });
    return { ...SERVER_OPTIONS, interceptors: [interceptor] };
  }

  /** Logs a refused caller once per host and reason (ports change on every reconnect). */
  private onRefusedPeer(peer: string, reason: SecretRefusal, path: string): void {
    const host = peer.slice(0, peer.lastIndexOf(':')) || peer;
    if (!this.logged.note(`${host} ${reason}`)) return;
    this.logger.warn(
      `refused ${path} from ${peer}: ${reason} secret key (further refusals of ${host} for this reason are not logged)`,
    );
  }

  /**
   * A server refused one of our calls. The stream loops log it already (a Gateway link once per
   * reason, a Register watch on the first failure); this tells waiting callers (GatewayClient).
   */
  private onRefusedByServer(target: string, details: string): void {
    this.emit('refused', target, details);
  }

  private readPems(): { ca: Buffer; cert: Buffer; key: Buffer } | undefined {
    const files = this.security.meshTls;
    if (!files) return undefined;
    this.pems ??= {
      ca: readPem(files, 'ca'),
      cert: readPem(files, 'cert'),
      key: readPem(files, 'key'),
    };
    return this.pems;
  }
}

function readPem(files: Readonly<MeshTlsFiles>, field: keyof MeshTlsFiles): Buffer {
  const path = files[field];
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`meshTls.${field}\` cannot be read: ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      { cause: err },
    );
  }
  if (!data.includes('-----BEGIN '))
    throw new GatewayWorkerError('GW_ERR_INVALID_OPTION', `\`meshTls.${field}\` is not a PEM file: ${path}`);
  return data;
}
