/**
 * The contract between the `upgradeWindowsPool` orchestrator and its activities: names, inputs and
 * outputs, all plain JSON. Activities load the full plan from the store by instance id and check the
 * plan hash (PLAN_CHANGED otherwise), so histories carry references, not plans.
 */
import type { Blocker, UpgradeOptions } from '../domain/plan.js';
import type { OsSku } from '../domain/os.js';
import type { RolloutState } from '../domain/rollout.js';
import type { WorkloadRef } from '../ports/kubernetes.js';
import type { UpgradeState } from '../ports/store.js';

export const ORCHESTRATOR = {
  upgrade: 'upgradeWindowsPool',
  /** A batch of workloads patched and watched in its own history (many workloads). */
  workloadBatch: 'upgradeWorkloadBatch',
  fleetScan: 'fleetScan',
} as const;

export const ACTIVITY = {
  plan: 'planUpgrade',
  createPool: 'createPool',
  poolStatus: 'getPoolStatus',
  copyIdentities: 'copyIdentities',
  verifyGmsa: 'verifyGmsaAccess',
  startPrePull: 'startPrePull',
  prePullStatus: 'getPrePullStatus',
  stopPrePull: 'stopPrePull',
  patchWorkloads: 'patchWorkloads',
  rolloutStatus: 'getRolloutStatus',
  restoreStatus: 'getRestoreStatus',
  checkSourcePool: 'checkSourcePool',
  cordonPool: 'cordonPool',
  drainPool: 'drainPool',
  narrowDaemonSets: 'narrowDaemonSets',
  deletePool: 'deletePool',
  restoreWorkloads: 'restoreWorkloads',
  recordUpgrade: 'recordUpgrade',
} as const;

export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];

/** External events the orchestrator waits for. */
export const EVENTS = { approve: 'approve', cancel: 'cancel' } as const;

/** The orchestration input (built and validated by the HTTP/timer/Event Grid starters). */
export interface UpgradeRequest {
  readonly clusterResourceId: string;
  readonly poolName: string;
  readonly options: UpgradeOptions;
  readonly startedBy: 'http' | 'fleetScan' | 'eventGrid' | 'cli';
  /** Poll and retry pacing; starters leave it out (defaults), tests and benchmarks shorten it. */
  readonly timing?: Partial<WorkflowTiming>;
}

/** How the orchestrator paces its polls and retries (durations may be fractional seconds). */
export interface WorkflowTiming {
  /** The first wait between two polls; later waits are a tenth of the time waited, up to `pollMaxInSeconds`. */
  readonly pollInitialInSeconds: number;
  readonly pollMaxInSeconds: number;
  /** New pool Succeeded with every node Ready (POOL_READY_TIMEOUT after this). */
  readonly poolReadyTimeoutInSeconds: number;
  /** Pre-pull is an optimisation: past this the upgrade goes on without it. */
  readonly prePullTimeoutInSeconds: number;
  /** The old pool's deletion is watched this long, then left to AKS. */
  readonly poolDeleteTimeoutInSeconds: number;
  /** Transient activity failures only; the fields of durable-functions' RetryOptions. */
  readonly retry: RetryPolicy;
}

export interface RetryPolicy {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly backoffCoefficient: number;
  readonly maxNumberOfAttempts: number;
  readonly maxRetryIntervalInMilliseconds: number;
}

/** What `upgradeWindowsPool` returns: the outcome, plus the plan summary for dry runs and blockers. */
export interface UpgradeOutcome {
  readonly state: UpgradeState;
  readonly planHash?: string;
  readonly targetPool?: string;
  readonly lastError?: { readonly code: string; readonly message: string };
  readonly plan?: PlanSummary;
}

/** Every activity after planning takes this: who is asking and which plan they act on. */
export interface PlanRef {
  readonly instanceId: string;
  readonly planHash: string;
}

/** planUpgrade: builds the plan, saves it, returns the part the orchestrator steers by. */
export interface PlanInput {
  readonly instanceId: string;
  readonly request: UpgradeRequest;
}
export interface PlanSummary {
  readonly planHash: string;
  readonly clusterResourceId: string;
  readonly sourcePool: string;
  readonly sourceOsSku: OsSku;
  readonly targetPool: string;
  readonly targetOsSku: OsSku;
  readonly expectedNodes: number;
  readonly workloads: readonly WorkloadRef[];
  readonly daemonSets: readonly WorkloadRef[];
  readonly imagesToPrePull: number;
  readonly blockers: readonly Blocker[];
}

/** createPool */
export interface CreatePoolOutput {
  readonly outcome: 'created' | 'adopted';
}

/** getPoolStatus: provisioning state and node readiness of the new pool. */
export interface PoolStatusInput extends PlanRef {
  readonly pool: 'source' | 'target';
}
export interface PoolStatus {
  readonly exists: boolean;
  readonly provisioningState?: string;
  readonly nodesReady: number;
  readonly nodesExpected: number;
}

/** copyIdentities */
export interface CopyIdentitiesOutput {
  readonly userAssignedAdded: number;
  readonly roleAssignmentsCopied: number;
  readonly accessPoliciesCopied: number;
}

/** verifyGmsaAccess: throws GMSA_SECRET_UNREACHABLE / IDENTITY_UNVERIFIABLE. */
export interface VerifyGmsaOutput {
  readonly checked: number;
}

/** getPrePullStatus (and part of startPrePull's answer). */
export interface PrePullStatus {
  /** The new pool's Ready nodes. */
  readonly desired: number;
  /** Of those, the nodes where every puller has pulled. */
  readonly ready: number;
  /** Bit p set: puller p has pulled its images on every Ready node (0 while there is none). */
  readonly pullersDone: number;
}

/**
 * startPrePull: the status, plus which pullers each planned workload waits for, by workload key
 * (`Kind namespace/name`, bit p: puller p; 0: nothing to wait for), so each workload can move as
 * soon as its own images are on the new nodes.
 */
export interface PrePullStarted extends PrePullStatus {
  readonly needs: Readonly<Record<string, number>>;
}

/** patchWorkloads / restoreWorkloads / getRolloutStatus work on a batch. */
export interface WorkloadBatchInput extends PlanRef {
  readonly workloads: readonly WorkloadRef[];
}
export interface WorkloadPatchResult {
  readonly ref: WorkloadRef;
  readonly outcome: 'patched' | 'unchanged' | 'missing';
}
export interface WorkloadRollout {
  readonly ref: WorkloadRef;
  readonly state: RolloutState;
  readonly ready: number;
  readonly desired: number;
}

/** upgradeWorkloadBatch: one activity applied to a group of workloads, chunk by chunk. */
export type BatchOperation = 'patch' | 'restore' | 'rollout' | 'restoreStatus';
export interface WorkloadBatchOrchestrationInput {
  readonly ref: PlanRef;
  readonly operation: BatchOperation;
  readonly workloads: readonly WorkloadRef[];
  readonly retry: RetryPolicy;
}
/** Per chunk: the activity's result, or its failure (a batch never throws for one chunk). */
export type ChunkOutcome =
  | { readonly ok: true; readonly workloads: readonly WorkloadRef[]; readonly value: unknown }
  | {
      readonly ok: false;
      readonly workloads: readonly WorkloadRef[];
      readonly code: string;
      readonly message: string;
    };

/** checkSourcePool: controllers with pods on the old pool that the plan does not move. */
export interface SourcePoolCheck {
  readonly unplanned: readonly string[];
}

/** cordonPool: cordon (true) or uncordon (false) the old pool's nodes. */
export interface CordonInput extends PlanRef {
  readonly unschedulable: boolean;
}
export interface CordonOutput {
  readonly nodes: number;
}

/** drainPool: one pass of evictions; the orchestrator repeats it with timers until empty or timeout. */
export interface DrainPassOutput {
  readonly remaining: number;
  readonly evicted: number;
  readonly blocked: readonly { readonly pod: string; readonly reason: string }[];
  readonly refused: readonly { readonly pod: string; readonly reason: string }[];
}

/** deletePool: `target` only when its ownership tags name this instance. */
export interface DeletePoolInput extends PlanRef {
  readonly pool: 'source' | 'target';
}
export interface DeletePoolOutput {
  readonly outcome: 'deleting' | 'gone' | 'notOwned';
}

/** recordUpgrade: the upgrades table row (state changes only). */
export interface RecordUpgradeInput {
  readonly instanceId: string;
  readonly request: UpgradeRequest;
  readonly state: UpgradeState;
  readonly targetOsSku?: string;
  readonly newPoolName?: string;
  readonly lastError?: { readonly code: string; readonly message: string };
}

/** The custom status: a bounded summary (Durable refuses more than 16 KB). */
export type StepName =
  | 'plan'
  | 'createPool'
  | 'copyIdentities'
  | 'prePull'
  | 'patchWorkloads'
  | 'rollout'
  | 'cordon'
  | 'drain'
  | 'approval'
  | 'deleteOldPool'
  | 'rollback';

/** `stopped`: cut short by a rollback that another step's failure (or a cancel) started. */
export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'stopped' | 'skipped';

export interface UpgradeStatus {
  readonly phase: UpgradeState;
  readonly cluster: string;
  readonly sourcePool: string;
  readonly targetPool?: string;
  readonly targetOsSku?: string;
  readonly planHash?: string;
  readonly steps: readonly {
    readonly name: StepName;
    readonly state: StepState;
    readonly startedAt?: string;
    readonly endedAt?: string;
    readonly detail?: string;
  }[];
  readonly workloads: { readonly ready: number; readonly total: number };
  readonly awaitingApproval: boolean;
  readonly lastError?: { readonly code: string; readonly message: string };
}
