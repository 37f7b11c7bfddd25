/**
 * checkSourcePool (DESIGN steps 6-7): before cordoning, the old pool's pods are listed again. A
 * controller the plan does not move (a workload created after planning, a Job, a bare pod) would be
 * drained into Pending, so its name is returned and the orchestrator stops. DaemonSet pods of planned
 * DaemonSets, AKS-managed pods, winshift's own and finished pods are not in the way.
 */
import type { Plan } from '../domain/plan.js';
import type { KubernetesPort, PodInfo } from '../ports/kubernetes.js';
import type { PlanRef, SourcePoolCheck } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { listPoolNodes } from './shared/pools.js';
import { workloadKey } from '../domain/workload-ref.js';
import { isPodOutsideUpgrade } from '../domain/system-objects.js';

export type CheckSourcePoolDeps = Pick<ActivityDeps, 'kubernetes' | 'store'>;

/** The pod's controller as `Kind namespace/name` (ReplicaSets resolved to their Deployment). */
async function controllerName(kube: KubernetesPort, pod: PodInfo): Promise<string> {
  const owner = pod.ownerReferences.find((o) => o.controller === true);
  if (owner === undefined) return `Pod ${pod.namespace}/${pod.name}`;
  if (owner.kind === 'ReplicaSet') {
    const deployment = await kube.ownerOfReplicaSet(pod.namespace, owner.name);
    if (deployment !== undefined) return workloadKey(deployment);
  }
  return `${owner.kind} ${pod.namespace}/${owner.name}`;
}

export async function checkSourcePool(
  deps: CheckSourcePoolDeps,
  input: PlanRef,
): Promise<SourcePoolCheck> {
  const plan: Plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const nodes = await listPoolNodes(kube, plan.sourcePool.name);
  const pods = await kube.listPodsOnNodes(nodes.map((n) => n.name));
  const planned = new Set(plan.workloads.map(workloadKey));
  const unplanned = new Set<string>();
  for (const pod of pods) {
    if (isPodOutsideUpgrade(pod)) continue;
    const controller = await controllerName(kube, pod);
    if (!planned.has(controller)) unplanned.add(controller);
  }
  return { unplanned: [...unplanned].sort() };
}
