/**
 * The pre-pull (DESIGN step 3): pinned to the new pool, DaemonSets whose pods run one init container
 * per image the moved workloads will run there (the adapter gives each a no-op command, and a tiny
 * pause-like main container), so the pulls happen before the switch-over instead of during it.
 *
 * A pod runs its init containers one after another, so one puller pod would pull the images in
 * series: the sum of every image instead of the largest. The images are spread over several puller
 * DaemonSets instead, whose pods pull side by side on each node.
 */
import { NODE_LABELS } from '../../domain/os.js';
import type { Plan } from '../../domain/plan.js';
import type {
  DaemonSetSpec,
  KubernetesPort,
  PodInfo,
  WorkloadRef,
} from '../../ports/kubernetes.js';
import { WinshiftError } from '../../domain/errors.js';
import { WINSHIFT_NAMESPACE } from '../../domain/system-objects.js';
import { refOf, workloadKey } from '../../domain/workload-ref.js';
import type { PrePullStarted, PrePullStatus } from '../../workflow/contracts/index.js';
import { listPoolNodes } from './pools.js';

/**
 * Puller pods per node at most. Each holds a pod slot (and, on Azure CNI without overlay, a VNet
 * address) on every new node until the pull ends; past this count images share a puller.
 */
export const MAX_PULLERS = 8;

/** Pod labels that tell a puller's pool, its index and how many pullers the pool has. */
const LABEL = {
  pool: 'winshift.io/prepull-pool',
  puller: 'winshift.io/puller',
  pullers: 'winshift.io/pullers',
} as const;

/** Puller `index`'s DaemonSet. Every possible index is named, so removal needs no listing. */
export function pullerRef(plan: Plan, index: number): WorkloadRef {
  return {
    kind: 'DaemonSet',
    namespace: WINSHIFT_NAMESPACE,
    name: `winshift-prepull-${plan.target.poolName}-${index}`,
  };
}

export function allPullerRefs(plan: Plan): WorkloadRef[] {
  return Array.from({ length: MAX_PULLERS }, (_unused, index) => pullerRef(plan, index));
}

/**
 * The images each planned workload will run on the new pool, by workload key: its current images
 * with the plan's changes applied (unchanged images must be pulled on fresh nodes too). Read live, so
 * a workload already patched yields the same list; a workload gone since planning has none.
 */
export async function newPoolImagesByWorkload(
  kube: KubernetesPort,
  plan: Plan,
): Promise<Map<string, string[]>> {
  const byWorkload = new Map<string, string[]>();
  for (const planned of plan.workloads) {
    const workload = await kube.getWorkload(planned);
    const mapped =
      (init: boolean) =>
      (c: { name: string; image: string }): string =>
        planned.images.find((i) => i.init === init && i.container === c.name)?.to ?? c.image;
    byWorkload.set(
      workloadKey(planned),
      workload === undefined
        ? []
        : [...workload.containers.map(mapped(false)), ...workload.initContainers.map(mapped(true))],
    );
  }
  return byWorkload;
}

/** Every image of `byWorkload`, once each, sorted (so repeats deal the same pullers). */
export function distinctImages(byWorkload: ReadonlyMap<string, readonly string[]>): string[] {
  return [...new Set([...byWorkload.values()].flat())].sort();
}

/** Which pullers each planned workload waits for: every puller holding one of its images. */
export function pullerNeeds(
  plan: Plan,
  byWorkload: ReadonlyMap<string, readonly string[]>,
  groups: readonly (readonly string[])[],
): PrePullStarted['needs'] {
  const pullerOf = new Map<string, number>();
  groups.forEach((group, index) => group.forEach((image) => pullerOf.set(image, index)));
  return plan.workloads.map((planned) => {
    const images = byWorkload.get(workloadKey(planned)) ?? [];
    const pullers = new Set<number>();
    for (const image of images) {
      const puller = pullerOf.get(image);
      // Every image was dealt to a puller (both come from byWorkload): a miss is a bug, not "none".
      if (puller === undefined)
        throw new WinshiftError(
          'INTERNAL',
          `image ${image} of ${workloadKey(planned)} has no puller`,
        );
      pullers.add(puller);
    }
    return { workload: refOf(planned), pullers: [...pullers].sort((a, b) => a - b) };
  });
}

/**
 * The images dealt round-robin over at most MAX_PULLERS pullers (sizes are not known here). At most
 * 8 pullers, so a set of pullers fits the bits of a number (PrePullStatus.pullersDone).
 */
export function pullerImages(images: readonly string[]): string[][] {
  const pullers = Math.min(MAX_PULLERS, images.length);
  const groups = Array.from({ length: pullers }, (): string[] => []);
  images.forEach((image, index) => groups[index % pullers]?.push(image));
  return groups;
}

export function prePullSpecs(
  plan: Plan,
  planHash: string,
  groups: readonly (readonly string[])[],
): DaemonSetSpec[] {
  return groups.map((group, index) => {
    const ref = pullerRef(plan, index);
    return {
      namespace: ref.namespace,
      name: ref.name,
      labels: {
        'app.kubernetes.io/managed-by': 'winshift',
        'winshift.io/plan-hash': planHash,
        [LABEL.pool]: plan.target.poolName,
        [LABEL.puller]: String(index),
        [LABEL.pullers]: String(groups.length),
      },
      nodeSelector: { [NODE_LABELS.agentPool]: plan.target.poolName, [NODE_LABELS.os]: 'windows' },
      // The new pool copies the old one's taints; a pinned, short-lived puller tolerates them all.
      tolerations: [{ operator: 'Exists' }],
      images: [...group],
    };
  });
}

/** The node a puller pod has finished pulling on, or undefined. */
function pulledOn(pod: PodInfo, pool: string): string | undefined {
  if (pod.labels[LABEL.pool] !== pool || pod.deleting) return undefined;
  // Initialized: every init container (one per image) has run, so every image is on the node; the
  // pause container's start adds nothing to the pull.
  return pod.initialized ? pod.nodeName : undefined;
}

/**
 * Desired: the new pool's Ready nodes; ready: those where every puller's pod has run its init
 * containers (all images pulled); pullersDone: the pullers done on every one of those nodes. One pod
 * listing per probe, whatever the number of pullers.
 */
export async function prePullStatus(kube: KubernetesPort, plan: Plan): Promise<PrePullStatus> {
  const pool = plan.target.poolName;
  const nodes = (await listPoolNodes(kube, pool)).filter((n) => n.ready).map((n) => n.name);
  const pods = nodes.length === 0 ? [] : await kube.listPodsOnNodes(nodes);
  const pulled = new Map<string, Set<number>>();
  let pullers = Number.POSITIVE_INFINITY;
  for (const pod of pods) {
    const node = pulledOn(pod, pool);
    const puller = Number(pod.labels[LABEL.puller]);
    const count = Number(pod.labels[LABEL.pullers]);
    if (node === undefined || !Number.isInteger(puller) || !Number.isInteger(count)) continue;
    pullers = Math.min(pullers, count);
    const done = pulled.get(node) ?? new Set<number>();
    pulled.set(node, done.add(puller));
  }
  const ready = nodes.filter((node) => (pulled.get(node)?.size ?? 0) >= pullers).length;
  const pullersDone: number[] = [];
  for (let p = 0; nodes.length > 0 && p < Math.min(pullers, MAX_PULLERS); p++) {
    if (nodes.every((node) => pulled.get(node)?.has(p))) pullersDone.push(p);
  }
  return { desired: nodes.length, ready, pullersDone };
}
