/**
 * Which workloads the move touches: the controllers of the pods running on the source pool. System
 * and AKS add-on objects are skipped (AKS reconciles them itself; winshift never touches them); a pod
 * nobody controls, or one whose controller winshift does not move, would be evicted with nowhere to
 * go, so it is a blocker rather than a surprise at drain time.
 */
import type { Blocker } from './plan.js';
import type { PodFact, ReadFacts } from './planner-facts.js';
import type { WorkloadInfo } from './kube-objects.js';
import { compareRefs, workloadKey } from './workload-ref.js';
import { isPodOutsideUpgrade, isSystemObject } from './system-objects.js';

export interface DiscoveredWorkloads {
  /** Sorted by `compareRefs`, each once. */
  readonly workloads: readonly WorkloadInfo[];
  readonly blockers: readonly Blocker[];
}

function podBlocker(fact: PodFact): Blocker | undefined {
  const { pod, controller } = fact;
  if (controller.type === 'bare') {
    return {
      code: 'BARE_POD',
      subject: `Pod ${pod.namespace}/${pod.name}`,
      message:
        'the pod has no controller: drained, it would not come back on the new pool; run it under a Deployment, StatefulSet or DaemonSet, or delete it',
    };
  }
  if (controller.type === 'other') {
    return {
      code: 'UNPLANNED_WORKLOAD',
      subject: `${controller.kind} ${pod.namespace}/${controller.name}`,
      message: `winshift moves Deployments, StatefulSets and DaemonSets only; a ${controller.kind} pinned to the old pool would be left Pending after the drain: let it finish or move it first`,
    };
  }
  return undefined;
}

/** The workloads to move, and blockers for pods that cannot be moved. */
export function discoverWorkloads(facts: ReadFacts): DiscoveredWorkloads {
  const blockers = new Map<string, Blocker>();
  const wanted = new Set<string>();
  for (const fact of facts.pods) {
    if (isPodOutsideUpgrade(fact.pod)) continue;
    const blocker = podBlocker(fact);
    if (blocker !== undefined) blockers.set(`${blocker.code} ${blocker.subject ?? ''}`, blocker);
    else if (fact.controller.type === 'workload') wanted.add(workloadKey(fact.controller.ref));
  }
  const workloads = facts.workloads
    .filter((w) => wanted.has(workloadKey(w)) && !isSystemObject(w.namespace, w.labels))
    .filter((w, i, all) => all.findIndex((x) => workloadKey(x) === workloadKey(w)) === i)
    .sort(compareRefs);
  return { workloads, blockers: [...blockers.values()] };
}
