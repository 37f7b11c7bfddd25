/**
 * Which workloads the move touches: the controllers of the pods running on the source pool. System
 * and AKS add-on objects are skipped (AKS reconciles them itself; winshift never touches them); a pod
 * nobody controls, or one whose controller winshift does not move, would be evicted with nowhere to
 * go, so it is a blocker rather than a surprise at drain time.
 */
import type { Blocker, WorkloadKind } from './plan.js';
import type { PodFact, ReadFacts } from './planner-facts.js';
import type { PodInfo, WorkloadInfo, WorkloadRef } from '../ports/kubernetes.js';

const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'gatekeeper-system'];
/** winshift's own pre-pull DaemonSet lives here. */
const WINSHIFT_NAMESPACE = 'winshift-system';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const KIND_ORDER: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** kube-system and friends, or objects AKS add-ons manage (the addon manager reverts any change). */
export function isSystemObject(
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  return (
    SYSTEM_NAMESPACES.includes(namespace) ||
    labels['kubernetes.azure.com/managedby'] === 'aks' ||
    labels['addonmanager.kubernetes.io/mode'] !== undefined
  );
}

/** Pods the plan never considers: system ones, winshift's own, static (mirror) and finished pods. */
export function plannerIgnoresPod(pod: PodInfo): boolean {
  return (
    pod.namespace === WINSHIFT_NAMESPACE ||
    isSystemObject(pod.namespace, pod.labels) ||
    pod.annotations[MIRROR_ANNOTATION] !== undefined ||
    pod.phase === 'Succeeded' ||
    pod.phase === 'Failed'
  );
}

export const workloadKey = (ref: WorkloadRef): string => `${ref.kind} ${ref.namespace}/${ref.name}`;

/** Kind (Deployments, StatefulSets, DaemonSets), then namespace, then name. */
export function compareRefs(a: WorkloadRef, b: WorkloadRef): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    a.namespace.localeCompare(b.namespace, 'en') ||
    a.name.localeCompare(b.name, 'en')
  );
}

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
    if (plannerIgnoresPod(fact.pod)) continue;
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
