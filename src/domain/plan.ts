/**
 * The plan: the contract of an upgrade (DESIGN step 0). The status shows it and every later step only
 * does what it says; its hash is stamped on the new pool so a resumed or repeated run can tell its own
 * pool, and its own plan, from anything else.
 */
import type { ErrorCode } from './errors.js';
import { canonicalJson, sha256Hex } from './hash.js';
import type { ManagedBy, ManagedWorkloadsPolicy } from './managed-by.js';
import type { OsSku } from './os.js';
import type { PlacementOriginal, PlacementPatch, SourcePool, TargetOs } from './placement.js';
import type { AgentPoolSpec } from './pool-spec.js';

/**
 * The kinds winshift moves, in the order plans list them. CronJobs are patched like the others (their
 * `spec.jobTemplate.spec.template`; there is no rollout to wait for). Jobs (immutable templates) and
 * ReplicaSets without a Deployment are never moved: the plan refuses them (planner-workloads.ts).
 */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'] as const;

export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ImageChange {
  readonly container: string;
  /** initContainers are rewritten too: an old init image blocks the pod as surely as a main one. */
  readonly init: boolean;
  readonly from: string;
  readonly to: string;
  /**
   * Its position in `containers` (or `initContainers`) when planned: a JSON Patch addresses a list
   * item by position (the patches a user commits, domain/repository-patches.ts). Absent in plans
   * stored before it was recorded.
   */
  readonly index?: number;
}

export interface PlannedWorkload {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  /** Only containers whose image changes. */
  readonly images: readonly ImageChange[];
  readonly placement: { readonly patch: PlacementPatch; readonly original: PlacementOriginal };
  /** StatefulSet OnDelete: rolled by deleting pods in order. */
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  /** The GitOps tool or Helm release that keeps it as its source says (domain/managed-by.ts). */
  readonly managedBy?: ManagedBy;
}

export interface Blocker {
  readonly code: ErrorCode;
  readonly message: string;
  /** What it is about, e.g. `Deployment shop/web` or an image reference. */
  readonly subject?: string;
}

/** What the plan says without stopping the upgrade. */
export const WARNING_CODES = [
  /** Flux, Argo CD or Helm will put the old placement back unless its source changes. */
  'GITOPS_MANAGED',
  /** A preflight fact (quota, subnet, versions) could not be read: the warning names the permission. */
  'PREFLIGHT_UNVERIFIED',
  /** The old pool's patch is no longer offered: the new pool gets another patch of the same minor. */
  'KUBERNETES_VERSION_SUBSTITUTED',
  /** The new pool fits, but its autoscaler's maxCount would not (quota, subnet or node limit). */
  'CAPACITY_HEADROOM',
  /**
   * A role assignment of the old pool's system-assigned identity at a management group: winshift
   * cannot copy it (domain/planner-inherited-roles.ts); the warning says what to grant.
   */
  'ROLE_ASSIGNMENT_NOT_COPIED',
] as const;

export type WarningCode = (typeof WARNING_CODES)[number];

export interface PlanWarning {
  readonly code: WarningCode;
  readonly message: string;
  /** What it is about, e.g. `Deployment shop/web`. */
  readonly subject?: string;
}

export type PlannedIdentity =
  | { readonly kind: 'userAssigned'; readonly resourceId: string }
  | {
      readonly kind: 'systemAssigned';
      readonly principalId: string;
      readonly roleAssignments: readonly {
        readonly scope: string;
        readonly roleDefinitionId: string;
      }[];
      readonly keyVaultAccessPolicies: readonly {
        readonly vaultId: string;
        readonly secretPermissions: readonly string[];
      }[];
    };

export interface GmsaCheck {
  readonly credentialSpec: string;
  /** `ObjectId=` of the PluginInput: the identity that must reach the secret from the new pool. */
  readonly identityObjectId: string;
  readonly secretUri: string;
  readonly usedBy: readonly string[];
}

export interface UpgradeOptions {
  readonly targetOsSku?: OsSku;
  readonly newPoolName?: string;
  readonly imageMap: Readonly<Record<string, string>>;
  readonly prePull: boolean;
  readonly drainTimeoutInSeconds: number;
  readonly rolloutTimeoutInSeconds: number;
  /** Approve automatically after this soak; undefined waits for an `approve` event. */
  readonly autoApproveAfterSoakInSeconds?: number;
  readonly approvalTimeoutInSeconds: number;
  readonly deleteNewPoolOnRollback: boolean;
  readonly dryRun: boolean;
  /**
   * Workloads Flux, Argo CD or Helm manage: `allow` warns, `refuse` makes each a blocker. Absent in
   * inputs of starts before the option existed: allow.
   */
  readonly managedWorkloads?: ManagedWorkloadsPolicy;
}

export interface Plan {
  readonly version: 1;
  readonly cluster: {
    readonly resourceId: string;
    readonly kubernetesVersion: string;
    readonly nodeResourceGroup: string;
  };
  readonly sourcePool: {
    readonly name: string;
    readonly osSku: OsSku;
    readonly build: string;
    readonly nodeNames: readonly string[];
  };
  readonly target: {
    readonly osSku: OsSku;
    readonly build: string;
    readonly poolName: string;
    /** Without ownership tags: those carry this plan's hash. */
    readonly spec: AgentPoolSpec;
  };
  readonly workloads: readonly PlannedWorkload[];
  /** Non-empty means the upgrade must not start. */
  readonly blockers: readonly Blocker[];
  /** What the upgrade does not stop for but a person should act on; absent in older plans. */
  readonly warnings?: readonly PlanWarning[];
  readonly identities: readonly PlannedIdentity[];
  readonly gmsa: readonly GmsaCheck[];
  readonly options: UpgradeOptions;
}

/**
 * The plan's identity: SHA-256 over its canonical JSON (keys sorted at every depth), so the same plan
 * built in another key order hashes the same and any change to a planned field changes the hash.
 * 16 hex digits (64 bits) fit comfortably in an AKS tag and still make accidental collisions between
 * two plans of one pool negligible.
 */
export function planHash(plan: Plan): string {
  return sha256Hex(canonicalJson(plan)).slice(0, 16);
}

/** The old pool as the placement rules see it. */
export function sourcePoolOf(plan: Plan): SourcePool {
  return {
    poolName: plan.sourcePool.name,
    osSku: plan.sourcePool.osSku,
    build: plan.sourcePool.build,
    nodeNames: plan.sourcePool.nodeNames,
  };
}

export function targetOsOf(plan: Plan): TargetOs {
  return { osSku: plan.target.osSku, build: plan.target.build };
}

/** Whether the upgrade may proceed past planning. */
export function isExecutable(plan: Plan): boolean {
  return plan.blockers.length === 0;
}
