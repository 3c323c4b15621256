import { checkHttpApi, type HttpApiOptions, type ResolvedHttpApiOptions } from '../api/http-api-options';
import { createLogger, type Logger } from '../logger';
import {
  checkIntrospection,
  checkMeshTls,
  checkSecretKey,
  type IntrospectionAccess,
  type MeshTlsFiles,
} from '../rpc/mesh-options';
import { checkHostPort, checkNonEmptyString, checkNonNegativeInt, checkOptionNames } from '../util/validate';

export interface RegisterOptions {
  /** Where the Register's gRPC server listens, "host:port"; port 0 picks a free port. Keep it off the internet.
   * @default '127.0.0.1:1236' */
  listen?: string;
  /** Display name. @default 'Register' */
  name?: string;
  /** How long stop() waits for streams to end before cancelling them. @default 2000 */
  stopGraceMs?: number;
  /** Shared secret every Gateway, worker and GatewayClient must send (gRPC metadata
   * `x-gatewayworker-secret`); calls without it get UNAUTHENTICATED. '' = off. @default '' */
  secretKey?: string;
  /** Mutual TLS for the Register's gRPC port: { ca, cert, key } PEM file paths; callers need a
   * certificate signed by `ca`. @default undefined (plaintext) */
  meshTls?: MeshTlsFiles;
  /** Whether reflection and health answer without the secret ('open') or need it too ('secret').
   * With meshTls a client certificate is needed either way. @default 'open' */
  introspection?: IntrospectionAccess;
  /** The HTTP/JSON push API for the whole cluster, e.g. { listen: 8080 } (127.0.0.1:8080); it
   * requires `secretKey` from callers when one is set. @default undefined (off) */
  httpApi?: HttpApiOptions;
  /** @default a line logger on stdout/stderr */
  logger?: Logger;
}

export type ResolvedRegisterOptions = Required<Omit<RegisterOptions, 'meshTls' | 'httpApi'>> & {
  meshTls: Readonly<MeshTlsFiles> | undefined;
  httpApi: ResolvedHttpApiOptions | undefined;
};

export const REGISTER_DEFAULTS = Object.freeze({
  listen: '127.0.0.1:1236',
  name: 'Register',
  stopGraceMs: 2000,
});

/** Every option name, for the unknown-option check (the type keeps it complete). */
const REGISTER_OPTION_NAMES: Record<keyof RegisterOptions, true> = {
  listen: true,
  name: true,
  stopGraceMs: true,
  secretKey: true,
  meshTls: true,
  introspection: true,
  httpApi: true,
  logger: true,
};

export function resolveRegisterOptions(options: RegisterOptions = {}): ResolvedRegisterOptions {
  checkOptionNames(options, REGISTER_OPTION_NAMES);
  const merged = { ...REGISTER_DEFAULTS, ...options };
  return Object.freeze({
    listen: checkHostPort('listen', merged.listen),
    name: checkNonEmptyString('name', merged.name),
    stopGraceMs: checkNonNegativeInt('stopGraceMs', merged.stopGraceMs),
    secretKey: checkSecretKey(options.secretKey),
    meshTls: checkMeshTls(options.meshTls),
    introspection: checkIntrospection(options.introspection),
    httpApi: checkHttpApi(options.httpApi),
    logger: options.logger ?? createLogger('register'),
  });
}
