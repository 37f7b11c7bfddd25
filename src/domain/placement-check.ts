/**
 * The placement checker: after the patch, can the workload's pods land on the new pool, and are they
 * kept off the old one? Run at plan time, it turns "Pending forever" into a plan blocker.
 */
import { NODE_LABELS, type OsSku } from './os.js';
import { applyPlacementPatch } from './placement-patch.js';
import type { PlacementPatch } from './placement.js';
import type { RuntimeClasses } from './runtime-class.js';
import {
  nodeSelectorMatches,
  requiredAffinityMatches,
  untoleratedTaints,
  type Labels,
  type NodeFacts,
  type Placement,
  type Taint,
  type Toleration,
} from './scheduling.js';

export interface PoolNodeInput {
  readonly poolName: string;
  readonly osSku: OsSku;
  readonly build: string;
  /** The agent pool's `nodeLabels`. */
  readonly nodeLabels?: Labels;
  /** The agent pool's `nodeTaints`, AKS's `key=value:Effect` strings. */
  readonly nodeTaints?: readonly string[];
  readonly nodeName?: string;
}

/** Parses an AKS `nodeTaints` entry (`os=windows:NoSchedule`, `dedicated:NoExecute`). */
export function parseTaint(text: string): Taint | undefined {
  const match = /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(
    text.trim(),
  );
  if (!match?.[1] || !match[3]) return undefined;
  return { key: match[1], ...(match[2] ? { value: match[2] } : {}), effect: match[3] };
}

/** The labels and taints AKS and the kubelet give every node of a Windows pool. */
export function poolNodeFacts(pool: PoolNodeInput): NodeFacts {
  const labels: Labels = {
    ...pool.nodeLabels,
    [NODE_LABELS.os]: 'windows',
    // AKS Windows pools are amd64 only; RuntimeClasses and selectors commonly pin the architecture.
    'kubernetes.io/arch': 'amd64',
    [NODE_LABELS.osSku]: pool.osSku,
    [NODE_LABELS.agentPool]: pool.poolName,
    [NODE_LABELS.legacyAgentPool]: pool.poolName,
    [NODE_LABELS.windowsBuild]: pool.build,
  };
  const taints = (pool.nodeTaints ?? []).map(parseTaint).filter((t): t is Taint => t !== undefined);
  return { labels, taints, ...(pool.nodeName !== undefined ? { name: pool.nodeName } : {}) };
}

/** RuntimeClass admission merges its nodeSelector and tolerations into the pod. */
function runtimeClassProblems(
  placement: Placement,
  node: NodeFacts,
  runtimeClasses: RuntimeClasses,
): { problems: string[]; tolerations: readonly Toleration[] } {
  const name = placement.runtimeClassName;
  if (name === undefined) return { problems: [], tolerations: [] };
  const rc = runtimeClasses[name];
  if (rc === undefined)
    return { problems: [`RuntimeClass "${name}" does not exist`], tolerations: [] };
  const matches = nodeSelectorMatches(rc.nodeSelector, node.labels);
  return {
    problems: matches ? [] : [`RuntimeClass "${name}" nodeSelector does not match`],
    tolerations: rc.tolerations ?? [],
  };
}

function formatTaint(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** Why pods of `placement` cannot be scheduled on `node` (empty when they can). */
export function schedulingProblems(
  placement: Placement,
  node: NodeFacts,
  runtimeClasses: RuntimeClasses = {},
): string[] {
  const rc = runtimeClassProblems(placement, node, runtimeClasses);
  const problems = [...rc.problems];
  if (!nodeSelectorMatches(placement.nodeSelector, node.labels)) {
    problems.push('nodeSelector does not match');
  }
  if (!requiredAffinityMatches(placement.affinity?.nodeAffinity, node)) {
    problems.push('required node affinity does not match');
  }
  const tolerations = [...(placement.tolerations ?? []), ...rc.tolerations];
  for (const taint of untoleratedTaints(tolerations, node)) {
    problems.push(`taint ${formatTaint(taint)} not tolerated`);
  }
  return problems;
}

export interface PlacementVerdict {
  readonly landsOnNew: boolean;
  readonly avoidsOld: boolean;
  /** Why the pods could not land on the new pool, or could still land on the old one. */
  readonly reasons: readonly string[];
}

/** Applies `patch` and checks the result against a node of the new pool and one of the old pool. */
export function checkPlacement(
  placement: Placement,
  patch: PlacementPatch,
  newPool: NodeFacts,
  oldPool: NodeFacts,
  runtimeClasses: RuntimeClasses = {},
): PlacementVerdict {
  return placementVerdict(applyPlacementPatch(placement, patch), newPool, oldPool, runtimeClasses);
}

/**
 * Where pods of `placement`, as it stands, can be scheduled: on a node of the new pool, and whether
 * they are kept off the old one. The plan checks a patched template with it; the run re-checks the
 * live template before the old pool's deletion (GitOps, Helm or a person may have put it back).
 */
export function placementVerdict(
  after: Placement,
  newPool: NodeFacts,
  oldPool: NodeFacts,
  runtimeClasses: RuntimeClasses = {},
): PlacementVerdict {
  const onNew = schedulingProblems(after, newPool, runtimeClasses);
  const avoidsOld = schedulingProblems(after, oldPool, runtimeClasses).length > 0;
  return {
    landsOnNew: onNew.length === 0,
    avoidsOld,
    reasons: [
      ...onNew.map((p) => `new pool: ${p}`),
      ...(avoidsOld ? [] : ['old pool: the patched template can still be scheduled there']),
    ],
  };
}
