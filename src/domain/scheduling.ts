/**
 * The slice of the Kubernetes pod scheduling API winshift reasons about (nodeSelector, node affinity,
 * tolerations), and the scheduler's matching rules over it. Shapes follow the Kubernetes JSON so the
 * adapter passes pod templates through unchanged.
 */
export type Labels = Readonly<Record<string, string>>;

export interface NodeSelectorRequirement {
  readonly key: string;
  /** In, NotIn, Exists, DoesNotExist, Gt, Lt. */
  readonly operator: string;
  readonly values?: readonly string[];
}

/** matchExpressions and matchFields of one term are ANDed; an empty term matches no node. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  /** nodeSelectorTerms are ORed. */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: {
    readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
  };
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTerm[];
}

export interface Affinity {
  readonly nodeAffinity?: NodeAffinity;
  readonly podAffinity?: unknown;
  readonly podAntiAffinity?: unknown;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** The placement fields of a pod template's spec that winshift saves and rewrites. */
export interface Placement {
  readonly nodeSelector?: Labels;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  readonly runtimeClassName?: string;
}

/** What the scheduler sees of a node: its name (for matchFields), labels and taints. */
export interface NodeFacts {
  readonly name?: string;
  readonly labels: Labels;
  readonly taints?: readonly Taint[];
}

/** The scheduler's rule for one requirement against a label set (Gt/Lt compare integers). */
export function requirementMatches(req: NodeSelectorRequirement, labels: Labels): boolean {
  const value = Object.hasOwn(labels, req.key) ? labels[req.key] : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const [bound] = values;
      if (value === undefined || bound === undefined || !/^-?\d+$/.test(value)) return false;
      return req.operator === 'Gt' ? Number(value) > Number(bound) : Number(value) < Number(bound);
    }
    default:
      return false;
  }
}

/** A term matches when it has at least one requirement and all of them match (fields by node name). */
export function termMatches(term: NodeSelectorTerm, node: NodeFacts): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const nameLabels: Labels = node.name === undefined ? {} : { 'metadata.name': node.name };
  return (
    expressions.every((req) => requirementMatches(req, node.labels)) &&
    fields.every((req) => requirementMatches(req, nameLabels))
  );
}

/** Required node affinity: absent means any node; otherwise any one term (they are ORed). */
export function requiredAffinityMatches(
  affinity: NodeAffinity | undefined,
  node: NodeFacts,
): boolean {
  const required = affinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return required.nodeSelectorTerms.some((term) => termMatches(term, node));
}

/** Every nodeSelector label must be present with the same value. */
export function nodeSelectorMatches(selector: Labels | undefined, labels: Labels): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

/** kubectl/scheduler toleration rule for one taint. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Taints that keep new pods off a node (PreferNoSchedule only discourages). */
export function untoleratedTaints(tolerations: readonly Toleration[], node: NodeFacts): Taint[] {
  return (node.taints ?? []).filter(
    (taint) => taint.effect !== 'PreferNoSchedule' && !tolerates(tolerations, taint),
  );
}
