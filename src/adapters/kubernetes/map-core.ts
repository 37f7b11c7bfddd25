/**
 * Nodes and pods as winshift sees them: pure mappers from the client library's models to the port's
 * plain JSON shapes (no Dates or class instances cross the activity boundary).
 */
import type {
  V1Container,
  V1ContainerStatus,
  V1Node,
  V1OwnerReference,
  V1Pod,
  V1PodSpec,
} from '@kubernetes/client-node';
import type { ContainerInfo, NodeInfo, PodInfo } from '../../ports/kubernetes.js';

type Conditions = readonly { type: string; status: string }[] | undefined;

function conditionTrue(conditions: Conditions, type: string): boolean {
  return conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

export function toNodeInfo(node: V1Node): NodeInfo {
  return {
    name: node.metadata?.name ?? '',
    labels: { ...node.metadata?.labels },
    ready: conditionTrue(node.status?.conditions, 'Ready'),
    unschedulable: node.spec?.unschedulable === true,
  };
}

export function toContainers(containers: readonly V1Container[] | undefined): ContainerInfo[] {
  return (containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '' }));
}

/**
 * gMSA credential spec names a pod spec uses: the pod-level `windowsOptions` and every container's
 * (init containers included), each once, in order of appearance.
 */
export function gmsaNamesOf(spec: V1PodSpec | undefined): string[] {
  const names = [
    spec?.securityContext?.windowsOptions?.gmsaCredentialSpecName,
    ...[...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map(
      (c) => c.securityContext?.windowsOptions?.gmsaCredentialSpecName,
    ),
  ].filter((name): name is string => typeof name === 'string' && name !== '');
  return [...new Set(names)];
}

/** The reason of the first waiting container, init containers first (they run first). */
export function waitingReasonOf(
  statuses: readonly (readonly V1ContainerStatus[] | undefined)[],
): string | undefined {
  for (const list of statuses) {
    for (const status of list ?? []) {
      const reason = status.state?.waiting?.reason;
      if (reason) return reason;
    }
  }
  return undefined;
}

export function toOwnerReferences(
  owners: readonly V1OwnerReference[] | undefined,
): { kind: string; name: string; controller?: boolean }[] {
  return (owners ?? []).map((o) => ({
    kind: o.kind,
    name: o.name,
    ...(o.controller !== undefined ? { controller: o.controller } : {}),
  }));
}

function podMetadata(
  pod: V1Pod,
): Pick<PodInfo, 'namespace' | 'name' | 'deleting' | 'labels' | 'annotations' | 'ownerReferences'> {
  const metadata = pod.metadata;
  return {
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    deleting: metadata?.deletionTimestamp != null,
    labels: { ...metadata?.labels },
    annotations: { ...metadata?.annotations },
    ownerReferences: toOwnerReferences(metadata?.ownerReferences),
  };
}

function podStatus(pod: V1Pod): Pick<PodInfo, 'phase' | 'ready' | 'initialized' | 'waitingReason'> {
  const status = pod.status;
  const waitingReason = waitingReasonOf([status?.initContainerStatuses, status?.containerStatuses]);
  return {
    ...(status?.phase ? { phase: status.phase } : {}),
    ready: conditionTrue(status?.conditions, 'Ready'),
    initialized: conditionTrue(status?.conditions, 'Initialized'),
    ...(waitingReason ? { waitingReason } : {}),
  };
}

export function toPodInfo(pod: V1Pod): PodInfo {
  const spec = pod.spec;
  return {
    ...podMetadata(pod),
    ...(spec?.nodeName ? { nodeName: spec.nodeName } : {}),
    ...podStatus(pod),
    volumes: (spec?.volumes ?? []).map((v) => ({
      name: v.name,
      ...(v.emptyDir ? { emptyDir: plainJson(v.emptyDir) } : {}),
    })),
    containers: toContainers(spec?.containers),
    initContainers: toContainers(spec?.initContainers),
    gmsaCredentialSpecNames: gmsaNamesOf(spec),
  };
}

/**
 * A model object as plain JSON. The library's models use the API's field names for everything
 * winshift reads, so a JSON round trip is the wire form (Dates become RFC 3339 strings).
 */
export function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
