// What one fake upgrade world does: its size and where it fails, stalls or misbehaves.
import type { ErrorCode } from '../../../../src/domain/errors.js';
import type { ActivityName, PlanSummary } from '../../../../src/workflow/contracts/index.js';

export interface Scenario {
  readonly workloads?: number;
  readonly daemonSets?: number;
  readonly blockers?: PlanSummary['blockers'];
  readonly imagesToPrePull?: number;
  /** Polls of the new pool before it is Succeeded with all nodes Ready (Infinity: never). */
  readonly poolReadyAfterPolls?: number;
  /** Rollout polls before workloads are done (Infinity: never); `failed`: ProgressDeadlineExceeded. */
  readonly rolloutDoneAfterPolls?: number;
  readonly rolloutFails?: boolean;
  /** Rollouts after a restore never complete. */
  readonly restoredNeverReady?: boolean;
  /** Drain passes before the pool is empty (Infinity: never); `pdb`: blocked by a PDB. */
  readonly drainPasses?: number;
  readonly drainBlockedByPdb?: boolean;
  readonly unplanned?: readonly string[];
  /** The Nth poll of the new pool (and every later one) answers provisioningState Failed. */
  readonly poolFailsAtPoll?: number;
  /** The reason the Failed pool carries (its provisioning error), if any. */
  readonly poolError?: { readonly code: string; readonly message: string };
  /** Puller 1 never finishes: the pre-pull waits until its timeout. */
  readonly prePullNeverReady?: boolean;
  /** Workloads (by name) startPrePull leaves out of `needs`: a contract breach. */
  readonly prePullForgets?: readonly string[];
  /** Workloads (by name) whose template was put back on the old pool before the deletion. */
  readonly reverted?: readonly string[];
  /** Polls of the old pool after its deletion before it is gone (Infinity: never). */
  readonly sourceGoneAfterPolls?: number;
  /** Activities that take this long (virtual ms), e.g. to raise an event while one runs. */
  readonly slow?: Partial<Record<ActivityName, number>>;
  /** Activities that answer this value instead, whatever their contract says. */
  readonly malformed?: Partial<Record<ActivityName, unknown>>;
  /** Activities that always fail with this code. */
  readonly fail?: Partial<Record<ActivityName, ErrorCode>>;
  /** Activities whose first N calls fail with TRANSIENT. */
  readonly transient?: Partial<Record<ActivityName, number>>;
  /** Activities whose first N calls (Infinity: all) fail with CLUSTER_OPERATION_IN_PROGRESS. */
  readonly busy?: Partial<Record<ActivityName, number>>;
  /** The patch of the chunk holding this workload fails (PROTECTED_WORKLOAD) at once. */
  readonly patchFailsFor?: string;
  /** Virtual ms the other patch chunks take. */
  readonly slowPatchMs?: number;
  /** Workloads reported `missing` by the patch. */
  readonly missing?: readonly string[];
}

export interface Call {
  readonly name: ActivityName;
  readonly input: Record<string, unknown>;
}
