import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  cert: string;
  key: string;
  /** The certificate's PEM, for a client's `ca`. */
  pem: Buffer;
  /** As tls's getPeerCertificate().fingerprint256 shows it. */
  fingerprint256: string;
}

/**
 * Self-signed certificates for localhost/127.0.0.1 made with the openssl command (node cannot make
 * X.509 certificates), each with a new key and serial, in a temporary directory removed by cleanup().
 */
export class CertificateDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'gw-tls-'));
  private made = 0;

  /** Writes a new certificate and key; `name` picks the file names (reusing one overwrites it, as a renewal does). */
  make(name = `cert${++this.made}`): TestCertificate {
    const cert = join(this.dir, `${name}.crt`);
    const key = join(this.dir, `${name}.key`);
    openssl([
      'req',
      '-x509',
      ...newEcKey(key),
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    const pem = readFileSync(cert);
    return { cert, key, pem, fingerprint256: new X509Certificate(pem).fingerprint256 };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs the openssl command (bounded in time; its error output is kept for a failure). */
export function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

/** openssl req arguments for a new P-256 key, unencrypted, written to `keyFile`. */
export function newEcKey(keyFile: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
}
