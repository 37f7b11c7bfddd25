/**
 * The fleet report, built purely: each Windows pool of a cluster classified against the retirement
 * calendar (DESIGN section 1), and the summary counts. No I/O, so a table of clusters tests it all.
 */
import type { ClusterFacts, PoolSummary } from './azure-facts.js';
import type { RetirementCalendar } from './calendar.js';
import { isOsSku, isWindowsOsType } from './os.js';
import { classifyPool, type PoolClassification, type PoolStatus } from './retirement.js';

/** One Windows pool of the fleet as the last scan (or a later AKS event) saw it. */
export interface FleetEntry {
  readonly subscriptionId: string;
  readonly clusterResourceId: string;
  readonly poolName: string;
  /** The pool's `osSKU`, as ARM reports it (`Windows2019`; may be missing on very old pools). */
  readonly osSku: string;
  /** The pool's `orchestratorVersion`, or the cluster's version when the pool names none. */
  readonly kubernetesVersion: string;
  readonly status: PoolStatus;
  /** YYYY-MM-DD: the next date that matters for this pool, if any. */
  readonly deadline?: string;
  readonly reason: string;
  /** When this entry was classified (ISO time). */
  readonly checkedAt: string;
}

export interface FleetSummary {
  readonly clusters: number;
  readonly windowsPools: number;
  readonly retired: number;
  readonly retiring: number;
  readonly supported: number;
}

export interface ClassifyOptions {
  readonly calendar: RetirementCalendar;
  readonly windowDays: number;
  readonly now: Date;
}

const isWindows = (pool: PoolSummary): boolean => isWindowsOsType(pool.osType);

/**
 * A Windows pool's status. A pool without `osSKU` predates the property: AKS created those as
 * Windows Server 2019, so they are classified as such (and the reason says so). A SKU winshift does
 * not know cannot be judged and is reported `retired`, so someone looks at it.
 */
function classify(
  pool: PoolSummary,
  kubernetesVersion: string,
  options: ClassifyOptions,
): PoolClassification {
  const sku = pool.osSku ?? 'Windows2019';
  if (!isOsSku(sku)) {
    return { status: 'retired', reason: `unknown Windows OS SKU "${sku}": cannot be checked` };
  }
  const result = classifyPool(
    { osSku: sku, kubernetesVersion, now: options.now, windowDays: options.windowDays },
    options.calendar,
  );
  return pool.osSku === undefined
    ? { ...result, reason: `no osSKU (AKS default Windows2019); ${result.reason}` }
    : result;
}

/** The entries of one cluster: its Windows pools only (Linux pools are not winshift's business). */
export function entriesOfCluster(cluster: ClusterFacts, options: ClassifyOptions): FleetEntry[] {
  return cluster.pools.filter(isWindows).map((pool) => {
    const kubernetesVersion = pool.orchestratorVersion ?? cluster.kubernetesVersion;
    const { status, deadline, reason } = classify(pool, kubernetesVersion, options);
    return {
      subscriptionId: cluster.subscriptionId.toLowerCase(),
      clusterResourceId: cluster.resourceId,
      poolName: pool.name,
      osSku: pool.osSku ?? 'Windows2019',
      kubernetesVersion,
      status,
      ...(deadline === undefined ? {} : { deadline }),
      reason,
      checkedAt: options.now.toISOString(),
    };
  });
}

const STATUS_ORDER = { retired: 0, retiring: 1, supported: 2 } as const;

/** Most urgent first: status, then deadline (none last), then cluster and pool. */
export function compareEntries(a: FleetEntry, b: FleetEntry): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') ||
    a.clusterResourceId.toLowerCase().localeCompare(b.clusterResourceId.toLowerCase()) ||
    a.poolName.localeCompare(b.poolName)
  );
}

export function summarize(entries: readonly FleetEntry[]): FleetSummary {
  const clusters = new Set(entries.map((e) => e.clusterResourceId.toLowerCase()));
  const count = (status: FleetEntry['status']): number =>
    entries.filter((e) => e.status === status).length;
  return {
    clusters: clusters.size,
    windowsPools: entries.length,
    retired: count('retired'),
    retiring: count('retiring'),
    supported: count('supported'),
  };
}
