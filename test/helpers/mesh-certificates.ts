import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEcKey, openssl } from './certificates';

/** meshTls file paths, as the options take them. */
export interface MeshFiles {
  ca: string;
  cert: string;
  key: string;
}

/**
 * A test CA made with the openssl command, and certificates it signs for 127.0.0.1/localhost (the
 * same commands README's "Secret key and mTLS" shows). Files live in a temporary directory removed
 * by cleanup().
 */
export class MeshCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'gw-mesh-'));
  readonly ca = join(this.dir, 'ca.crt');
  private readonly caKey = join(this.dir, 'ca.key');

  constructor() {
    openssl([
      'req',
      '-x509',
      ...newEcKey(this.caKey),
      '-out',
      this.ca,
      '-days',
      '2',
      '-subj',
      '/CN=gatewayworker test mesh CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }

  /** A certificate and key signed by this CA, valid for 127.0.0.1 and localhost. */
  issue(name: string): MeshFiles {
    const cert = join(this.dir, `${name}.crt`);
    const key = join(this.dir, `${name}.key`);
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl(['req', '-new', ...newEcKey(key), '-out', csr, '-subj', `/CN=${name}`]);
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      this.ca,
      '-CAkey',
      this.caKey,
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '2',
      '-extfile',
      ext,
    ]);
    return { ca: this.ca, cert, key };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
