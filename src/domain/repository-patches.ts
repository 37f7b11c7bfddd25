/**
 * The change winshift makes to each planned workload, as patches a user commits to the repository a
 * GitOps tool (or a Helm post-renderer) applies (issue 12 item 4), so the tool keeps the workload on
 * the new pool instead of putting the old placement back. Built from the stored plan alone, by the
 * rules the run uses: the plan's placement patch, or for a DaemonSet its narrowed placement (what it
 * ends with, once the old pool is drained); the planned images by container name. Two forms:
 * - a strategic merge patch: the workload's apiVersion, kind, name and namespace plus the changed
 *   fields (what a Kustomize `patches:` entry takes without a target; `null` deletes a key);
 * - an RFC 6902 JSON patch (domain/json-patch.ts) with the Kustomize `target` it needs.
 */
import { narrowedPlacement } from './daemonset-placement.js';
import { canonicalJson } from './hash.js';
import { podTemplateJsonPatch, type JsonPatchOp } from './json-patch.js';
import { compareMinor, parseKubernetesVersion } from './kubernetes-version.js';
import { describeManager, type ManagedBy } from './managed-by.js';
import { applyPlacementPatch } from './placement-patch.js';
import { placementFromOriginal } from './placement.js';
import type { Plan, PlannedWorkload, WorkloadKind } from './plan.js';
import type { Placement } from './scheduling.js';
import { workloadKey } from './workload-ref.js';

export type { JsonPatchOp };

/** The object a patch is for, as a manifest names it. */
export interface PatchedObject {
  readonly apiVersion: string;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
}

/** A Kustomize patch target (group empty for the core group). */
export interface PatchTarget {
  readonly group: string;
  readonly version: string;
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
}

export interface RepositoryPatch {
  /** What it is for, e.g. `Deployment shop/web, managed by Flux Kustomization apps/payments`. */
  readonly title: string;
  /** The suggested file of the strategic merge patch, e.g. `deployment-payments-web.yaml`. */
  readonly path: string;
  /** The suggested file of the JSON patch, e.g. `deployment-payments-web.json`. */
  readonly jsonPatchPath: string;
  readonly workload: PatchedObject;
  readonly managedBy?: ManagedBy;
  readonly strategicMerge: Readonly<Record<string, unknown>>;
  readonly jsonPatch: readonly JsonPatchOp[];
  readonly target: PatchTarget;
  /** What a form leaves out, and why (e.g. an image of a plan that did not record positions). */
  readonly notes?: readonly string[];
}

/** CronJob is served as batch/v1 from Kubernetes 1.21, batch/v1beta1 before (ADR 0007). */
function apiVersionOf(kind: WorkloadKind, kubernetesVersion: string): string {
  if (kind !== 'CronJob') return 'apps/v1';
  const version = parseKubernetesVersion(kubernetesVersion);
  const old = version !== undefined && compareMinor(version, { major: 1, minor: 21 }) < 0;
  return old ? 'batch/v1beta1' : 'batch/v1';
}

/** The pod spec's place: `spec.template.spec`, or a CronJob's `spec.jobTemplate.spec.template.spec`. */
const POD_SPEC_PATH: Readonly<Record<WorkloadKind, readonly string[]>> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The placement before winshift and once its run is done. */
export function placementsOf(
  plan: Plan,
  planned: PlannedWorkload,
): { before: Placement; after: Placement } {
  const before = placementFromOriginal(planned.placement.original);
  const patch =
    planned.kind === 'DaemonSet'
      ? narrowedPlacement(plan, planned, before)
      : planned.placement.patch;
  return { before, after: applyPlacementPatch(before, patch) };
}

const same = (a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** A map's change as a strategic merge: new or changed keys, `null` for each key that goes. */
function mapMerge(before: object = {}, after: object = {}): Record<string, unknown> {
  const old = new Map<string, unknown>(Object.entries(before));
  const now = new Map<string, unknown>(Object.entries(after));
  const merge: Record<string, unknown> = {};
  for (const key of old.keys()) if (!now.has(key)) merge[key] = null;
  for (const [key, value] of now) if (!same(old.get(key), value)) merge[key] = value;
  return merge;
}

/**
 * Node affinity's lists have no merge key, so a strategic merge replaces them whole: the new
 * nodeAffinity with its dropped lists nulled. An affinity that held only nodeAffinity goes whole.
 */
function affinityMerge(before: Placement, after: Placement): Record<string, unknown> {
  const old = before.affinity?.nodeAffinity;
  const now = after.affinity?.nodeAffinity;
  if (same(old, now)) return {};
  if (after.affinity === undefined) return { affinity: null };
  return { affinity: { nodeAffinity: now === undefined ? null : mapMerge(old, now) } };
}

function podSpecMerge(
  before: Placement,
  after: Placement,
  planned: PlannedWorkload,
): Record<string, unknown> {
  const nodeSelector = mapMerge(before.nodeSelector, after.nodeSelector);
  const images = (init: boolean): { name: string; image: string }[] =>
    planned.images.filter((i) => i.init === init).map((i) => ({ name: i.container, image: i.to }));
  const containers = images(false);
  const initContainers = images(true);
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...affinityMerge(before, after),
    ...(before.runtimeClassName !== after.runtimeClassName
      ? { runtimeClassName: after.runtimeClassName ?? null }
      : {}),
    ...(containers.length > 0 ? { containers } : {}),
    ...(initContainers.length > 0 ? { initContainers } : {}),
  };
}

/** `value` nested under `path`: `['spec', 'template']` -> `{ spec: { template: value } }`. */
const nested = (path: readonly string[], value: unknown): unknown =>
  path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);

function notesOf(planned: PlannedWorkload): string[] {
  return planned.images
    .filter((i) => i.index === undefined)
    .map(
      (i) =>
        `the JSON patch leaves out the image of ${i.init ? 'initContainer' : 'container'} ${i.container}: this plan did not record its position (plan again for a complete one)`,
    );
}

/** One workload's patches. */
export function repositoryPatch(plan: Plan, planned: PlannedWorkload): RepositoryPatch {
  const { kind, namespace, name } = planned;
  const apiVersion = apiVersionOf(kind, plan.cluster.kubernetesVersion);
  const { before, after } = placementsOf(plan, planned);
  const podPath = POD_SPEC_PATH[kind];
  const stem = `${kind.toLowerCase()}-${namespace}-${name}`;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const notes = notesOf(planned);
  return {
    title: titleOf(planned),
    path: `${stem}.yaml`,
    jsonPatchPath: `${stem}.json`,
    workload: { apiVersion, kind, namespace, name },
    ...(planned.managedBy ? { managedBy: planned.managedBy } : {}),
    strategicMerge: {
      apiVersion,
      kind,
      metadata: { name, namespace },
      ...(nested(podPath, podSpecMerge(before, after, planned)) as Record<string, unknown>),
    },
    jsonPatch: podTemplateJsonPatch(`/${podPath.join('/')}`, before, after, planned.images),
    target: { group: group ?? '', version: version ?? '', kind, namespace, name },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Every planned workload's patches (or only those a tool manages), in the plan's order. */
export function repositoryPatches(
  plan: Plan,
  options: { readonly managedOnly?: boolean } = {},
): RepositoryPatch[] {
  return plan.workloads
    .filter((w) => !options.managedOnly || w.managedBy !== undefined)
    .map((w) => repositoryPatch(plan, w));
}

/** The one-line description a patch file starts with. */
function titleOf(planned: PlannedWorkload): string {
  const by = planned.managedBy ? `, managed by ${describeManager(planned.managedBy)}` : '';
  return `${workloadKey(planned)}${by}`;
}
