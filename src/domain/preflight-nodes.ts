/**
 * AKS's node and pool limits for a new pool (issue 13 item 5c): while both pools run, the cluster
 * holds every other pool's nodes, the old pool's and the new pool's (limits in aks-limits.ts).
 */
import { AKS_LIMITS } from './aks-limits.js';
import type { ClusterFacts } from './azure-facts.js';
import type { Blocker, PlanWarning } from './plan.js';
import { nodesText, type Findings, type NewPoolSize } from './preflight-size.js';

/** The cluster's node limit: 400 with kubenet, else 5,000. */
export function clusterNodeLimit(cluster: Pick<ClusterFacts, 'network'>): number {
  return cluster.network?.plugin?.toLowerCase() === 'kubenet'
    ? AKS_LIMITS.kubenetNodesPerCluster
    : AKS_LIMITS.nodesPerCluster;
}

/** Nodes the cluster runs now: every pool's `count` as listed with the cluster. */
export function clusterNodes(cluster: Pick<ClusterFacts, 'pools'>): number {
  return cluster.pools.reduce((sum, pool) => sum + (pool.count ?? 0), 0);
}

export function nodeLimitFindings(
  cluster: Pick<ClusterFacts, 'name' | 'pools' | 'network'>,
  size: NewPoolSize,
): Findings {
  const subject = `cluster ${cluster.name}`;
  const limit = clusterNodeLimit(cluster);
  const nodes = clusterNodes(cluster);
  const blockers: Blocker[] = [];
  const warnings: PlanWarning[] = [];
  if (cluster.pools.length + 1 > AKS_LIMITS.poolsPerCluster) {
    blockers.push({
      code: 'CLUSTER_NODE_LIMIT',
      subject,
      message: `the cluster has ${cluster.pools.length} node pools and AKS allows ${AKS_LIMITS.poolsPerCluster}: the new pool cannot be added; delete an unused pool and plan again`,
    });
  }
  if (size.max > AKS_LIMITS.nodesPerPool) {
    blockers.push({
      code: 'CLUSTER_NODE_LIMIT',
      subject,
      message: `the new pool would have up to ${nodesText(size.max)} and AKS allows ${AKS_LIMITS.nodesPerPool} per pool`,
    });
  }
  const total = nodes + size.initial;
  if (total > limit) {
    blockers.push({
      code: 'CLUSTER_NODE_LIMIT',
      subject,
      message: `the cluster runs ${nodesText(nodes)} and the new pool adds ${size.initial} beside the old pool: ${total} nodes, more than the ${limit} AKS allows per cluster; scale other pools down and plan again`,
    });
  } else if (nodes + size.max > limit) {
    warnings.push({
      code: 'CAPACITY_HEADROOM',
      subject,
      message: `the new pool's autoscaler may grow it to ${nodesText(size.max)}: with the ${nodesText(nodes)} the cluster runs that is more than the ${limit} AKS allows per cluster; it can reach ${nodesText(limit - nodes)} only`,
    });
  }
  return { blockers, warnings };
}
