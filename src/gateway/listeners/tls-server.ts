import { readFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { GatewayWorkerError } from '../../errors';

/** Certificate files in PEM form: the certificate (chain), its private key, and optional extra CAs. */
export interface TlsFiles {
  /** Certificate file; a full chain (leaf first) works as is. */
  cert: string;
  /** Private key file (unencrypted). */
  key: string;
  /** Extra CA certificates (e.g. an intermediate chain not in `cert`). */
  ca?: string;
}

/**
 * The server a client listener binds, and how to put renewed certificates in force. Plain servers
 * emit 'connection' for a new client; TLS servers emit it for the raw socket and 'secureConnection'
 * once the handshake is done, so a TCP listener listens for `connectionEvent`.
 */
export interface ClientServer<S extends net.Server> {
  server: S;
  connectionEvent: 'connection' | 'secureConnection';
  /**
   * Reads the certificate files again; new connections get the new certificate, open ones keep
   * theirs. On bad files it rejects (GW_ERR_INVALID_OPTION naming the file) and the old one stays.
   * Resolves at once without TLS.
   */
  reloadCertificates(): Promise<void>;
}

/** `http`: for WebSocket (https with TLS); `tcp`: raw sockets (tls.Server with TLS). */
export type ServerKind = 'http' | 'tcp';

/**
 * Creates the server for a listener, reading and checking the certificate files first: a missing,
 * unreadable or invalid file (or a key that does not match the certificate) rejects with
 * GW_ERR_INVALID_OPTION naming the option and its path.
 */
export async function createClientServer(kind: 'http', files?: TlsFiles): Promise<ClientServer<http.Server>>;
export async function createClientServer(kind: 'tcp', files?: TlsFiles): Promise<ClientServer<net.Server>>;
export async function createClientServer(
  kind: ServerKind,
  files?: TlsFiles,
): Promise<ClientServer<net.Server>>;
export async function createClientServer(
  kind: ServerKind,
  files?: TlsFiles,
): Promise<ClientServer<net.Server>> {
  if (!files) {
    return {
      server: kind === 'http' ? http.createServer() : net.createServer(),
      connectionEvent: 'connection',
      reloadCertificates: () => Promise.resolve(),
    };
  }
  const secure = await loadSecureContext(files);
  const server: tls.Server = kind === 'http' ? https.createServer(secure) : tls.createServer(secure);
  return {
    server,
    connectionEvent: 'secureConnection',
    async reloadCertificates() {
      // Built and checked before it replaces anything: bad files leave the running context alone.
      server.setSecureContext(await loadSecureContext(files));
    },
  };
}

/** Reads the files and builds a context once, so that a bad file fails here, not at a client's handshake. */
export async function loadSecureContext(files: TlsFiles): Promise<tls.SecureContextOptions> {
  // Read together; a failure is reported in the order cert, key, ca, whichever read failed first.
  const reads = await Promise.allSettled([
    readTlsFile('cert', files.cert),
    readTlsFile('key', files.key),
    files.ca === undefined ? undefined : readTlsFile('ca', files.ca),
  ]);
  const [cert, key, ca] = reads.map((read) => {
    if (read.status === 'rejected') throw read.reason;
    return read.value;
  }) as [Buffer, Buffer, Buffer | undefined];
  const options: tls.SecureContextOptions = ca === undefined ? { cert, key } : { cert, key, ca };
  try {
    tls.createSecureContext(options);
  } catch (err) {
    const paths = [`cert ${files.cert}`, `key ${files.key}`, ...(ca ? [`ca ${files.ca}`] : [])];
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`tls\` files are not a usable certificate and key (${paths.join(', ')}): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return options;
}

async function readTlsFile(field: keyof TlsFiles, path: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`tls.${field}\` cannot be read: ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      { cause: err },
    );
  }
  // createSecureContext names no file, so each file is checked to be PEM here.
  if (!data.includes('-----BEGIN ')) {
    throw new GatewayWorkerError(
      'GW_ERR_INVALID_OPTION',
      `\`tls.${field}\` is not a PEM file (no "-----BEGIN" line): ${path}`,
    );
  }
  return data;
}
