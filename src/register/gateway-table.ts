import type { GatewayInfo__Output } from '../rpc/generated/gatewayworker/v1/GatewayInfo';

/**
 * The Register's list of live Gateways: pure state, no I/O.
 * Each entry belongs to the announce stream that announced it; when that stream ends the entry goes.
 * Addresses are unique: a newer stream announcing a known address takes it over (newest wins).
 */
export interface GatewaySnapshot {
  version: number;
  gateways: GatewayInfo__Output[];
}

export class GatewayTable {
  private readonly byAddress = new Map<string, { streamId: number; info: GatewayInfo__Output }>();
  private version = 0;

  /** Lists or updates a Gateway. Returns the id of a stream that lost its address to this one. */
  announce(streamId: number, info: GatewayInfo__Output): { displacedStreamId?: number } {
    const address = info.address ?? '';
    this.removeStream(streamId, address);
    const previous = this.byAddress.get(address);
    this.byAddress.set(address, { streamId, info });
    this.version += 1;
    return previous && previous.streamId !== streamId ? { displacedStreamId: previous.streamId } : {};
  }

  /** Unlists whatever this stream announced (except `keepAddress`). Returns true if the list changed. */
  removeStream(streamId: number, keepAddress?: string): boolean {
    let changed = false;
    for (const [address, entry] of this.byAddress) {
      if (entry.streamId === streamId && address !== keepAddress) {
        this.byAddress.delete(address);
        changed = true;
      }
    }
    if (changed) this.version += 1;
    return changed;
  }

  snapshot(): GatewaySnapshot {
    const gateways = [...this.byAddress.values()]
      .map((entry) => entry.info)
      .sort((a, b) => (a.address ?? '').localeCompare(b.address ?? ''));
    return { version: this.version, gateways };
  }
}
