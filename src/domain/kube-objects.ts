/**
 * Kubernetes objects as winshift reads them: plain JSON shapes the planner, the activities and the
 * Kubernetes port share (the adapter translates `@kubernetes/client-node` objects into these).
 */
import type { NodeAffinity, Placement } from './scheduling.js';
import type { WorkloadKind } from './plan.js';

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
}

export interface NodeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ready: boolean;
  readonly unschedulable: boolean;
}

export interface ContainerInfo {
  readonly name: string;
  readonly image: string;
}

export interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly nodeName?: string;
  readonly phase?: string;
  readonly ready: boolean;
  /** The `Initialized` condition: every init container has run (so its image is on the node). */
  readonly initialized: boolean;
  readonly deleting: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly ownerReferences: readonly { kind: string; name: string; controller?: boolean }[];
  readonly volumes: readonly { name: string; emptyDir?: object }[];
  readonly containers: readonly ContainerInfo[];
  readonly initContainers: readonly ContainerInfo[];
  /** e.g. `ImagePullBackOff`, `CrashLoopBackOff` of the first waiting container. */
  readonly waitingReason?: string;
  readonly gmsaCredentialSpecNames: readonly string[];
}

/** A workload object as read: identity, template placement and images, and rollout status fields. */
export interface WorkloadInfo extends WorkloadRef {
  readonly generation: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly ownerReferences: readonly { kind: string; name: string }[];
  readonly selector: Readonly<Record<string, string>>;
  readonly placement: Placement & { readonly runtimeClassName?: string };
  readonly containers: readonly ContainerInfo[];
  readonly initContainers: readonly ContainerInfo[];
  readonly gmsaCredentialSpecNames: readonly string[];
  readonly replicas?: number;
  /** StatefulSets and DaemonSets: `spec.updateStrategy.type` (`RollingUpdate` or `OnDelete`). */
  readonly updateStrategy?: string;
  readonly podManagementPolicy?: string;
  /** Deployments: `spec.paused` (a paused Deployment does not roll out a template change). */
  readonly paused?: boolean;
  /** StatefulSets: `spec.updateStrategy.rollingUpdate.partition` (only ordinals >= it roll). */
  readonly partition?: number;
  /** The raw `status` (the domain's rollout rules read it). */
  readonly status: Readonly<Record<string, unknown>>;
}

/**
 * A controller template winshift never moves (a ReplicaSet, a Job), read so the plan can refuse one
 * that can only run on the old pool instead of leaving it Pending once the pool is gone.
 */
export interface TemplateInfo {
  readonly kind: 'ReplicaSet' | 'Job';
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The controlling owner, e.g. a Deployment (of a ReplicaSet) or a CronJob (of a Job). */
  readonly controller?: { readonly kind: string; readonly name: string };
  readonly placement: Placement & { readonly runtimeClassName?: string };
  /** Jobs: a `Complete` or `Failed` condition is True, so it starts no pod again. */
  readonly finished?: boolean;
}

/**
 * Fields of a workload set to exactly these values (what a restore writes); a field not named is left
 * as it is. `null` means absent: the field is removed, never left behind empty (`affinity: {}`) or
 * with empty-string values.
 */
export interface ExactWorkloadFields {
  /** The pod template's whole nodeSelector (null: none). */
  readonly nodeSelector?: Readonly<Record<string, string>> | null;
  /** The pod template's whole `affinity.nodeAffinity` (null: none); an affinity left empty goes. */
  readonly nodeAffinity?: NodeAffinity | null;
  readonly runtimeClassName?: string | null;
  /** container name -> image, for containers the object has (none is added). */
  readonly containers?: Readonly<Record<string, string>>;
  readonly initContainers?: Readonly<Record<string, string>>;
  /** `spec.updateStrategy.type` (StatefulSets and DaemonSets). */
  readonly updateStrategy?: string;
  /** Annotations set, or removed with null. */
  readonly annotations?: Readonly<Record<string, string | null>>;
}

export interface GmsaCredentialSpecInfo {
  readonly name: string;
  /** `credspec.ActiveDirectoryConfig.HostAccountConfig.PluginInput`. */
  readonly pluginInput?: string;
}
