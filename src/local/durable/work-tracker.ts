/** Background work the engine must let finish before it stops (inbox writes, episodes, cleanup). */
export class WorkTracker {
  private readonly inFlight = new Set<Promise<void>>();

  /** Tracks a promise; its failure is the caller's to report (it never becomes unhandled here). */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
