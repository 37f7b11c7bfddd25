/**
 * Everything the planner reads, gathered by the planUpgrade activity through the ports. The planner
 * itself is pure: the same facts, options and calendar always give the same plan (and plan hash).
 */
import type { AccessFacts } from './access-facts.js';
import type { ImageVariant } from './image-variants.js';
import type { PreflightFacts } from './preflight-facts.js';
import type { RuntimeClasses } from './runtime-class.js';
import type {
  AgentPool,
  ClusterFacts,
  PoolVmss,
  RoleAssignment,
  VaultAccess,
} from './azure-facts.js';
import type {
  GmsaCredentialSpecInfo,
  NodeInfo,
  PodInfo,
  TemplateInfo,
  WorkloadInfo,
  WorkloadRef,
} from './kube-objects.js';

/** A pod's controlling owner, with ReplicaSets already resolved to their Deployment. */
export type PodController =
  | { readonly type: 'workload'; readonly ref: WorkloadRef }
  | { readonly type: 'bare' }
  /** A Job, a ReplicaSet without a Deployment, a custom controller: winshift does not move these. */
  | { readonly type: 'other'; readonly kind: string; readonly name: string };

export interface PodFact {
  readonly pod: PodInfo;
  readonly controller: PodController;
}

/** The source pool's VMSS and what its system-assigned principal (if any) has been granted. */
export interface SourceVmssFacts {
  readonly vmss: PoolVmss;
  /** Role assignments of the system-assigned principal; empty without one. */
  readonly roleAssignments: readonly RoleAssignment[];
  /**
   * The VMSS's user-assigned identities with their principal ids, read when the cluster has gMSA
   * credential specs (a spec's `ObjectId` must be one of them to be on the new pool); else empty.
   */
  readonly userAssignedIdentities: readonly IdentityLookupFact[];
  /**
   * Vaults searched for access policies naming that principal. The Key Vault port finds vaults by
   * name only, so these are the vaults the cluster's gMSA secret URIs point at.
   */
  readonly vaults: readonly VaultAccess[];
}

/** A user-assigned identity of the VMSS, resolved (principal and client id) or not readable. */
export type IdentityLookupFact =
  | {
      readonly status: 'found';
      readonly resourceId: string;
      readonly principalId: string;
      readonly clientId: string;
    }
  /** ARM refused or does not know it (no read permission, identity deleted). */
  | { readonly status: 'unreadable'; readonly resourceId: string; readonly reason: string };

export type ImageLookupFact =
  | {
      readonly status: 'found';
      readonly variants: readonly ImageVariant[];
      readonly digest: string;
    }
  | { readonly status: 'missing' }
  /** The registry refused or could not be asked (no pull access, invalid reference). */
  | { readonly status: 'unreadable'; readonly reason: string }
  /** winshift refused to contact the registry the image names (its host, realm or address). */
  | { readonly status: 'refused'; readonly reason: string };

/** Facts read from ARM and the cluster, before any registry lookup. */
export interface ReadFacts {
  /** When the facts were read (ISO); the target OS choice compares retirement dates with it. */
  readonly readAt: string;
  readonly poolName: string;
  readonly cluster: ClusterFacts;
  /** undefined when the cluster has no pool of that name. */
  readonly sourcePool?: AgentPool;
  readonly nodes: readonly NodeInfo[];
  /** Pods on the source pool's nodes that the planner does not ignore (`isPodOutsideUpgrade`). */
  readonly pods: readonly PodFact[];
  /**
   * Every Deployment, StatefulSet, DaemonSet and CronJob of the cluster: the plan moves those whose
   * pods run on the source pool and those whose template can only land there (a workload at 0
   * replicas or with only Pending pods has no pod on the pool). A workload deleted meanwhile is absent.
   */
  readonly workloads: readonly WorkloadInfo[];
  /** Every ReplicaSet and Job of the cluster: refused when their template can only land on the pool. */
  readonly otherTemplates: readonly TemplateInfo[];
  readonly runtimeClasses: RuntimeClasses;
  readonly gmsaCredentialSpecs: readonly GmsaCredentialSpecInfo[];
  /** Namespaces being deleted: a workload in one cannot be moved (no new pod can be created there). */
  readonly terminatingNamespaces: readonly string[];
  /** undefined when no VMSS carries the pool's `aks-managed-poolName` tag. */
  readonly vmss?: SourceVmssFacts;
  /** Quotas, subnets and versions the new pool needs (planner-preflight.ts); absent: not checked. */
  readonly preflight?: PreflightFacts;
}

export interface PlanFacts extends ReadFacts {
  /** One lookup per distinct image reference the planner asked for (`imagesToLookUp`). */
  readonly images: Readonly<Record<string, ImageLookupFact>>;
  /** winshift's own access to the vaults, identities and registries of the run (`accessReadsFor`). */
  readonly access?: AccessFacts;
}
