import type { GatewayInfo__Output } from '../rpc/generated/gatewayworker/v1/GatewayInfo';

/**
 * The Register's list of live Gateways: pure state, no I/O.
 * Each entry belongs to the announce stream that announced it; when that stream ends the entry goes.
 * Addresses are unique and the first holder keeps its address: another Gateway (another instance
 * id) announcing it is refused. The same instance announcing again on a new stream (it reconnected
 * while the Register still held its old stream) takes its own entry over.
 */
export interface GatewaySnapshot {
  version: number;
  gateways: GatewayInfo__Output[];
}

export type AnnounceOutcome =
  /**
   * Listed; `displacedStreamId` is the same instance's older stream, which no longer owns the entry.
   * `changed` is false when the stream announced exactly what it had listed (the list is the same).
   */
  | { listed: true; changed: boolean; displacedStreamId?: number }
  /** Another Gateway holds this address; nothing changed. */
  | { listed: false; holder: GatewayInfo__Output };

export class GatewayTable {
  private readonly byAddress = new Map<string, { streamId: number; info: GatewayInfo__Output }>();
  private version = 0;

  /** Lists or updates a Gateway, unless another instance holds its address. */
  announce(streamId: number, info: GatewayInfo__Output): AnnounceOutcome {
    const address = info.address ?? '';
    const previous = this.byAddress.get(address);
    if (previous && previous.streamId !== streamId && previous.info.instance_id !== info.instance_id) {
      return { listed: false, holder: previous.info };
    }
    if (previous?.streamId === streamId && sameInfo(previous.info, info))
      return { listed: true, changed: false };
    this.removeStream(streamId, address);
    this.byAddress.set(address, { streamId, info });
    this.version += 1;
    return previous && previous.streamId !== streamId
      ? { listed: true, changed: true, displacedStreamId: previous.streamId }
      : { listed: true, changed: true };
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

/** The same announcement: every field equal (a repeated announce changes nothing). */
function sameInfo(a: GatewayInfo__Output, b: GatewayInfo__Output): boolean {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof GatewayInfo__Output>;
  for (const field of fields) if (String(a[field]) !== String(b[field])) return false;
  return true;
}
