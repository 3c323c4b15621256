import { GatewayWorkerError } from '../errors';
import { registerSecret } from '../log/redact';
import { checkNonEmptyString, checkOptionNames } from '../util/validate';

/** PEM files for mutual TLS on the gRPC mesh: the CA that signs every peer, and this process's pair. */
export interface MeshTlsFiles {
  /** CA certificate(s) that sign the mesh's certificates; peers signed by another CA are refused. */
  ca: string;
  /** This process's certificate (its SANs must name the host/IP peers dial). */
  cert: string;
  /** Its private key (unencrypted). */
  key: string;
}

/** Who may call reflection and health on a Register or Gateway: anyone, or only holders of the secret. */
export type IntrospectionAccess = 'open' | 'secret';

/** The mesh security options every role shares, checked. */
export interface MeshSecurity {
  /** Shared secret sent as call metadata; '' = off. */
  secretKey: string;
  meshTls: Readonly<MeshTlsFiles> | undefined;
}

/** `secretKey`: a string; '' (the default) turns the check off. */
export function checkSecretKey(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'string')
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`secretKey\` must be a string ('' = off), got ${typeof value}`,
    );
  // gRPC metadata values are printable ASCII; anything else could not be sent.
  if (!/^[\x20-\x7e]*$/.test(value))
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      '`secretKey` must be printable ASCII (it travels as gRPC metadata)',
    );
  // Whatever goes wrong later, this value never reaches a log line of this process.
  registerSecret(value);
  return value;
}

/** `meshTls`: { ca, cert, key } file paths, all three; the files are read when the role first uses them. */
export function checkMeshTls(value: unknown): Readonly<MeshTlsFiles> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      '`meshTls` must be an object { ca, cert, key } (PEM file paths)',
    );
  checkOptionNames(value, { ca: true, cert: true, key: true } satisfies Record<keyof MeshTlsFiles, true>);
  const files = value as Partial<MeshTlsFiles>;
  return Object.freeze({
    ca: checkNonEmptyString('meshTls.ca', files.ca),
    cert: checkNonEmptyString('meshTls.cert', files.cert),
    key: checkNonEmptyString('meshTls.key', files.key),
  });
}

export function checkMeshSecurity(options: { secretKey?: unknown; meshTls?: unknown }): MeshSecurity {
  return { secretKey: checkSecretKey(options.secretKey), meshTls: checkMeshTls(options.meshTls) };
}

export function checkIntrospection(value: unknown): IntrospectionAccess {
  if (value === undefined || value === 'open' || value === 'secret') return value ?? 'open';
  throw new GatewayWorkerError(
    'GW_ERR_INVALID_OPTION',
    `\`introspection\` must be 'open' or 'secret', got ${JSON.stringify(value)}`,
  );
}
