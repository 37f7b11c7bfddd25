/**
 * What winshift needs from a cluster's Kubernetes API, as plain JSON shapes (the adapter translates
 * `@kubernetes/client-node` objects). One `KubernetesPort` per cluster, from `KubernetesConnector`.
 * Errors are `WinshiftError`s: 429 (except evictions) / 5xx / timeouts -> TRANSIENT, 403 -> FORBIDDEN
 * (NAMESPACE_TERMINATING when a namespace being deleted refuses a create), 404 -> NOT_FOUND.
 */
import type { Placement } from '../domain/scheduling.js';
import type { RuntimeClassFacts } from '../domain/runtime-class.js';
import type {
  ContainerInfo,
  ExactWorkloadFields,
  GmsaCredentialSpecInfo,
  NodeInfo,
  PodInfo,
  TemplateInfo,
  WorkloadInfo,
  WorkloadRef,
} from '../domain/kube-objects.js';

export type {
  ContainerInfo,
  ExactWorkloadFields,
  GmsaCredentialSpecInfo,
  NodeInfo,
  PodInfo,
  WorkloadInfo,
  WorkloadRef,
};

export type EvictionResult =
  | { readonly outcome: 'evicted' }
  | { readonly outcome: 'gone' }
  /** A PodDisruptionBudget refused (HTTP 429). */
  | { readonly outcome: 'blocked'; readonly message: string };

export interface DaemonSetSpec {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations?: Placement['tolerations'];
  readonly images: readonly string[];
}

export interface KubernetesPort {
  listNodes(labelSelector?: string): Promise<readonly NodeInfo[]>;
  /** Pods on the given nodes, every namespace. */
  listPodsOnNodes(nodeNames: readonly string[]): Promise<readonly PodInfo[]>;
  /** Pods matching a workload's selector. */
  listWorkloadPods(ref: WorkloadRef): Promise<readonly PodInfo[]>;
  /** undefined when it does not exist. */
  getWorkload(ref: WorkloadRef): Promise<WorkloadInfo | undefined>;
  /** Every Deployment, StatefulSet, DaemonSet and CronJob of the cluster, every namespace. */
  listWorkloads(): Promise<readonly WorkloadInfo[]>;
  /** Every ReplicaSet and Job of the cluster, every namespace (templates winshift does not move). */
  listOtherTemplates(): Promise<readonly TemplateInfo[]>;
  /** ReplicaSet -> Deployment owner lookup for a pod's controller. */
  ownerOfReplicaSet(namespace: string, replicaSetName: string): Promise<WorkloadRef | undefined>;
  /** Strategic merge patch of the workload object (metadata and spec). */
  patchWorkload(
    ref: WorkloadRef,
    strategicMergePatch: Readonly<Record<string, unknown>>,
  ): Promise<void>;
  /**
   * Sets the named fields to exactly the values given, nothing else: a JSON Patch (RFC 6902) computed
   * from the object as read, each change guarded by a `test` of the value it replaces (read again
   * and retried when the object changed meanwhile). Correct on every Kubernetes version, unlike a
   * strategic merge's deletions, which on 1.20 leave `affinity: {}` and `key: ""` behind
   * (kubernetes/kubernetes#105689; fixed by #107705, merged 2022-01). NOT_FOUND when it is gone.
   */
  setWorkloadFields(ref: WorkloadRef, fields: ExactWorkloadFields): Promise<void>;
  setUnschedulable(nodeName: string, unschedulable: boolean): Promise<void>;
  /** Eviction API (policy/v1, falling back to v1beta1 where v1 is not served, as kubectl does). */
  evictPod(namespace: string, name: string): Promise<EvictionResult>;
  deletePod(namespace: string, name: string, gracePeriodSeconds?: number): Promise<void>;
  listRuntimeClasses(): Promise<Readonly<Record<string, RuntimeClassFacts>>>;
  /** Namespaces being deleted (`status.phase: Terminating`): nothing new can be created in them. */
  listTerminatingNamespaces(): Promise<readonly string[]>;
  listGmsaCredentialSpecs(): Promise<readonly GmsaCredentialSpecInfo[]>;
  /**
   * Create or replace (idempotent), creating its namespace when missing (the pre-pull DaemonSet lives
   * in `winshift-system`). One init container per image with a no-op command, a pause-like main one.
   */
  applyDaemonSet(spec: DaemonSetSpec): Promise<void>;
  /** Already gone counts as deleted. */
  deleteDaemonSet(namespace: string, name: string): Promise<void>;
}

/** Opens a port for a cluster (kubeconfig from ARM, Entra token when the cluster needs it). */
export interface KubernetesConnector {
  connect(clusterResourceId: string): Promise<KubernetesPort>;
}
