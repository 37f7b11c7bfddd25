/**
 * The three patches a workload goes through, all computed from the plan and the saved original so
 * any of them can follow any other: forward (patchWorkloads; DaemonSets widened), narrow (DaemonSets
 * once the old pool is drained) and restore (rollback).
 */
import {
  narrowedPlacement,
  widenDaemonSet,
  withPlannedRuntimeClass,
} from '../../domain/daemonset-placement.js';
import { placementFromOriginal } from '../../domain/placement.js';
import { sourcePoolOf, targetOsOf, type Plan, type PlannedWorkload } from '../../domain/plan.js';
import type { ExactWorkloadFields, WorkloadInfo } from '../../ports/kubernetes.js';
import type { WorkloadOriginal } from '../../ports/store.js';
import { encodeAnnotation, ORIGINAL_ANNOTATION, type RunOwner } from './workload-original.js';
import type { ImageTargets, WorkloadPatch } from './workload-patch.js';

function plannedImages(planned: PlannedWorkload): ImageTargets {
  const pick = (init: boolean): Record<string, string> =>
    Object.fromEntries(
      planned.images.filter((i) => i.init === init).map((i) => [i.container, i.to]),
    );
  return { containers: pick(false), initContainers: pick(true) };
}

/**
 * Deployments and StatefulSets get the plan's patch. DaemonSets are widened to the new pool (wherever
 * else they ran kept) and switched to OnDelete meanwhile: a rolling update would replace their pods on the old nodes with the new
 * images, which the old host cannot run; new nodes still get pods from the updated template.
 */
export function forwardPatch(
  plan: Plan,
  planned: PlannedWorkload,
  original: WorkloadOriginal,
  owner: RunOwner,
): WorkloadPatch {
  const annotation = encodeAnnotation(original, owner);
  const images = plannedImages(planned);
  if (planned.kind !== 'DaemonSet')
    return { placement: planned.placement.patch, images, annotation };
  const widened = widenDaemonSet(
    placementFromOriginal(original.placement),
    sourcePoolOf(plan),
    targetOsOf(plan),
    plan.target.poolName,
  );
  return {
    placement: withPlannedRuntimeClass(widened, planned),
    images,
    annotation,
    updateStrategy: 'OnDelete',
  };
}

/**
 * A DaemonSet off the old pool and on the new one (any other pool it ran on kept), with its original
 * update strategy back.
 */
export function narrowPatch(
  plan: Plan,
  planned: PlannedWorkload,
  original: WorkloadOriginal,
  owner: RunOwner,
): WorkloadPatch {
  return {
    placement: narrowedPlacement(plan, planned, placementFromOriginal(original.placement)),
    images: plannedImages(planned),
    annotation: encodeAnnotation(original, owner),
    updateStrategy: original.updateStrategy ?? 'RollingUpdate',
  };
}

/** Only containers the plan changed go back: a later, unrelated image change is not winshift's. */
function restoredImages(planned: PlannedWorkload, original: WorkloadOriginal): ImageTargets {
  const pick = (init: boolean, images: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(
      planned.images
        .filter((i) => i.init === init && images[i.container] !== undefined)
        .map((i) => [i.container, images[i.container] as string]),
    );
  return {
    containers: pick(false, original.images),
    initContainers: pick(true, original.initImages),
  };
}

/**
 * Back to this run's original, as exact field values (a JSON Patch computed from the live object sets
 * them: a strategic merge's deletions leave `affinity: {}` and `key: ""` behind on 1.20): the
 * nodeSelector with every key the rewrite touches back to its original value or gone, and any other
 * key as it is now; node affinity whole (a widened or narrowed DaemonSet's differs from the plain
 * patch's); the RuntimeClass when the plan mapped it; the images the plan changed; the update
 * strategy; the annotation removed, which is also how a later run knows the workload is restored.
 */
export function restoreFields(
  planned: PlannedWorkload,
  original: WorkloadOriginal,
  live: WorkloadInfo,
): ExactWorkloadFields {
  const nodeSelector: Record<string, string> = { ...live.placement.nodeSelector };
  for (const key of Object.keys(planned.placement.patch.nodeSelector)) {
    const value = original.placement.nodeSelector?.[key];
    if (value === undefined) delete nodeSelector[key];
    else nodeSelector[key] = value;
  }
  const images = restoredImages(planned, original);
  return {
    nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : null,
    nodeAffinity: original.placement.affinity?.nodeAffinity ?? null,
    ...(planned.placement.patch.runtimeClassName !== undefined
      ? { runtimeClassName: original.placement.runtimeClassName }
      : {}),
    containers: images.containers,
    initContainers: images.initContainers,
    ...(original.updateStrategy !== undefined ? { updateStrategy: original.updateStrategy } : {}),
    annotations: { [ORIGINAL_ANNOTATION]: null },
  };
}
