/**
 * The pre-pull DaemonSet (DESIGN step 3): pinned to the new pool, one init container per image the
 * moved workloads will run there (the adapter gives each a no-op command, and a tiny pause-like main
 * container), so the pulls happen before the switch-over instead of during it.
 */
import { NODE_LABELS } from '../../domain/os.js';
import type { Plan } from '../../domain/plan.js';
import type { DaemonSetSpec, KubernetesPort, WorkloadRef } from '../../ports/kubernetes.js';
import type { PrePullStatus } from '../../workflow/contracts.js';
import { listPoolNodes } from './pools.js';

export const WINSHIFT_NAMESPACE = 'winshift-system';

export function prePullRef(plan: Plan): WorkloadRef {
  return {
    kind: 'DaemonSet',
    namespace: WINSHIFT_NAMESPACE,
    name: `winshift-prepull-${plan.target.poolName}`,
  };
}

/**
 * Every image the planned workloads will run on the new pool: their current images with the plan's
 * changes applied (unchanged images must be pulled on fresh nodes too). Read live, so a workload
 * already patched yields the same list.
 */
export async function imagesForNewPool(kube: KubernetesPort, plan: Plan): Promise<string[]> {
  const images = new Set<string>();
  for (const planned of plan.workloads) {
    const workload = await kube.getWorkload(planned);
    if (workload === undefined) continue;
    const mapped =
      (init: boolean) =>
      (c: { name: string; image: string }): string =>
        planned.images.find((i) => i.init === init && i.container === c.name)?.to ?? c.image;
    workload.containers.map(mapped(false)).forEach((i) => images.add(i));
    workload.initContainers.map(mapped(true)).forEach((i) => images.add(i));
  }
  return [...images].sort();
}

export function prePullSpec(
  plan: Plan,
  planHash: string,
  images: readonly string[],
): DaemonSetSpec {
  const ref = prePullRef(plan);
  return {
    namespace: ref.namespace,
    name: ref.name,
    labels: { 'app.kubernetes.io/managed-by': 'winshift', 'winshift.io/plan-hash': planHash },
    nodeSelector: { [NODE_LABELS.agentPool]: plan.target.poolName, [NODE_LABELS.os]: 'windows' },
    // The new pool copies the old one's taints; a pinned, short-lived puller tolerates them all.
    tolerations: [{ operator: 'Exists' }],
    images,
  };
}

/** Desired: the new pool's Ready nodes; ready: pre-pull pods Ready on them (all images pulled). */
export async function prePullStatus(kube: KubernetesPort, plan: Plan): Promise<PrePullStatus> {
  const nodes = (await listPoolNodes(kube, plan.target.poolName)).filter((n) => n.ready);
  const names = new Set(nodes.map((n) => n.name));
  const pods = await kube.listWorkloadPods(prePullRef(plan));
  const ready = pods.filter((p) => p.ready && !p.deleting && names.has(p.nodeName ?? '')).length;
  return { desired: nodes.length, ready };
}
