/**
 * Applying and undoing placement patches the way the API server's strategic merge does for these
 * fields, so the checker judges the object Kubernetes will actually store and rollback restores it.
 */
import type { PlacementOriginal, PlacementPatch } from './placement.js';
import type { Affinity, NodeAffinity, Placement } from './scheduling.js';

/** SMP replaces both node-affinity lists wholesale (no patch merge key): set, delete or keep. */
function mergeNodeAffinity(
  current: NodeAffinity | undefined,
  patch: NonNullable<PlacementPatch['affinity']>['nodeAffinity'],
): NodeAffinity | undefined {
  if (patch === null) return undefined;
  const pick = <K extends keyof NodeAffinity>(key: K): Partial<Pick<NodeAffinity, K>> => {
    const value = Object.hasOwn(patch, key) ? patch[key] : current?.[key];
    return value === null || value === undefined ? {} : ({ [key]: value } as Pick<NodeAffinity, K>);
  };
  const merged: NodeAffinity = {
    ...pick('requiredDuringSchedulingIgnoredDuringExecution'),
    ...pick('preferredDuringSchedulingIgnoredDuringExecution'),
  };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** The placement after the API server merges `patch` into it. */
export function applyPlacementPatch(placement: Placement, patch: PlacementPatch): Placement {
  const nodeSelector: Record<string, string> = { ...placement.nodeSelector };
  for (const [key, value] of Object.entries(patch.nodeSelector)) {
    if (value === null) delete nodeSelector[key];
    else nodeSelector[key] = value;
  }
  let affinity: Affinity | undefined = placement.affinity;
  if (patch.affinity !== undefined) {
    const others: Affinity = { ...placement.affinity };
    delete (others as { nodeAffinity?: unknown }).nodeAffinity;
    const nodeAffinity = mergeNodeAffinity(
      placement.affinity?.nodeAffinity,
      patch.affinity.nodeAffinity,
    );
    affinity = nodeAffinity ? { ...others, nodeAffinity } : others;
    if (Object.keys(affinity).length === 0) affinity = undefined;
  }
  const runtimeClassName =
    patch.runtimeClassName === undefined
      ? placement.runtimeClassName
      : (patch.runtimeClassName ?? undefined);
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(affinity !== undefined ? { affinity } : {}),
    ...(placement.tolerations !== undefined ? { tolerations: placement.tolerations } : {}),
    ...(runtimeClassName !== undefined ? { runtimeClassName } : {}),
  };
}

/**
 * The patch that undoes `patch` given the saved original: every nodeSelector key the patch touched
 * goes back to its original value (or is deleted), node affinity is set back whole, and the
 * RuntimeClass restored. Applied to the patched template it yields the original placement.
 */
export function restorePatch(original: PlacementOriginal, patch: PlacementPatch): PlacementPatch {
  const nodeSelector: Record<string, string | null> = {};
  for (const key of Object.keys(patch.nodeSelector))
    nodeSelector[key] = original.nodeSelector?.[key] ?? null;
  const nodeAffinity = original.affinity?.nodeAffinity;
  const affinity =
    patch.affinity === undefined
      ? undefined
      : {
          nodeAffinity:
            nodeAffinity === undefined
              ? null
              : {
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? null,
                  preferredDuringSchedulingIgnoredDuringExecution:
                    nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? null,
                },
        };
  return {
    nodeSelector,
    ...(affinity !== undefined ? { affinity } : {}),
    ...(patch.runtimeClassName !== undefined
      ? { runtimeClassName: original.runtimeClassName }
      : {}),
  };
}

/** Adds a RuntimeClass change (from `mapRuntimeClass`) to a placement patch. */
export function withRuntimeClass(patch: PlacementPatch, runtimeClassName: string): PlacementPatch {
  return { ...patch, runtimeClassName };
}
