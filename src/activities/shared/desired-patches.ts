/**
 * The three patches a workload goes through, all computed from the plan and the saved original so
 * any of them can follow any other: forward (patchWorkloads; DaemonSets widened), narrow (DaemonSets
 * once the old pool is drained) and restore (rollback).
 */
import { narrowDaemonSet, widenDaemonSet } from '../../domain/daemonset-placement.js';
import { restorePatch } from '../../domain/placement-patch.js';
import type { PlacementPatch } from '../../domain/placement.js';
import type { Plan, PlannedWorkload } from '../../domain/plan.js';
import type { WorkloadOriginal } from '../../ports/store.js';
import { sourcePoolOf, targetOsOf } from './pools.js';
import { encodeAnnotation, placementOf, type RunOwner } from './workload-original.js';
import type { ImageTargets, WorkloadPatch } from './workload-patch.js';

function plannedImages(planned: PlannedWorkload): ImageTargets {
  const pick = (init: boolean): Record<string, string> =>
    Object.fromEntries(
      planned.images.filter((i) => i.init === init).map((i) => [i.container, i.to]),
    );
  return { containers: pick(false), initContainers: pick(true) };
}

/** The RuntimeClass mapping of the plan applies to DaemonSets too (the domain's widen leaves it out). */
function withPlannedRuntimeClass(patch: PlacementPatch, planned: PlannedWorkload): PlacementPatch {
  const runtimeClassName = planned.placement.patch.runtimeClassName;
  return runtimeClassName === undefined ? patch : { ...patch, runtimeClassName };
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
    placementOf(original.placement),
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
  const narrowed = narrowDaemonSet(
    placementOf(original.placement),
    sourcePoolOf(plan),
    targetOsOf(plan),
    plan.target.poolName,
  );
  return {
    placement: withPlannedRuntimeClass(narrowed, planned),
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
 * Back to the original: every nodeSelector key the rewrite touches, node affinity whole (a widened or
 * narrowed DaemonSet's affinity differs from the plain patch's), RuntimeClass, images, strategy; the
 * annotation is removed, which is also how a later run knows the workload is restored.
 */
export function restoreWorkloadPatch(
  planned: PlannedWorkload,
  original: WorkloadOriginal,
): WorkloadPatch {
  const forward = planned.placement.patch;
  const placement = restorePatch(original.placement, {
    ...forward,
    affinity: forward.affinity ?? { nodeAffinity: null },
  });
  return {
    placement,
    images: restoredImages(planned, original),
    annotation: null,
    ...(original.updateStrategy !== undefined ? { updateStrategy: original.updateStrategy } : {}),
  };
}
