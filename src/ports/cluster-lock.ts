/**
 * One run per cluster (issue 12, item 11): two runs on pools of one cluster would overwrite each
 * other's DaemonSet widenings and could pick the same new pool name. A lease row per cluster names
 * the upgrade instance holding it; it is held as long as that instance runs (no release to forget:
 * a holder that has ended holds nothing), and taken with an optimistic-concurrency check, so two
 * starts racing for one cluster cannot both win.
 */
export interface ClusterLease {
  /** The upgrade instance holding the cluster. */
  readonly holder: string;
  /** The pool that instance upgrades (for the refusal's message). */
  readonly poolName: string;
  /** The row's version, as read (the take succeeds only if it is still this). */
  readonly etag: string;
}

export interface ClusterLocks {
  read(clusterResourceId: string): Promise<ClusterLease | undefined>;
  /**
   * Takes the cluster for `holder`, if the row is still as `expected` was read (undefined: no row).
   * False when another start changed it in between: nothing was written.
   */
  take(
    clusterResourceId: string,
    holder: { readonly instanceId: string; readonly poolName: string },
    expected: ClusterLease | undefined,
  ): Promise<boolean>;
}
