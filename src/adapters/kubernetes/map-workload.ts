/**
 * Deployments, StatefulSets, DaemonSets and CronJobs as `WorkloadInfo`: identity, the pod template's
 * placement, images and gMSA names, and the raw status the domain's rollout rules read. Pure.
 */
import type {
  V1Affinity,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1LabelSelector,
  V1ObjectMeta,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
} from '@kubernetes/client-node';
import type { Placement } from '../../domain/scheduling.js';
import type { TemplateInfo } from '../../domain/kube-objects.js';
import type { WorkloadInfo, WorkloadRef } from '../../ports/kubernetes.js';
import { gmsaNamesOf, plainJson, toContainers } from './map-core.js';

/** The apps/v1 kinds, whose pod template is `spec.template`. */
type AppsWorkloadObject = V1Deployment | V1StatefulSet | V1DaemonSet;

/** A CronJob as batch/v1 or batch/v1beta1 serve it (the fields winshift reads are the same). */
export type WorkloadObject = AppsWorkloadObject | V1CronJob;

const isEmpty = (value: object | undefined | null): boolean =>
  value === undefined || value === null || Object.values(value).every((v) => v == null);

/**
 * Affinity as the domain compares it: the API server keeps `affinity: {}` (or `nodeAffinity: {}`)
 * after a patch nulls what was inside; that means the same as no affinity, so it is left out.
 */
function compactAffinity(affinity: V1Affinity | undefined): V1Affinity | undefined {
  if (!affinity) return undefined;
  const compacted: V1Affinity = { ...affinity };
  if (isEmpty(compacted.nodeAffinity)) delete compacted.nodeAffinity;
  return isEmpty(compacted) ? undefined : compacted;
}

/** The placement fields of a pod template, only those present, as plain JSON. */
export function placementOf(
  template: V1PodTemplateSpec | undefined,
): Placement & { runtimeClassName?: string } {
  const spec = template?.spec;
  if (!spec) return {};
  const affinity = compactAffinity(spec.affinity);
  return plainJson({
    ...(spec.nodeSelector && !isEmpty(spec.nodeSelector)
      ? { nodeSelector: spec.nodeSelector }
      : {}),
    ...(affinity ? { affinity } : {}),
    ...(spec.tolerations ? { tolerations: spec.tolerations } : {}),
    ...(spec.runtimeClassName ? { runtimeClassName: spec.runtimeClassName } : {}),
  });
}

/** The pod template: `spec.template`, a CronJob's `spec.jobTemplate.spec.template`. */
function podTemplateOf(ref: WorkloadRef, object: WorkloadObject): V1PodTemplateSpec | undefined {
  if (ref.kind === 'CronJob') return (object as V1CronJob).spec?.jobTemplate.spec?.template;
  return (object as AppsWorkloadObject).spec?.template;
}

/** The pod selector; a CronJob has none (its pods belong to its Jobs). */
export function podSelectorOf(
  ref: WorkloadRef,
  object: WorkloadObject,
): V1LabelSelector | undefined {
  if (ref.kind === 'CronJob') return undefined;
  return (object as AppsWorkloadObject).spec?.selector;
}

/** `spec.updateStrategy.type` of StatefulSets and DaemonSets (Deployments have `strategy`). */
function updateStrategyOf(ref: WorkloadRef, object: WorkloadObject): string | undefined {
  if (ref.kind !== 'StatefulSet' && ref.kind !== 'DaemonSet') return undefined;
  return (object as V1StatefulSet | V1DaemonSet).spec?.updateStrategy?.type;
}

function replicasOf(ref: WorkloadRef, object: WorkloadObject): number | undefined {
  if (ref.kind !== 'Deployment' && ref.kind !== 'StatefulSet') return undefined;
  return (object as V1Deployment | V1StatefulSet).spec?.replicas;
}

function identity(ref: WorkloadRef, metadata: V1ObjectMeta | undefined): WorkloadRef {
  return {
    kind: ref.kind,
    namespace: metadata?.namespace ?? ref.namespace,
    name: metadata?.name ?? ref.name,
  };
}

/** What decides how a patch rolls: a Deployment's `paused`, a StatefulSet's policy and partition. */
function rolloutFields(
  ref: WorkloadRef,
  object: WorkloadObject,
): Pick<WorkloadInfo, 'podManagementPolicy' | 'paused' | 'partition'> {
  if (ref.kind === 'Deployment') {
    const spec = object.spec;
    const paused = spec && 'paused' in spec ? spec.paused : undefined;
    return paused !== undefined ? { paused } : {};
  }
  if (ref.kind !== 'StatefulSet') return {};
  const set = (object as V1StatefulSet).spec;
  const podManagementPolicy = set?.podManagementPolicy;
  const partition = set?.updateStrategy?.rollingUpdate?.partition;
  return {
    ...(podManagementPolicy !== undefined ? { podManagementPolicy } : {}),
    ...(partition !== undefined ? { partition } : {}),
  };
}

/** The kind-specific spec fields: replicas, update strategy and the rollout fields. */
function kindFields(
  ref: WorkloadRef,
  object: WorkloadObject,
): Pick<
  WorkloadInfo,
  'replicas' | 'updateStrategy' | 'podManagementPolicy' | 'paused' | 'partition'
> {
  const replicas = replicasOf(ref, object);
  const updateStrategy = updateStrategyOf(ref, object);
  return {
    ...(replicas !== undefined ? { replicas } : {}),
    ...(updateStrategy !== undefined ? { updateStrategy } : {}),
    ...rolloutFields(ref, object),
  };
}

export function toWorkloadInfo(ref: WorkloadRef, object: WorkloadObject): WorkloadInfo {
  const { metadata } = object;
  const template = podTemplateOf(ref, object);
  const podSpec = template?.spec;
  return {
    ...identity(ref, metadata),
    generation: metadata?.generation ?? 0,
    labels: { ...metadata?.labels },
    annotations: { ...metadata?.annotations },
    ownerReferences: (metadata?.ownerReferences ?? []).map((o) => ({ kind: o.kind, name: o.name })),
    selector: { ...podSelectorOf(ref, object)?.matchLabels },
    placement: placementOf(template),
    containers: toContainers(podSpec?.containers),
    initContainers: toContainers(podSpec?.initContainers),
    gmsaCredentialSpecNames: gmsaNamesOf(podSpec),
    ...kindFields(ref, object),
    status: plainJson({ ...object.status }),
  };
}

/** A Job is finished once its `Complete` or `Failed` condition is True: it starts no pod again. */
function jobFinished(job: V1Job): boolean {
  return (
    job.status?.conditions?.some(
      (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    ) ?? false
  );
}

/** A ReplicaSet or a Job as the plan judges it: identity, controlling owner, placement. */
export function toTemplateInfo(
  kind: TemplateInfo['kind'],
  object: V1ReplicaSet | V1Job,
): TemplateInfo {
  const metadata = object.metadata;
  const owner = metadata?.ownerReferences?.find((o) => o.controller === true);
  return {
    kind,
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    labels: { ...metadata?.labels },
    ...(owner ? { controller: { kind: owner.kind, name: owner.name } } : {}),
    placement: placementOf(object.spec?.template),
    ...(kind === 'Job' ? { finished: jobFinished(object as V1Job) } : {}),
  };
}

/** A label selector as the `labelSelector` query text (matchLabels and matchExpressions). */
export function labelSelectorText(selector: V1LabelSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (selector?.matchExpressions ?? []).map((e) => {
    const values = `(${(e.values ?? []).join(',')})`;
    switch (e.operator) {
      case 'In':
        return `${e.key} in ${values}`;
      case 'NotIn':
        return `${e.key} notin ${values}`;
      case 'Exists':
        return e.key;
      case 'DoesNotExist':
        return `!${e.key}`;
      default:
        throw new Error(`unknown label selector operator ${e.operator}`);
    }
  });
  return [...labels, ...expressions].join(',');
}
