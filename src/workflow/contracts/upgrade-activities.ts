/**
 * The contract between the `upgradeWindowsPool` orchestrator and its activities: a zod schema for
 * every activity's input and output, all plain JSON. Activities load the full plan from the store by
 * instance id and check the plan hash (PLAN_CHANGED otherwise), so histories carry references, not
 * plans. The binding (src/activities/index.ts) checks both directions, and so does the orchestrator
 * (src/workflow/calls.ts): a mismatch is CONTRACT_MISMATCH, never a cast.
 */
import { z } from 'zod';
import { OS_SKUS } from '../../domain/os.js';
import { UPGRADE_STATES } from '../../domain/upgrade-state.js';
import { ACTIVITY, type ActivityName } from './names.js';
import { upgradeRequest } from './request.js';
import { blocker, failure, list, planRef, warning, workloadRef } from './shapes.js';

/** planUpgrade: builds the plan, saves it, returns the part the orchestrator steers by. */
export const planInput = z.object({ instanceId: z.string().min(1), request: upgradeRequest });
export const planSummary = z.object({
  planHash: z.string().min(1),
  clusterResourceId: z.string(),
  sourcePool: z.string(),
  sourceOsSku: z.enum(OS_SKUS),
  targetPool: z.string(),
  targetOsSku: z.enum(OS_SKUS),
  expectedNodes: z.int().nonnegative(),
  workloads: list(workloadRef),
  daemonSets: list(workloadRef),
  imagesToPrePull: z.int().nonnegative(),
  blockers: list(blocker),
  /** What does not stop the upgrade (e.g. GITOPS_MANAGED); absent from older activity results. */
  warnings: list(warning).optional(),
});

export const createPoolOutput = z.object({ outcome: z.enum(['created', 'adopted']) });

/** getPoolStatus: provisioning state and node readiness of the new (or old) pool. */
export const poolStatusInput = planRef.extend({ pool: z.enum(['source', 'target']) });
export const poolStatus = z.object({
  exists: z.boolean(),
  provisioningState: z.string().optional(),
  nodesReady: z.int().nonnegative(),
  nodesExpected: z.int().nonnegative(),
  /**
   * AKS's reason for the pool's last failure (`properties.status.provisioningError`; its message
   * carries the nested details). Absent when AKS reports none, and from older activity results.
   */
  provisioningError: failure.optional(),
});

export const copyIdentitiesOutput = z.object({
  userAssignedAdded: z.int().nonnegative(),
  roleAssignmentsCopied: z.int().nonnegative(),
  accessPoliciesCopied: z.int().nonnegative(),
});

/** verifyGmsaAccess: throws GMSA_SECRET_UNREACHABLE / IDENTITY_UNVERIFIABLE. */
export const verifyGmsaOutput = z.object({ checked: z.int().nonnegative() });

/** A puller DaemonSet's index: at most 8 pullers (src/activities/shared/pre-pull.ts). */
const pullerIndex = z.int().min(0).max(7);

/** getPrePullStatus (and part of startPrePull's answer). */
export const prePullStatus = z.object({
  /** The new pool's Ready nodes. */
  desired: z.int().nonnegative(),
  /** Of those, the nodes where every puller has pulled. */
  ready: z.int().nonnegative(),
  /** The pullers that have pulled their images on every Ready node (none while there is none). */
  pullersDone: list(pullerIndex),
});

/**
 * startPrePull: the status, plus which pullers each planned workload waits for (an empty list:
 * nothing to wait for), so each workload can move as soon as its own images are on the new nodes.
 * Every planned workload has an entry: the orchestrator treats a missing one as a contract breach.
 */
export const prePullStarted = prePullStatus.extend({
  needs: list(z.object({ workload: workloadRef, pullers: list(pullerIndex) })),
});

/** patchWorkloads / restoreWorkloads / releaseWorkloads / get*Status work on a batch. */
export const workloadBatchInput = planRef.extend({ workloads: list(workloadRef) });
export const workloadPatchResult = z.object({
  ref: workloadRef,
  outcome: z.enum(['patched', 'unchanged', 'missing']),
});
export const workloadRestoreResult = z.object({
  ref: workloadRef,
  /** `unchanged`: already restored; `notPatched`: winshift never saved an original for it. */
  outcome: z.enum(['restored', 'unchanged', 'notPatched', 'missing']),
  /** StatefulSet pods deleted for the forced rollback. */
  podsDeleted: z.int().nonnegative(),
});
/**
 * releaseWorkloads (a Completed run): `released`: this run's annotation removed; `unchanged`: the
 * workload carries no annotation of this run (never patched, already released, or another run's).
 */
export const workloadReleaseResult = z.object({
  ref: workloadRef,
  outcome: z.enum(['released', 'unchanged', 'missing']),
});
export const rolloutState = z.object({
  done: z.boolean(),
  /** True when waiting longer cannot help (ProgressDeadlineExceeded). */
  failed: z.boolean(),
  reason: z.string(),
});
export const workloadRollout = z.object({
  ref: workloadRef,
  state: rolloutState,
  ready: z.int().nonnegative(),
  desired: z.int().nonnegative(),
});

/** checkSourcePool: controllers with pods on the old pool that the plan does not move. */
export const sourcePoolCheck = z.object({ unplanned: list(z.string()) });

/**
 * cordonPool: cordon (true) or uncordon (false) a pool's nodes: the old pool's unless `pool` says
 * `target` (a rollback cordons the new pool before restoring). An uncordon undoes only the cordons
 * this run recorded: a node an operator cordoned stays cordoned.
 */
export const cordonInput = planRef.extend({
  unschedulable: z.boolean(),
  pool: z.enum(['source', 'target']).default('source'),
});
export const cordonOutput = z.object({
  /** The pool's nodes. */
  nodes: z.int().nonnegative(),
  /** The nodes this call cordoned or uncordoned (absent from older versions). */
  changed: z.int().nonnegative().optional(),
});

const stuckPod = z.object({ pod: z.string(), reason: z.string() });
/** drainPool: one pass of evictions; the orchestrator repeats it with timers until empty or timeout. */
export const drainPassOutput = z.object({
  remaining: z.int().nonnegative(),
  evicted: z.int().nonnegative(),
  blocked: list(stuckPod),
  refused: list(stuckPod),
});

/** narrowDaemonSets: every planned DaemonSet, or those named. */
export const narrowInput = planRef.extend({ workloads: list(workloadRef).optional() });

/** deletePool: `target` only when its ownership tags name this run (not just this instance). */
export const deletePoolInput = planRef.extend({ pool: z.enum(['source', 'target']) });
export const deletePoolOutput = z.object({ outcome: z.enum(['deleting', 'gone', 'notOwned']) });

/** recordUpgrade: the upgrades table row (state changes only). */
export const recordUpgradeInput = z.object({
  instanceId: z.string().min(1),
  request: upgradeRequest,
  state: z.enum(UPGRADE_STATES),
  targetOsSku: z.string().optional(),
  newPoolName: z.string().optional(),
  lastError: failure.optional(),
});

/**
 * recheckPlacements: before the old pool's deletion, where each moved workload's live template
 * lands (domain/placement-recheck.ts); `missing`: deleted since, nothing to land anywhere.
 */
export const placementRecheck = z.object({
  ref: workloadRef,
  verdict: z.enum(['onNewPool', 'mayLandOnOldPool', 'cannotLandOnNewPool', 'missing']),
  reasons: list(z.string()),
});

/** Activities that answer nothing the orchestrator reads. */
const nothing = z.unknown();

/** Every activity's input and output schema, by name: the one table both sides check against. */
export const UPGRADE_ACTIVITY_CONTRACTS = {
  [ACTIVITY.plan]: { input: planInput, output: planSummary },
  [ACTIVITY.createPool]: { input: planRef, output: createPoolOutput },
  [ACTIVITY.poolStatus]: { input: poolStatusInput, output: poolStatus },
  [ACTIVITY.copyIdentities]: { input: planRef, output: copyIdentitiesOutput },
  [ACTIVITY.verifyGmsa]: { input: planRef, output: verifyGmsaOutput },
  [ACTIVITY.startPrePull]: { input: planRef, output: prePullStarted },
  [ACTIVITY.prePullStatus]: { input: planRef, output: prePullStatus },
  [ACTIVITY.stopPrePull]: { input: planRef, output: nothing },
  [ACTIVITY.patchWorkloads]: { input: workloadBatchInput, output: list(workloadPatchResult) },
  [ACTIVITY.rolloutStatus]: { input: workloadBatchInput, output: list(workloadRollout) },
  [ACTIVITY.restoreStatus]: { input: workloadBatchInput, output: list(workloadRollout) },
  [ACTIVITY.checkSourcePool]: { input: planRef, output: sourcePoolCheck },
  [ACTIVITY.cordonPool]: { input: cordonInput, output: cordonOutput },
  [ACTIVITY.drainPool]: { input: planRef, output: drainPassOutput },
  [ACTIVITY.narrowDaemonSets]: { input: narrowInput, output: list(workloadPatchResult) },
  [ACTIVITY.deletePool]: { input: deletePoolInput, output: deletePoolOutput },
  [ACTIVITY.restoreWorkloads]: {
    input: workloadBatchInput,
    output: list(workloadRestoreResult),
  },
  [ACTIVITY.releaseWorkloads]: {
    input: workloadBatchInput,
    output: list(workloadReleaseResult),
  },
  [ACTIVITY.recordUpgrade]: { input: recordUpgradeInput, output: nothing },
  [ACTIVITY.recheckPlacements]: { input: workloadBatchInput, output: list(placementRecheck) },
} as const satisfies Record<ActivityName, { input: z.ZodType; output: z.ZodType }>;

type Contracts = typeof UPGRADE_ACTIVITY_CONTRACTS;
/** What the orchestrator passes to activity N (before defaults). */
export type ActivityInput<N extends ActivityName> = z.input<Contracts[N]['input']>;
/** What activity N receives once checked. */
export type ActivityArgs<N extends ActivityName> = z.output<Contracts[N]['input']>;
/** What activity N returns (and the orchestrator receives once checked). */
export type ActivityOutput<N extends ActivityName> = z.output<Contracts[N]['output']>;

export type PlanInput = z.output<typeof planInput>;
export type PlanSummary = z.output<typeof planSummary>;
export type CreatePoolOutput = z.output<typeof createPoolOutput>;
export type PoolStatusInput = z.output<typeof poolStatusInput>;
export type PoolStatus = z.output<typeof poolStatus>;
export type CopyIdentitiesOutput = z.output<typeof copyIdentitiesOutput>;
export type VerifyGmsaOutput = z.output<typeof verifyGmsaOutput>;
export type PrePullStatus = z.output<typeof prePullStatus>;
export type PrePullStarted = z.output<typeof prePullStarted>;
export type WorkloadBatchInput = z.output<typeof workloadBatchInput>;
export type WorkloadPatchResult = z.output<typeof workloadPatchResult>;
export type WorkloadRestoreResult = z.output<typeof workloadRestoreResult>;
export type WorkloadReleaseResult = z.output<typeof workloadReleaseResult>;
export type WorkloadRollout = z.output<typeof workloadRollout>;
export type SourcePoolCheck = z.output<typeof sourcePoolCheck>;
export type CordonInput = z.output<typeof cordonInput>;
export type CordonOutput = z.output<typeof cordonOutput>;
export type DrainPassOutput = z.output<typeof drainPassOutput>;
export type NarrowInput = z.output<typeof narrowInput>;
export type DeletePoolInput = z.output<typeof deletePoolInput>;
export type DeletePoolOutput = z.output<typeof deletePoolOutput>;
export type RecordUpgradeInput = z.output<typeof recordUpgradeInput>;
export type PlacementRecheck = z.output<typeof placementRecheck>;
