/**
 * Which tool keeps a workload as its repository (or chart) says (issue 12 item 4): Flux, Argo CD or
 * Helm, told by the labels and annotations they put on what they apply. Such a tool puts winshift's
 * placement and image change back on its next sync unless the repository changes, so the plan warns
 * (or, by policy, refuses). The rules are data: each row says where the key is read, what it tells,
 * and names its source. Keys are compared exactly, as Kubernetes does (label and annotation keys are
 * case-sensitive, their prefixes lowercase DNS names): `Kustomize.toolkit.fluxcd.io/name` is another
 * key, not Flux's. Values are compared exactly too, but for `app.kubernetes.io/managed-by`, which
 * hand-written charts sometimes spell `helm`.
 */

/** The request option `managedWorkloads` (and the setting WINSHIFT_MANAGED_WORKLOADS). */
export const MANAGED_WORKLOAD_POLICIES = ['allow', 'refuse'] as const;
export type ManagedWorkloadsPolicy = (typeof MANAGED_WORKLOAD_POLICIES)[number];

export const MANAGING_TOOLS = ['Flux', 'Argo CD', 'Helm'] as const;
export type ManagingTool = (typeof MANAGING_TOOLS)[number];

/** What keeps a workload as its source says, e.g. Flux Kustomization `apps/payments`. */
export interface ManagedBy {
  readonly tool: ManagingTool;
  /** What of the tool: `Kustomization`, `HelmRelease`, `application`, `release`, `chart instance`. */
  readonly kind: string;
  /** Its name (`namespace/name` where the tool's objects are namespaced); `?` when not recorded. */
  readonly name: string;
  /** The label or annotation that told, e.g. `label kustomize.toolkit.fluxcd.io/name`. */
  readonly marker: string;
}

/** The metadata the rules read. */
export interface ObjectMetadata {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

type Where = 'label' | 'annotation';

export interface ManagementRule {
  readonly tool: ManagingTool;
  readonly on: Where;
  /** The key, or with `prefix` every key that starts with it. */
  readonly key: string;
  readonly prefix?: boolean;
  /** What the marker tells (and why it counts, or when it does not). */
  readonly tells: string;
  /** The managing object's kind and name, or undefined when the marker does not count here. */
  readonly source: (meta: ObjectMetadata) => Pick<ManagedBy, 'kind' | 'name'> | undefined;
}

const ARGO_PREFIX = 'argocd.argoproj.io/';
const INSTANCE_LABEL = 'app.kubernetes.io/instance';

const qualified = (namespace: string | undefined, name: string): string =>
  namespace ? `${namespace}/${name}` : name;

/** Any Argo CD annotation (sync options, waves, hooks, compare options, the tracking id). */
const hasArgoAnnotation = (meta: ObjectMetadata): boolean =>
  Object.keys(meta.annotations).some((key) => key.startsWith(ARGO_PREFIX));

/** Flux's controllers label what they apply with their object's name and namespace. */
function fluxRule(group: string, kind: string, tells: string): ManagementRule {
  return {
    tool: 'Flux',
    on: 'label',
    key: `${group}/name`,
    tells,
    source: (meta) => ({
      kind,
      name: qualified(meta.labels[`${group}/namespace`], meta.labels[`${group}/name`] ?? '?'),
    }),
  };
}

/** The rules in the order they are tried: the first that counts names the tool. */
export const MANAGEMENT_RULES: readonly ManagementRule[] = [
  // Argo CD docs, "Resource Tracking" (argo-cd.readthedocs.io/en/stable/user-guide/resource_tracking/):
  // the annotation method (the default since Argo CD 3.0; also `annotation+label`) writes
  // `<application>:<group>/<kind>:<namespace>/<name>` on every object an Application syncs.
  {
    tool: 'Argo CD',
    on: 'annotation',
    key: 'argocd.argoproj.io/tracking-id',
    tells: 'synced by the Argo CD application named before the first colon (annotation tracking)',
    source: (meta) => {
      const value = meta.annotations['argocd.argoproj.io/tracking-id'] ?? '';
      const app = value.includes(':') ? value.slice(0, value.indexOf(':')) : '';
      return { kind: 'application', name: app || '?' };
    },
  },
  // Flux docs, kustomize-controller "Kustomization" (fluxcd.io/flux/components/kustomize/kustomizations/):
  // the controller labels what it applies with the Kustomization's name and namespace, and corrects
  // drift by server-side apply at every interval.
  fluxRule(
    'kustomize.toolkit.fluxcd.io',
    'Kustomization',
    'applied by that Flux Kustomization, which reverts drift at every interval',
  ),
  // Flux docs, helm-controller "Helm Releases" (fluxcd.io/flux/components/helm/helmreleases/) and
  // fluxcd/helm-controller#238: a post-renderer labels every object of the release with its origin.
  fluxRule(
    'helm.toolkit.fluxcd.io',
    'HelmRelease',
    'installed by that Flux HelmRelease (helm-controller upgrades it from the chart)',
  ),
  // Argo CD docs, "Resource Tracking": the label method with the custom tracking label the docs show.
  {
    tool: 'Argo CD',
    on: 'label',
    key: 'argocd.argoproj.io/instance',
    tells: 'synced by the Argo CD application it names (label tracking, custom label)',
    source: (meta) => ({
      kind: 'application',
      name: meta.labels['argocd.argoproj.io/instance'] || '?',
    }),
  },
  // Argo CD docs, "Resource Tracking": the label method's default label (Argo CD's default tracking
  // before 3.0). The same docs warn that Helm charts and operators set this label too (Helm's chart
  // best practices give it the release name), so alone it proves nothing: it counts only next to an
  // Argo CD annotation, and then names the application.
  {
    tool: 'Argo CD',
    on: 'label',
    key: INSTANCE_LABEL,
    tells:
      'the Argo CD application (label tracking); counted only with an argocd.argoproj.io/ annotation, since Helm charts set it too',
    source: (meta) =>
      hasArgoAnnotation(meta)
        ? { kind: 'application', name: meta.labels[INSTANCE_LABEL] || '?' }
        : undefined,
  },
  // Argo CD docs, "Annotations and Labels used by Argo CD" (user-guide/annotations-and-labels/):
  // sync options, sync waves, hooks and compare options only mean something to Argo CD's sync.
  {
    tool: 'Argo CD',
    on: 'annotation',
    key: ARGO_PREFIX,
    prefix: true,
    tells: 'synced by Argo CD (its sync options, waves, hooks); the application is not recorded',
    source: () => ({ kind: 'application', name: '?' }),
  },
  // Helm: helm install/upgrade record the owning release on every object (helm/helm#7649, Helm 3.2;
  // helm.sh/docs/chart_best_practices/labels/), and the next upgrade or rollback writes the chart's
  // rendering back (three-way merge with the live object).
  {
    tool: 'Helm',
    on: 'annotation',
    key: 'meta.helm.sh/release-name',
    tells: 'installed by that Helm release; its next upgrade or rollback writes the chart back',
    source: (meta) => ({
      kind: 'release',
      name: qualified(
        meta.annotations['meta.helm.sh/release-namespace'],
        meta.annotations['meta.helm.sh/release-name'] ?? '?',
      ),
    }),
  },
  // Helm docs, chart best practices "Labels and Annotations": charts set it to `.Release.Service`
  // (`Helm`) and `app.kubernetes.io/instance` to the release name. Rendered from a chart, so whatever
  // applies the chart again (helm upgrade, or a tool rendering it) writes the old placement back.
  {
    tool: 'Helm',
    on: 'label',
    key: 'app.kubernetes.io/managed-by',
    tells: 'rendered from a Helm chart (the instance label names the release)',
    source: (meta) =>
      meta.labels['app.kubernetes.io/managed-by']?.toLowerCase() === 'helm'
        ? { kind: 'chart instance', name: meta.labels[INSTANCE_LABEL] || '?' }
        : undefined,
  },
];

export interface ExemptionRule {
  /** The managing kind it exempts from (only that kind's reconciliation ignores it). */
  readonly tool: ManagingTool;
  readonly kind: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly tells: string;
}

/** Markers that tell the tool leaves an object it applied alone: nothing of winshift's is reverted. */
export const EXEMPTION_RULES: readonly ExemptionRule[] = [
  // fluxcd/kustomize-controller CHANGELOG 0.17.0 (#484): the controller neither applies nor prunes it.
  {
    tool: 'Flux',
    kind: 'Kustomization',
    key: 'kustomize.toolkit.fluxcd.io/reconcile',
    values: ['disabled'],
    tells: 'kustomize-controller no longer applies changes from the source to it',
  },
  // Flux docs, Kustomization "Controlling the apply behavior of resources": IfNotPresent applies only
  // a missing object, Ignore skips it (Merge still overrides the fields the manifests define).
  {
    tool: 'Flux',
    kind: 'Kustomization',
    key: 'kustomize.toolkit.fluxcd.io/ssa',
    values: ['IfNotPresent', 'Ignore'],
    tells: 'kustomize-controller does not apply the source over the existing object',
  },
];

function present(rule: ManagementRule, meta: ObjectMetadata): string | undefined {
  const map = rule.on === 'label' ? meta.labels : meta.annotations;
  if (!rule.prefix) return map[rule.key] !== undefined ? rule.key : undefined;
  return Object.keys(map)
    .sort()
    .find((key) => key.startsWith(rule.key));
}

function exempted(found: ManagedBy, meta: ObjectMetadata): boolean {
  return EXEMPTION_RULES.some(
    (rule) =>
      rule.tool === found.tool &&
      rule.kind === found.kind &&
      rule.values.includes(meta.annotations[rule.key] ?? meta.labels[rule.key] ?? ''),
  );
}

/**
 * The tool that keeps this object as its source says, by the first rule that counts; undefined when
 * none does, or when the tool was told to leave the object alone (an exemption).
 */
export function managedByOf(meta: ObjectMetadata): ManagedBy | undefined {
  for (const rule of MANAGEMENT_RULES) {
    const key = present(rule, meta);
    if (key === undefined) continue;
    const source = rule.source(meta);
    if (source === undefined) continue;
    const found: ManagedBy = { tool: rule.tool, ...source, marker: `${rule.on} ${key}` };
    return exempted(found, meta) ? undefined : found;
  }
  return undefined;
}

/** `Flux Kustomization apps/payments`, `Helm release payments`, `Argo CD application payments-prod`. */
export function describeManager(managedBy: ManagedBy): string {
  return `${managedBy.tool} ${managedBy.kind} ${managedBy.name}`;
}
