/**
 * The plan's preflight (issue 13 items 5 and 6): before anything is created, the new pool must get a
 * Kubernetes version AKS offers (pool-version.ts), fit the region's vCPU quota (preflight-quota.ts),
 * the free addresses of its subnets (preflight-subnets.ts) and AKS's node limits
 * (preflight-nodes.ts). A shortfall is a blocker with the numbers; a fact winshift could not read
 * is a warning naming the permission it needs.
 */
import type { ReadFacts } from './planner-facts.js';
import type { Blocker, PlanWarning } from './plan.js';
import type { AgentPoolSpec } from './pool-spec.js';
import { decidePoolVersion } from './pool-version.js';
import { nodeLimitFindings } from './preflight-nodes.js';
import { quotaFindings } from './preflight-quota.js';
import { mergeFindings, newPoolSize, NO_FINDINGS } from './preflight-size.js';
import { subnetFindings } from './preflight-subnets.js';

export interface PreflightDecision {
  /** The new pool's spec, with the Kubernetes version AKS will accept. */
  readonly spec: AgentPoolSpec;
  readonly blockers: readonly Blocker[];
  readonly warnings: readonly PlanWarning[];
}

export function preflightChecks(
  facts: ReadFacts,
  spec: AgentPoolSpec,
  poolName: string,
): PreflightDecision {
  const preflight = facts.preflight;
  if (preflight === undefined) return { spec, blockers: [], warnings: [] };
  const { cluster } = facts;
  const version = decidePoolVersion(
    spec,
    cluster.kubernetesVersion,
    preflight.poolVersions,
    poolName,
  );
  const checked = version.spec;
  const size = newPoolSize(checked);
  const vmSize = checked['vmSize'];
  const quota =
    typeof vmSize === 'string'
      ? quotaFindings(
          {
            location: cluster.location,
            vmSize,
            spot: checked['scaleSetPriority'] === 'Spot',
            size,
          },
          preflight,
        )
      : NO_FINDINGS;
  const findings = mergeFindings(
    version.findings,
    quota,
    subnetFindings(checked, cluster.network, size, preflight.subnets),
    nodeLimitFindings(cluster, size),
  );
  return { spec: checked, ...findings };
}
