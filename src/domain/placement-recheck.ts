/**
 * The re-check before the point of no return (DESIGN step 9, issue 12): every moved workload's live
 * template must still land on the new pool and stay off the old one. GitOps, Helm or a person may
 * have put the old selector back since the patch; deleting the old pool then would leave its pods
 * Pending for ever.
 */
import type { WorkloadInfo } from './kube-objects.js';
import { placementVerdict } from './placement-check.js';
import type { Plan } from './plan.js';
import { specNode } from './planner-placement.js';
import type { RuntimeClasses } from './runtime-class.js';
import type { NodeFacts } from './scheduling.js';

export type RecheckVerdict =
  /** Lands on the new pool only, as patched. */
  | 'onNewPool'
  /** Its pods may be scheduled on the old pool again. */
  | 'mayLandOnOldPool'
  /** Its pods can no longer be scheduled on the new pool. */
  | 'cannotLandOnNewPool';

export interface Recheck {
  readonly verdict: RecheckVerdict;
  readonly reasons: readonly string[];
}

/**
 * A node of the new pool and one of the old, as the plan describes them: the new pool copies the old
 * one's node labels and taints (domain/pool-spec.ts), so the plan's target spec describes both.
 */
export function planPoolNodes(plan: Plan): { newNode: NodeFacts; oldNode: NodeFacts } {
  const { sourcePool, target } = plan;
  const oldNodeName = [...sourcePool.nodeNames].sort()[0];
  return {
    newNode: specNode(target.poolName, target, target.spec),
    oldNode: specNode(sourcePool.name, sourcePool, target.spec, oldNodeName),
  };
}

export function recheckPlacement(
  workload: WorkloadInfo,
  plan: Plan,
  runtimeClasses: RuntimeClasses,
): Recheck {
  const { newNode, oldNode } = planPoolNodes(plan);
  const verdict = placementVerdict(workload.placement, newNode, oldNode, runtimeClasses);
  if (!verdict.avoidsOld) return { verdict: 'mayLandOnOldPool', reasons: verdict.reasons };
  if (!verdict.landsOnNew) return { verdict: 'cannotLandOnNewPool', reasons: verdict.reasons };
  return { verdict: 'onNewPool', reasons: [] };
}
