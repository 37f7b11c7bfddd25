/**
 * DaemonSets during the move (DESIGN step 4): widened to run on the new pool too until the old pool
 * is drained (node agents must keep serving the old nodes' remaining pods), then narrowed off the old
 * pool. Both change only the old and the new pool's share of where the DaemonSet runs: a DaemonSet
 * that also ran on another Windows pool keeps running there, during and after the run. Both patches
 * are computed from the saved original, so either can follow the other and a restore undoes either.
 *
 * Where the original ran is `S ∧ (T1 ∨ ... ∨ Tn)` (nodeSelector S, required terms T; no terms: any
 * node S matches). The nodeSelector pins of the old pool, build or OS SKU (`P`) move into the terms,
 * since a nodeSelector cannot be ORed; what is left of S (`S'`) stays. Then
 * - widened: `S' ∧ ((P ∧ T1) ∨ ... ∨ (T1' ∧ newPool) ∨ ...)`, Ti' being Ti without its pins;
 * - narrowed: the same with the old pool taken out of every original term (its name dropped from an
 *   `agentpool In` list, or `agentpool NotIn [old]` added), so the terms of other pools stay.
 */
import { canonicalJson } from './hash.js';
import { NODE_LABELS } from './os.js';
import { applyPlacementPatch } from './placement-patch.js';
import {
  rewritePlacement,
  unpinnedTerm,
  valuePinsSource,
  type PlacementPatch,
  type SourcePool,
  type TargetOs,
} from './placement.js';
import { sourcePoolOf, targetOsOf, type Plan, type PlannedWorkload } from './plan.js';
import type {
  NodeAffinity,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Placement,
} from './scheduling.js';

const POOL_KEYS: readonly string[] = [NODE_LABELS.agentPool, NODE_LABELS.legacyAgentPool];

const poolIn = (pools: readonly string[]): NodeSelectorRequirement => ({
  key: NODE_LABELS.agentPool,
  operator: 'In',
  values: [...pools],
});

function withRequirements(
  term: NodeSelectorTerm,
  requirements: readonly NodeSelectorRequirement[],
): NodeSelectorTerm {
  if (requirements.length === 0) return term;
  return { ...term, matchExpressions: [...(term.matchExpressions ?? []), ...requirements] };
}

/** The original's scope as terms, with the nodeSelector pins moved in. */
interface Scope {
  /** No required terms and no pins: the original ran on any node its nodeSelector allows. */
  readonly anyNode: boolean;
  readonly movedKeys: readonly string[];
  readonly originalTerms: readonly NodeSelectorTerm[];
  readonly newPoolTerms: readonly NodeSelectorTerm[];
  readonly preferred: NodeAffinity['preferredDuringSchedulingIgnoredDuringExecution'];
}

function scopeOf(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
  newPoolName: string,
): Scope {
  const pins = Object.entries(placement.nodeSelector ?? {}).filter(([k, v]) =>
    valuePinsSource(k, v, source),
  );
  const moved = pins.map(([key, value]) => ({ key, operator: 'In', values: [value] }));
  const required = placement.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms ?? [{}];
  const { patch } = rewritePlacement(placement, source, target);
  const rewritten = applyPlacementPatch(placement, patch).affinity?.nodeAffinity;
  return {
    anyNode: required === undefined && moved.length === 0,
    movedKeys: pins.map(([key]) => key),
    originalTerms: terms.map((t) => withRequirements(t, moved)),
    newPoolTerms: terms.map((t) =>
      withRequirements(unpinnedTerm(t, source, target) ?? {}, [poolIn([newPoolName])]),
    ),
    preferred: rewritten?.preferredDuringSchedulingIgnoredDuringExecution,
  };
}

/** The old pool taken out of a term: from its `agentpool In` lists, or by `NotIn [old]`. */
function withoutPool(term: NodeSelectorTerm, pool: string): NodeSelectorTerm | undefined {
  const expressions = term.matchExpressions ?? [];
  const poolLists = expressions.filter((r) => POOL_KEYS.includes(r.key) && r.operator === 'In');
  if (poolLists.length === 0)
    return withRequirements(term, [
      { key: NODE_LABELS.agentPool, operator: 'NotIn', values: [pool] },
    ]);
  const trimmed = expressions.map((r) =>
    poolLists.includes(r) ? { ...r, values: (r.values ?? []).filter((v) => v !== pool) } : r,
  );
  if (trimmed.some((r) => r.operator === 'In' && r.values?.length === 0)) return undefined;
  return { ...term, matchExpressions: trimmed };
}

const requirementTexts = (t: NodeSelectorTerm): Set<string> =>
  new Set([
    ...(t.matchExpressions ?? []).map((r) => `e${canonicalJson(r)}`),
    ...(t.matchFields ?? []).map((r) => `f${canonicalJson(r)}`),
  ]);

/** Terms are ORed: a term asking all another asks, and more, adds nothing. Duplicates go too. */
function simplified(terms: readonly NodeSelectorTerm[]): NodeSelectorTerm[] {
  const sets = terms.map(requirementTexts);
  return terms.filter((_, i) =>
    sets.every((other, j) => {
      if (j === i) return true;
      const covers = [...other].every((r) => sets[i]?.has(r));
      return !covers || (other.size === sets[i]?.size && j > i);
    }),
  );
}

/**
 * The patch setting the moved pins aside and node affinity to `terms` (none: any node), always in
 * full: SMP replaces the term lists wholesale, so nothing of a widening or narrowing done before
 * survives, whichever of the two follows the other.
 */
function scopePatch(scope: Scope, terms: readonly NodeSelectorTerm[] | undefined): PlacementPatch {
  const nodeSelector = Object.fromEntries(scope.movedKeys.map((k) => [k, null]));
  if (terms === undefined && scope.preferred === undefined)
    return { nodeSelector, affinity: { nodeAffinity: null } };
  return {
    nodeSelector,
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: terms ? { nodeSelectorTerms: terms } : null,
        preferredDuringSchedulingIgnoredDuringExecution: scope.preferred ?? null,
      },
    },
  };
}

/**
 * Wherever the original ran, plus the new pool. A DaemonSet that pinned nothing of the old pool
 * already covers the new one: its placement stays as it was.
 */
export function widenDaemonSet(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
  newPoolName: string,
): PlacementPatch {
  const scope = scopeOf(placement, source, target, newPoolName);
  const terms = scope.anyNode
    ? undefined
    : simplified([...scope.originalTerms, ...scope.newPoolTerms]);
  return scopePatch(scope, terms);
}

/** Once the old pool is drained: wherever the original ran but the old pool, plus the new pool. */
export function narrowDaemonSet(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
  newPoolName: string,
): PlacementPatch {
  const scope = scopeOf(placement, source, target, newPoolName);
  const kept = scope.originalTerms
    .map((t) => withoutPool(t, source.poolName))
    .filter((t): t is NodeSelectorTerm => t !== undefined);
  return scopePatch(scope, simplified([...kept, ...scope.newPoolTerms]));
}

/** The plan's RuntimeClass mapping on a DaemonSet patch (widening and narrowing leave it out). */
export function withPlannedRuntimeClass(
  patch: PlacementPatch,
  planned: PlannedWorkload,
): PlacementPatch {
  const runtimeClassName = planned.placement.patch.runtimeClassName;
  return runtimeClassName === undefined ? patch : { ...patch, runtimeClassName };
}

/** A planned DaemonSet's placement once the run is done: narrowed from its original. */
export function narrowedPlacement(
  plan: Plan,
  planned: PlannedWorkload,
  original: Placement,
): PlacementPatch {
  const narrowed = narrowDaemonSet(
    original,
    sourcePoolOf(plan),
    targetOsOf(plan),
    plan.target.poolName,
  );
  return withPlannedRuntimeClass(narrowed, planned);
}
