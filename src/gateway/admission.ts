/** Connection limits of one Gateway process, for every listener. */
export interface AdmissionLimits {
  /** Open connections (handshakes included) per process. */
  maxConnections: number;
  /** Open connections per remote address. */
  maxConnectionsPerIp: number;
}

/**
 * Counts open client connections, per process and per remote address, so that a listener can
 * refuse one at accept, before any worker hears of it. Every admitted connection is released once.
 */
export class Admission {
  private total = 0;
  private readonly perIp = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits) {}

  get count(): number {
    return this.total;
  }

  /** Counts the connection and returns true, or returns false (counting nothing) when over a limit. */
  tryAdmit(remoteAddress: string): boolean {
    const fromIp = this.perIp.get(remoteAddress) ?? 0;
    if (this.total >= this.limits.maxConnections || fromIp >= this.limits.maxConnectionsPerIp) return false;
    this.total += 1;
    this.perIp.set(remoteAddress, fromIp + 1);
    return true;
  }

  release(remoteAddress: string): void {
    const fromIp = this.perIp.get(remoteAddress);
    if (fromIp === undefined) return;
    this.total -= 1;
    if (fromIp <= 1) this.perIp.delete(remoteAddress);
    else this.perIp.set(remoteAddress, fromIp - 1);
  }
}

/** The address a socket reports, without the IPv4-mapped IPv6 prefix. */
export function plainAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/, '');
}
