/**
 * Workloads whose rollout, as winshift patches and watches it, would never complete: refused in the
 * plan with what to do, instead of timing out after the new pool is paid for (issue 12 item 8).
 */
import type { Blocker } from './plan.js';
import type { ReadFacts } from './planner-facts.js';
import type { WorkloadInfo } from './kube-objects.js';
import { workloadKey } from './workload-ref.js';

/** A paused Deployment keeps its pods on the old template: nothing rolls until it is resumed. */
function pausedBlocker(workload: WorkloadInfo): Blocker | undefined {
  if (workload.kind !== 'Deployment' || workload.paused !== true) return undefined;
  return {
    code: 'DEPLOYMENT_PAUSED',
    subject: workloadKey(workload),
    message: `the Deployment is paused (spec.paused: true): it does not roll out a template change, so its pods would keep the old placement and go Pending once the old pool is gone; resume it (kubectl rollout resume deployment/${workload.name} -n ${workload.namespace}) and plan again`,
  };
}

/**
 * A RollingUpdate StatefulSet rolls only the ordinals >= its partition (OnDelete ignores the
 * partition, and winshift rolls OnDelete StatefulSets pod by pod itself). The pods below it keep the
 * old template, and pods the StatefulSet creates below it later too: pinned to the old pool.
 */
function partitionBlocker(workload: WorkloadInfo): Blocker | undefined {
  const partition = workload.partition ?? 0;
  if (workload.kind !== 'StatefulSet' || workload.updateStrategy === 'OnDelete' || partition <= 0)
    return undefined;
  const below = partition === 1 ? 'pod 0 stays' : `pods 0-${partition - 1} stay`;
  return {
    code: 'STATEFULSET_PARTITIONED',
    subject: workloadKey(workload),
    message: `spec.updateStrategy.rollingUpdate.partition is ${partition}: only pods with an ordinal >= ${partition} roll to a new template, so ${below} on the old pool and the rollout never completes; set the partition to 0 (kubectl patch statefulset ${workload.name} -n ${workload.namespace} -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}') and plan again`,
  };
}

/**
 * In a namespace being deleted the API server admits a patch but no new object: the controller
 * cannot create the pods (or the ReplicaSet) of the new template, and the drain's evictions are
 * refused too (NAMESPACE_TERMINATING).
 */
function namespaceBlocker(
  workload: WorkloadInfo,
  terminating: readonly string[],
): Blocker | undefined {
  if (!terminating.includes(workload.namespace)) return undefined;
  return {
    code: 'NAMESPACE_TERMINATING',
    subject: workloadKey(workload),
    message: `namespace ${workload.namespace} is being deleted: the API server creates nothing new in it (no pod from a patched template, no eviction), so the workload cannot be moved; let the deletion finish (or remove what holds it, e.g. a finalizer) and plan again`,
  };
}

/** Why the patch of this workload would never roll out as winshift watches it (empty when it will). */
export function rolloutBlockers(
  workload: WorkloadInfo,
  facts: Pick<ReadFacts, 'terminatingNamespaces'>,
): Blocker[] {
  return [
    namespaceBlocker(workload, facts.terminatingNamespaces),
    pausedBlocker(workload),
    partitionBlocker(workload),
  ].filter((b): b is Blocker => b !== undefined);
}
