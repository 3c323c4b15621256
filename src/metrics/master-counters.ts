/** What the master counts itself: reloads, by outcome. */
export class MasterCounters {
  reloads = { ok: 0, failed: 0 };

  /** Counts a reload's outcome and passes it on. */
  async countReload<T>(reload: Promise<T>): Promise<T> {
    try {
      const result = await reload;
      this.reloads.ok += 1;
      return result;
    } catch (err) {
      this.reloads.failed += 1;
      throw err;
    }
  }
}
