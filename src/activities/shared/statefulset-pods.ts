/**
 * StatefulSet pod deletions the controller will not do itself: rolling an `OnDelete` StatefulSet
 * (highest ordinal first, one pod at a time, only while every other pod is Ready, as the RollingUpdate
 * controller would), and Kubernetes' "forced rollback" (an OrderedReady StatefulSet does not replace
 * a pod that never became Ready, even after its template is restored).
 */
import type { KubernetesPort, PodInfo, WorkloadInfo } from '../../ports/kubernetes.js';
import type { WorkloadOriginal } from '../../ports/store.js';

const REVISION_LABEL = 'controller-revision-hash';

function ordinal(pod: PodInfo): number {
  const match = /-(\d+)$/.exec(pod.name);
  return match ? Number(match[1]) : -1;
}

const refOf = (w: WorkloadInfo): { kind: 'StatefulSet'; namespace: string; name: string } => ({
  kind: 'StatefulSet',
  namespace: w.namespace,
  name: w.name,
});

/**
 * One step of an OnDelete roll: deletes the highest-ordinal pod not at the update revision, when the
 * controller has observed the patch and every pod exists and is Ready. Returns the deleted pod's name.
 * Safe to call on every poll: while a replacement is starting it does nothing.
 */
export async function rollOnDeleteStep(
  kube: KubernetesPort,
  workload: WorkloadInfo,
): Promise<string | undefined> {
  const observed = Number(workload.status['observedGeneration'] ?? 0) >= workload.generation;
  const updateRevision = workload.status['updateRevision'];
  if (!observed || typeof updateRevision !== 'string') return undefined;
  const pods = await kube.listWorkloadPods(refOf(workload));
  if (pods.length < (workload.replicas ?? 1)) return undefined;
  if (pods.some((p) => p.deleting || !p.ready)) return undefined;
  const [next] = pods
    .filter((p) => p.labels[REVISION_LABEL] !== updateRevision)
    .sort((a, b) => ordinal(b) - ordinal(a));
  if (next === undefined) return undefined;
  await kube.deletePod(next.namespace, next.name);
  return next.name;
}

function runsOtherImages(pod: PodInfo, original: WorkloadOriginal): boolean {
  const differs = (
    containers: readonly { name: string; image: string }[],
    images: Readonly<Record<string, string>>,
  ): boolean => containers.some((c) => images[c.name] !== undefined && images[c.name] !== c.image);
  return (
    differs(pod.containers, original.images) || differs(pod.initContainers, original.initImages)
  );
}

/**
 * Deletes the StatefulSet's pods that are not Ready and are not the original template on the old pool
 * (unscheduled, on another node, or running the new images), so the controller recreates them from
 * the restored template. Returns how many were deleted.
 */
export async function deleteStuckPods(
  kube: KubernetesPort,
  workload: WorkloadInfo,
  original: WorkloadOriginal,
  sourceNodeNames: readonly string[],
): Promise<number> {
  const pods = await kube.listWorkloadPods(refOf(workload));
  const stuck = pods.filter(
    (p) =>
      !p.ready &&
      !p.deleting &&
      (p.nodeName === undefined ||
        !sourceNodeNames.includes(p.nodeName) ||
        runsOtherImages(p, original)),
  );
  for (const pod of stuck) await kube.deletePod(pod.namespace, pod.name);
  return stuck.length;
}
