/**
 * The placement rewrite of DESIGN step 4: after the patch a workload's pods can only land on nodes of
 * the target OS, and nothing that pinned them to the old pool or build survives. A merge that leaves an
 * old pin in place leaves pods Pending forever, so every pin is found and removed explicitly.
 */
import { NODE_LABELS, sameBuild, type OsSku } from './os.js';
import type {
  Affinity,
  Labels,
  NodeAffinity,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Placement,
  PreferredSchedulingTerm,
  Toleration,
} from './scheduling.js';

/** The pool the workload leaves. `nodeNames` lets hostname and `metadata.name` pins be recognised. */
export interface SourcePool {
  readonly poolName: string;
  readonly osSku: OsSku;
  readonly build: string;
  readonly nodeNames?: readonly string[];
}

export interface TargetOs {
  readonly osSku: OsSku;
  readonly build: string;
}

type Nullable<T> = { -readonly [K in keyof T]?: T[K] | null };

/**
 * A strategic merge patch fragment for `spec.template.spec`. `null` deletes a key. nodeSelector is a
 * map, so SMP merges it key by key. `nodeSelectorTerms` and the preferred-terms list have no patch
 * merge key, so SMP replaces those lists wholesale: emitting the full rewritten `nodeAffinity` is
 * exactly the right patch, with no stale term merged back in.
 */
export interface PlacementPatch {
  readonly nodeSelector: Readonly<Record<string, string | null>>;
  readonly affinity?: { readonly nodeAffinity: Nullable<NodeAffinity> | null };
  readonly runtimeClassName?: string | null;
}

/** The saved original of every field the patch may touch (null when it was absent). */
export interface PlacementOriginal {
  readonly nodeSelector: Labels | null;
  readonly affinity: Affinity | null;
  readonly tolerations: readonly Toleration[] | null;
  readonly runtimeClassName: string | null;
}

export interface PlacementRewrite {
  readonly patch: PlacementPatch;
  readonly original: PlacementOriginal;
  /** What changed, for the plan and status. */
  readonly changes: readonly string[];
}

const POOL_KEYS: readonly string[] = [NODE_LABELS.agentPool, NODE_LABELS.legacyAgentPool];

/** Whether a `key=value` pair names the source pool, build, OS SKU or one of its nodes. */
export function valuePinsSource(key: string, value: string, source: SourcePool): boolean {
  if (POOL_KEYS.includes(key)) return value === source.poolName;
  if (key === NODE_LABELS.windowsBuild) return sameBuild(value, source.build);
  if (key === NODE_LABELS.osSku) return value === source.osSku;
  if (key === NODE_LABELS.hostname || key === 'metadata.name') {
    return source.nodeNames?.includes(value) === true;
  }
  return false;
}

/**
 * A requirement pins the source when it selects (In) a source identity value; on the OS keys winshift
 * replaces (os-sku, windows-build) any requirement the target OS fails is dropped too, since the
 * os-sku nodeSelector now states the OS.
 */
function requirementPins(
  req: NodeSelectorRequirement,
  source: SourcePool,
  target: TargetOs,
): boolean {
  const values = req.values ?? [];
  if (req.operator === 'In' && values.some((v) => valuePinsSource(req.key, v, source))) return true;
  if (req.key !== NODE_LABELS.osSku && req.key !== NODE_LABELS.windowsBuild) return false;
  const targetValue = req.key === NODE_LABELS.osSku ? target.osSku : target.build;
  const matchesTarget =
    req.operator === 'In'
      ? values.some((v) => v === targetValue || sameBuild(v, targetValue))
      : req.operator === 'NotIn'
        ? !values.some((v) => v === targetValue || sameBuild(v, targetValue))
        : req.operator !== 'DoesNotExist';
  return !matchesTarget;
}

interface TermRewrite {
  readonly term: NodeSelectorTerm;
  readonly dropped: number;
  readonly emptied: boolean;
}

function rewriteTerm(term: NodeSelectorTerm, source: SourcePool, target: TargetOs): TermRewrite {
  const keep = (reqs: readonly NodeSelectorRequirement[] | undefined): NodeSelectorRequirement[] =>
    (reqs ?? []).filter((req) => !requirementPins(req, source, target));
  const expressions = keep(term.matchExpressions);
  const fields = keep(term.matchFields);
  const before = (term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0);
  const dropped = before - expressions.length - fields.length;
  const rewritten: NodeSelectorTerm = {
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
    ...(fields.length > 0 ? { matchFields: fields } : {}),
  };
  return {
    term: dropped > 0 ? rewritten : term,
    dropped,
    emptied: dropped > 0 && expressions.length + fields.length === 0,
  };
}

/** A term without its pins of the old pool or build; undefined when it held nothing else. */
export function unpinnedTerm(
  term: NodeSelectorTerm,
  source: SourcePool,
  target: TargetOs,
): NodeSelectorTerm | undefined {
  const rewrite = rewriteTerm(term, source, target);
  return rewrite.emptied ? undefined : rewrite.term;
}

/**
 * Required terms are ORed. A term that consisted only of pins meant "the old pool"; with the pins
 * gone it would mean "any node", and OR with "any node" is "any node", so the whole required section
 * is removed (the os-sku nodeSelector still confines the pods to the target OS). Keeping the other
 * terms alone would narrow the workload to them; keeping the pinned term would let it schedule on the
 * old pool. Terms that also required something else keep that requirement.
 */
function rewriteRequired(
  affinity: NodeAffinity,
  source: SourcePool,
  target: TargetOs,
  changes: string[],
): NodeAffinity['requiredDuringSchedulingIgnoredDuringExecution'] | null | undefined {
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return undefined;
  const terms = required.nodeSelectorTerms.map((t) => rewriteTerm(t, source, target));
  const dropped = terms.reduce((n, t) => n + t.dropped, 0);
  if (dropped === 0) return required;
  if (terms.some((t) => t.emptied)) {
    changes.push('removed required node affinity: a term only pinned the old pool or build');
    return null;
  }
  changes.push(`removed ${dropped} old-pool/build requirement(s) from required node affinity`);
  return { nodeSelectorTerms: terms.map((t) => t.term) };
}

/** Preferred terms are weights, not gates: pins are dropped and an emptied preference removed. */
function rewritePreferred(
  affinity: NodeAffinity,
  source: SourcePool,
  target: TargetOs,
  changes: string[],
): readonly PreferredSchedulingTerm[] | null | undefined {
  const preferred = affinity.preferredDuringSchedulingIgnoredDuringExecution;
  if (preferred === undefined) return undefined;
  const rewritten = preferred.map((p) => ({ p, r: rewriteTerm(p.preference, source, target) }));
  const dropped = rewritten.reduce((n, x) => n + x.r.dropped, 0);
  if (dropped === 0) return preferred;
  changes.push(`removed ${dropped} old-pool/build requirement(s) from preferred node affinity`);
  const kept = rewritten
    .filter((x) => !x.r.emptied)
    .map((x) => ({ weight: x.p.weight, preference: x.r.term }));
  return kept.length > 0 ? kept : null;
}

function rewriteNodeAffinity(
  affinity: NodeAffinity,
  source: SourcePool,
  target: TargetOs,
  changes: string[],
): PlacementPatch['affinity'] {
  const count = changes.length;
  const required = rewriteRequired(affinity, source, target, changes);
  const preferred = rewritePreferred(affinity, source, target, changes);
  if (changes.length === count) return undefined;
  if (!required && !preferred) return { nodeAffinity: null };
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: required ?? null,
      preferredDuringSchedulingIgnoredDuringExecution: preferred ?? null,
    },
  };
}

function rewriteNodeSelector(
  selector: Labels,
  source: SourcePool,
  target: TargetOs,
  changes: string[],
): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(selector)) {
    if (key !== NODE_LABELS.osSku && valuePinsSource(key, value, source)) {
      patch[key] = null;
      changes.push(`nodeSelector: removed ${key}=${value}`);
    }
  }
  if (selector[NODE_LABELS.osSku] !== target.osSku) {
    const was = selector[NODE_LABELS.osSku];
    changes.push(`nodeSelector: ${NODE_LABELS.osSku}=${target.osSku}${was ? ` (was ${was})` : ''}`);
  }
  patch[NODE_LABELS.osSku] = target.osSku;
  return patch;
}

/** The saved original: the four placement fields exactly as they were (null when absent). */
export function placementOriginal(placement: Placement): PlacementOriginal {
  return {
    nodeSelector: placement.nodeSelector ?? null,
    affinity: placement.affinity ?? null,
    tolerations: placement.tolerations ?? null,
    runtimeClassName: placement.runtimeClassName ?? null,
  };
}

/** The placement a saved original describes (the inverse of `placementOriginal`). */
export function placementFromOriginal(original: PlacementOriginal): Placement {
  return {
    ...(original.nodeSelector !== null ? { nodeSelector: original.nodeSelector } : {}),
    ...(original.affinity !== null ? { affinity: original.affinity } : {}),
    ...(original.tolerations !== null ? { tolerations: original.tolerations } : {}),
    ...(original.runtimeClassName !== null ? { runtimeClassName: original.runtimeClassName } : {}),
  };
}

/**
 * Computes the placement patch moving a pod template from `source` to `target`: sets the target
 * os-sku, nulls nodeSelector pins of the old pool/build/nodes, and rewrites node affinity. The
 * RuntimeClass is mapped separately (`mapRuntimeClass`) and merged by `withRuntimeClass`.
 */
export function rewritePlacement(
  placement: Placement,
  source: SourcePool,
  target: TargetOs,
): PlacementRewrite {
  const changes: string[] = [];
  const nodeSelector = rewriteNodeSelector(placement.nodeSelector ?? {}, source, target, changes);
  const nodeAffinity = placement.affinity?.nodeAffinity;
  const affinity = nodeAffinity && rewriteNodeAffinity(nodeAffinity, source, target, changes);
  const patch: PlacementPatch = affinity ? { nodeSelector, affinity } : { nodeSelector };
  return { patch, original: placementOriginal(placement), changes };
}
