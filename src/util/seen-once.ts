/**
 * Remembers keys to log something once per key (a peer and a reason, say). Bounded: past `max`
 * keys it forgets them all, so that a flood of peers cannot grow it without end (at worst a line
 * is logged again).
 */
export class SeenOnce {
  private readonly seen = new Set<string>();

  constructor(private readonly max = 1024) {}

  /** True the first time `key` is noted (until forgotten), false after. */
  note(key: string): boolean {
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.max) this.seen.clear();
    this.seen.add(key);
    return true;
  }
}
