/**
 * Placement of each moved workload: the rewrite that pins it to the target OS, the RuntimeClass
 * mapping, and a scheduling check against the new pool's nodes (as AKS will label and taint them)
 * and the old pool's, so "Pending forever" or "never leaves the old pool" is a plan blocker.
 */
import { NODE_LABELS } from './os.js';
import { checkPlacement, poolNodeFacts, schedulingProblems } from './placement-check.js';
import { withRuntimeClass } from './placement-patch.js';
import { rewritePlacement, type SourcePool, type TargetOs } from './placement.js';
import type { Blocker, PlannedWorkload } from './plan.js';
import type { AgentPoolSpec } from './pool-spec.js';
import { mapRuntimeClass, type RuntimeClasses } from './runtime-class.js';
import type { Labels, NodeFacts, Placement } from './scheduling.js';
import type { WorkloadInfo } from './kube-objects.js';
import { workloadKey } from './workload-ref.js';

export interface PlacementContext {
  readonly source: SourcePool;
  readonly target: TargetOs;
  readonly runtimeClasses: RuntimeClasses;
  readonly newNode: NodeFacts;
  readonly oldNode: NodeFacts;
  /** Every node of the old pool (`oldNode` by each node's name and hostname): see `sourceNodes`. */
  readonly oldNodes: readonly NodeFacts[];
}

function labelsOf(spec: AgentPoolSpec): Labels | undefined {
  const labels = spec['nodeLabels'];
  return typeof labels === 'object' && labels !== null ? (labels as Labels) : undefined;
}

function taintsOf(spec: AgentPoolSpec): readonly string[] | undefined {
  const taints = spec['nodeTaints'];
  return Array.isArray(taints)
    ? taints.filter((t): t is string => typeof t === 'string')
    : undefined;
}

/** A node of a pool as its spec (nodeLabels, nodeTaints) and AKS's own labels describe it. */
export function specNode(
  poolName: string,
  os: TargetOs,
  spec: AgentPoolSpec,
  nodeName?: string,
): NodeFacts {
  const nodeLabels = labelsOf(spec);
  const nodeTaints = taintsOf(spec);
  return poolNodeFacts({
    poolName,
    osSku: os.osSku,
    build: os.build,
    ...(nodeLabels !== undefined ? { nodeLabels } : {}),
    ...(nodeTaints !== undefined ? { nodeTaints } : {}),
    ...(nodeName !== undefined ? { nodeName } : {}),
  });
}

export interface WorkloadPlacement {
  readonly placement: PlannedWorkload['placement'];
  readonly blockers: readonly Blocker[];
}

export function planWorkloadPlacement(
  workload: WorkloadInfo,
  context: PlacementContext,
): WorkloadPlacement {
  const subject = workloadKey(workload);
  const { source, target, runtimeClasses } = context;
  const rewrite = rewritePlacement(workload.placement, source, target);
  const runtime = mapRuntimeClass(
    workload.placement.runtimeClassName,
    runtimeClasses,
    source,
    target,
  );
  const patch =
    runtime.action === 'map'
      ? withRuntimeClass(rewrite.patch, runtime.runtimeClassName)
      : rewrite.patch;
  const placement = { patch, original: rewrite.original };
  if (runtime.action === 'refuse') {
    return {
      placement,
      blockers: [{ code: 'RUNTIME_CLASS_UNMAPPED', message: runtime.reason, subject }],
    };
  }
  const verdict = checkPlacement(
    workload.placement,
    patch,
    context.newNode,
    context.oldNode,
    runtimeClasses,
  );
  if (verdict.landsOnNew && verdict.avoidsOld) return { placement, blockers: [] };
  const message = `after the placement patch: ${verdict.reasons.join('; ')}`;
  return { placement, blockers: [{ code: 'PLACEMENT_UNSCHEDULABLE', message, subject }] };
}

/**
 * The old pool's nodes as AKS labels and taints them, each with its own name and hostname (so a
 * template pinned to one node is recognised); the pool's spec node alone when it has none.
 */
export function sourceNodes(oldNode: NodeFacts, nodeNames: readonly string[]): NodeFacts[] {
  if (nodeNames.length === 0) return [oldNode];
  return nodeNames.map((name) => ({
    ...oldNode,
    name,
    labels: { ...oldNode.labels, [NODE_LABELS.hostname]: name },
  }));
}

/**
 * Whether a pod template can only land on the source pool: it schedules on one of the pool's nodes
 * and not on a node of the new pool before any patch. A template that allows any Windows node lands
 * on both and is not pinned (its pods, if any run on the pool, are found by the pods); one that lands
 * on neither runs nowhere already and is not winshift's to move.
 */
export function pinnedToSource(placement: Placement, context: PlacementContext): boolean {
  const lands = (node: NodeFacts): boolean =>
    schedulingProblems(placement, node, context.runtimeClasses).length === 0;
  return context.oldNodes.some(lands) && !lands(context.newNode);
}
