import type { GatewayInfo__Output } from './generated/gatewayworker/v1/GatewayInfo';

/**
 * How long the last list of a Register whose watch stream broke still counts while another
 * Register is live: long enough for a restarted Register to hear again from every Gateway
 * (they re-announce within about a second), short enough that a Gateway that died meanwhile
 * drops out of cluster-wide queries soon (the live Registers already unlisted it).
 */
export const STALE_LIST_GRACE_MS = 5_000;

interface RegisterView {
  gateways: GatewayInfo__Output[];
  /** Since when the watch stream is broken; undefined while it is live. */
  downSinceMs?: number;
}

/**
 * The Gateway list as several Registers report it: pure state, the clock passed in.
 * - A live Register's latest snapshot always counts.
 * - A Register whose stream broke keeps its last list until it answers again (a restart must not
 *   hide Gateways), but once another Register is live that list counts only for `graceMs`.
 * - While no Register is live at all, the last lists stay (as in GatewayWorker): nobody knows better,
 *   and live streams to the Gateways still tell their own state.
 */
export class RegisterLists {
  private readonly views = new Map<string, RegisterView>();

  constructor(readonly graceMs = STALE_LIST_GRACE_MS) {}

  /** A snapshot arrived from `register`: it is live and this is its list. */
  update(register: string, gateways: GatewayInfo__Output[]): void {
    this.views.set(register, { gateways });
  }

  /** The watch stream to `register` broke at `nowMs` (its last list is kept for now). */
  down(register: string, nowMs: number): void {
    const view = this.views.get(register);
    if (view && view.downSinceMs === undefined) view.downSinceMs = nowMs;
  }

  get hasAnyList(): boolean {
    return this.views.size > 0;
  }

  /** When the next stale list expires (to recompute then), or undefined. */
  nextExpiryMs(nowMs: number): number | undefined {
    if (!this.anyLive()) return undefined;
    let next: number | undefined;
    for (const view of this.views.values()) {
      if (view.downSinceMs === undefined) continue;
      const at = view.downSinceMs + this.graceMs;
      if (at > nowMs && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** The union of the lists that count at `nowMs`, one entry per address (a live Register's wins). */
  current(nowMs: number): GatewayInfo__Output[] {
    const anyLive = this.anyLive();
    const byAddress = new Map<string, GatewayInfo__Output>();
    // Stale lists first, so that a live Register's entry for the same address replaces theirs.
    const counted = [...this.views.values()]
      .filter((v) => v.downSinceMs === undefined || !anyLive || nowMs < v.downSinceMs + this.graceMs)
      .sort((a, b) => Number(a.downSinceMs === undefined) - Number(b.downSinceMs === undefined));
    for (const view of counted) for (const info of view.gateways) byAddress.set(info.address ?? '', info);
    return [...byAddress.values()];
  }

  private anyLive(): boolean {
    for (const view of this.views.values()) if (view.downSinceMs === undefined) return true;
    return false;
  }
}
