/**
 * The strategic merge patches winshift sends for a workload: placement, images keyed by container
 * name (SMP merges `containers`/`initContainers` by name; a JSON merge patch would replace the list),
 * the original annotation and, for DaemonSets, the update strategy. Only containers the object still
 * has are named: SMP would add a bare `{name, image}` container for an unknown name.
 */
import { WinshiftError } from '../../domain/errors.js';
import { canonicalJson } from '../../domain/hash.js';
import { applyPlacementPatch } from '../../domain/placement-patch.js';
import type { PlacementPatch } from '../../domain/placement.js';
import type { ExactWorkloadFields, KubernetesPort, WorkloadInfo } from '../../ports/kubernetes.js';
import { ORIGINAL_ANNOTATION } from './workload-original.js';

/** container name -> image, for main and init containers. */
export interface ImageTargets {
  readonly containers: Readonly<Record<string, string>>;
  readonly initContainers: Readonly<Record<string, string>>;
}

export interface WorkloadPatch {
  readonly placement: PlacementPatch;
  readonly images: ImageTargets;
  /** The annotation's new value; null removes it. */
  readonly annotation: string | null;
  readonly updateStrategy?: string;
}

function containerList(
  live: readonly { name: string; image: string }[],
  targets: Readonly<Record<string, string>>,
): { name: string; image: string }[] {
  return live
    .filter((c) => targets[c.name] !== undefined)
    .map((c) => ({
      name: c.name,
      image: targets[c.name] as string,
    }));
}

/** The pod template's place in the object: `spec.template`, a CronJob's `spec.jobTemplate.spec`'s. */
function inPodTemplate(kind: WorkloadInfo['kind'], podSpec: Record<string, unknown>): object {
  const template = { spec: podSpec };
  return kind === 'CronJob' ? { jobTemplate: { spec: { template } } } : { template };
}

/**
 * The placement patch without deletions of what the object does not have: a no-op everywhere, and
 * on 1.20 worse than one, since a strategic merge takes a patch map whole where the object has none,
 * its nulls included, so `{nodeSelector: {os-sku: null}}` stores `os-sku: ""` and
 * `{affinity: {nodeAffinity: null}}` stores `affinity: {}` (kubernetes/kubernetes#105689).
 */
function withoutNoOpDeletions(
  workload: WorkloadInfo,
  placement: PlacementPatch,
): Record<string, unknown> {
  const live = workload.placement;
  const nodeSelector = Object.fromEntries(
    Object.entries(placement.nodeSelector).filter(
      ([key, value]) => value !== null || live.nodeSelector?.[key] !== undefined,
    ),
  );
  const { affinity, runtimeClassName } = placement;
  const keepAffinity =
    affinity !== undefined &&
    (affinity.nodeAffinity !== null || live.affinity?.nodeAffinity !== undefined);
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(keepAffinity ? { affinity } : {}),
    ...(runtimeClassName !== undefined &&
    (runtimeClassName !== null || live.runtimeClassName !== undefined)
      ? { runtimeClassName }
      : {}),
  };
}

/** The SMP body for `patchWorkload` (metadata and spec). */
export function toStrategicMergePatch(
  workload: WorkloadInfo,
  patch: WorkloadPatch,
): Record<string, unknown> {
  const containers = containerList(workload.containers, patch.images.containers);
  const initContainers = containerList(workload.initContainers, patch.images.initContainers);
  const podSpec: Record<string, unknown> = {
    ...withoutNoOpDeletions(workload, patch.placement),
    ...(containers.length > 0 ? { containers } : {}),
    ...(initContainers.length > 0 ? { initContainers } : {}),
  };
  return {
    metadata: { annotations: { [ORIGINAL_ANNOTATION]: patch.annotation } },
    spec: {
      ...inPodTemplate(workload.kind, podSpec),
      ...(patch.updateStrategy !== undefined
        ? { updateStrategy: { type: patch.updateStrategy } }
        : {}),
    },
  };
}

const normalized = (workload: WorkloadInfo): string =>
  canonicalJson(applyPlacementPatch(workload.placement, { nodeSelector: {} }));

function imagesMatch(
  live: readonly { name: string; image: string }[],
  targets: Readonly<Record<string, string>>,
): boolean {
  return live.every((c) => targets[c.name] === undefined || targets[c.name] === c.image);
}

/** Whether the object already is what `patch` would make it (a repeated run writes nothing). */
export function alreadyApplied(workload: WorkloadInfo, patch: WorkloadPatch): boolean {
  // The exact text: an annotation another run left must be replaced by this run's (encoded
  // canonically, so this run's own annotation compares equal on a repeat).
  const annotationOk = (workload.annotations[ORIGINAL_ANNOTATION] ?? null) === patch.annotation;
  const strategyOk =
    patch.updateStrategy === undefined ||
    (workload.updateStrategy ?? 'RollingUpdate') === patch.updateStrategy;
  return (
    annotationOk &&
    strategyOk &&
    imagesMatch(workload.containers, patch.images.containers) &&
    imagesMatch(workload.initContainers, patch.images.initContainers) &&
    canonicalJson(applyPlacementPatch(workload.placement, patch.placement)) === normalized(workload)
  );
}

/** Sends the patch unless the object already matches it; true when something was written. */
export async function ensurePatched(
  kube: KubernetesPort,
  workload: WorkloadInfo,
  patch: WorkloadPatch,
): Promise<boolean> {
  if (alreadyApplied(workload, patch)) return false;
  const ref = { kind: workload.kind, namespace: workload.namespace, name: workload.name };
  await kube.patchWorkload(ref, toStrategicMergePatch(workload, patch));
  return true;
}

const sameJson = (a: unknown, b: unknown): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** The fields of `fields` the object does not carry exactly (empty when it does). */
export function fieldMismatches(workload: WorkloadInfo, fields: ExactWorkloadFields): string[] {
  const { placement } = workload;
  const nodeSelector =
    placement.nodeSelector && Object.keys(placement.nodeSelector).length > 0
      ? placement.nodeSelector
      : null;
  const checks: [string, boolean][] = [
    [
      'nodeSelector',
      fields.nodeSelector === undefined || sameJson(nodeSelector, fields.nodeSelector),
    ],
    [
      'nodeAffinity',
      fields.nodeAffinity === undefined ||
        sameJson(placement.affinity?.nodeAffinity, fields.nodeAffinity),
    ],
    [
      'runtimeClassName',
      fields.runtimeClassName === undefined ||
        sameJson(placement.runtimeClassName, fields.runtimeClassName),
    ],
    ['containers', imagesMatch(workload.containers, fields.containers ?? {})],
    ['initContainers', imagesMatch(workload.initContainers, fields.initContainers ?? {})],
    [
      'updateStrategy',
      fields.updateStrategy === undefined ||
        (workload.updateStrategy ?? 'RollingUpdate') === fields.updateStrategy,
    ],
    [
      'annotations',
      Object.entries(fields.annotations ?? {}).every(
        ([k, v]) => (workload.annotations[k] ?? null) === v,
      ),
    ],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}

/**
 * Sets the fields unless the object already carries them, then reads it back: anything still
 * different is RESTORE_MISMATCH (an admission webhook or controller rewrote it, or the API did not
 * store what was sent). True when something was written.
 */
export async function ensureFields(
  kube: KubernetesPort,
  workload: WorkloadInfo,
  fields: ExactWorkloadFields,
): Promise<boolean> {
  if (fieldMismatches(workload, fields).length === 0) return false;
  const ref = { kind: workload.kind, namespace: workload.namespace, name: workload.name };
  await kube.setWorkloadFields(ref, fields);
  const after = await kube.getWorkload(ref);
  const left = after === undefined ? ['the object'] : fieldMismatches(after, fields);
  if (left.length > 0)
    throw new WinshiftError(
      'RESTORE_MISMATCH',
      `${ref.kind} ${ref.namespace}/${ref.name} read back after the restore differs from its original in: ${left.join(', ')}`,
    );
  return true;
}
