/**
 * DaemonSets during the move (DESIGN step 4): widened to run on both the old and the new pool until
 * the old pool is drained (node agents must keep serving the old nodes' remaining pods), then narrowed
 * to the new pool. Both patches are computed from the saved original, so either can follow the other
 * and `restorePatch` undoes either.
 */
import { NODE_LABELS } from './os.js';
import { applyPlacementPatch } from './placement-patch.js';
import {
  rewritePlacement,
  type PlacementPatch,
  type SourcePool,
  type TargetOs,
} from './placement.js';
import type { NodeAffinity, NodeSelectorTerm, Placement } from './scheduling.js';

function rewrittenNodeAffinity(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
): NodeAffinity | undefined {
  const { patch } = rewritePlacement(placement, source, target);
  return applyPlacementPatch(placement, patch).affinity?.nodeAffinity;
}

/**
 * Old and new pool only: the pins are removed as for any workload, the os-sku selector is left out,
 * and every required term also demands `agentpool In [old, new]` (a required section is added if
 * there was none), so the DaemonSet does not spill onto unrelated Windows pools meanwhile.
 */
export function widenDaemonSet(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
  newPoolName: string,
): PlacementPatch {
  const { patch } = rewritePlacement(placement, source, target);
  const nodeSelector = { ...patch.nodeSelector, [NODE_LABELS.osSku]: null };
  const affinity = rewrittenNodeAffinity(placement, source, target);
  const bothPools = {
    key: NODE_LABELS.agentPool,
    operator: 'In',
    values: [source.poolName, newPoolName],
  };
  const terms: readonly NodeSelectorTerm[] = affinity
    ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [{}];
  const nodeSelectorTerms = terms.map((t) => ({
    ...t,
    matchExpressions: [...(t.matchExpressions ?? []), bothPools],
  }));
  return {
    nodeSelector,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms },
        preferredDuringSchedulingIgnoredDuringExecution:
          affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? null,
      },
    },
  };
}

/**
 * The final placement once the old pool is drained: the ordinary rewrite, with node affinity always
 * set in full so the widening term does not survive the merge.
 */
export function narrowDaemonSet(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
): PlacementPatch {
  const { patch } = rewritePlacement(placement, source, target);
  const affinity = rewrittenNodeAffinity(placement, source, target);
  return {
    nodeSelector: { ...patch.nodeSelector },
    affinity: {
      nodeAffinity:
        affinity === undefined
          ? null
          : {
              requiredDuringSchedulingIgnoredDuringExecution:
                affinity.requiredDuringSchedulingIgnoredDuringExecution ?? null,
              preferredDuringSchedulingIgnoredDuringExecution:
                affinity.preferredDuringSchedulingIgnoredDuringExecution ?? null,
            },
    },
  };
}
