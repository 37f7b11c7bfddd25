/**
 * Workload operations (patch, restore, rollout status) over any number of workloads. Up to
 * INLINE_LIMIT workloads run in the upgrade's own history; past that, groups of GROUP_SIZE run as
 * `upgradeWorkloadBatch` sub-orchestrations, so the upgrade's history grows by two events per group
 * instead of a few per chunk (a rollout watched over hundreds of workloads polls many times).
 */
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import type { WorkloadRef } from '../ports/kubernetes.js';
import { chunk, failureOf, runChunks, settleAll, type Step } from './calls.js';
import type { z } from 'zod';
import {
  ACTIVITY,
  checkContract,
  ORCHESTRATOR,
  UPGRADE_ACTIVITY_CONTRACTS,
  workloadBatchOrchestrationInput,
  type ActivityName,
  type ActivityOutput,
  type BatchOperation,
  type ChunkOutcome,
  type PlanRef,
  type RetryPolicy,
  type WorkloadBatchOrchestrationInput,
} from './contracts/index.js';

export const INLINE_LIMIT = 30;
export const GROUP_SIZE = 50;
/** Sub-orchestrations at once: with CHUNK_CONCURRENCY each, 8 activity calls in flight. */
export const GROUP_CONCURRENCY = 2;

const ACTIVITY_OF = {
  patch: ACTIVITY.patchWorkloads,
  restore: ACTIVITY.restoreWorkloads,
  rollout: ACTIVITY.rolloutStatus,
  restoreStatus: ACTIVITY.restoreStatus,
  recheckPlacement: ACTIVITY.recheckPlacements,
  release: ACTIVITY.releaseWorkloads,
} as const satisfies Record<BatchOperation, ActivityName>;

/** A restore and a release go on past a failed chunk; patching and watching stop at the first. */
const stopsOnFailure = (operation: BatchOperation): boolean =>
  operation !== 'restore' && operation !== 'release';

/** The sub-orchestrator: one operation over one group, chunk by chunk. Never throws per chunk. */
export const upgradeWorkloadBatch: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Step<ChunkOutcome[]> {
  const input = checkContract(
    workloadBatchOrchestrationInput,
    context.df.getInput(),
    `${ORCHESTRATOR.workloadBatch} input`,
  );
  return yield* runChunks(
    context,
    ACTIVITY_OF[input.operation],
    input.ref,
    input.workloads,
    input.retry,
    stopsOnFailure(input.operation),
  );
};

export interface BatchRequest {
  readonly operation: BatchOperation;
  readonly ref: PlanRef;
  readonly workloads: readonly WorkloadRef[];
  readonly retry: RetryPolicy;
  /** Makes the sub-orchestration ids unique within the upgrade, e.g. `rollout-3`. */
  readonly label: string;
}

export function* forWorkloads(
  context: OrchestrationContext,
  request: BatchRequest,
): Step<ChunkOutcome[]> {
  const { operation, ref, workloads, retry } = request;
  const stop = stopsOnFailure(operation);
  if (workloads.length <= INLINE_LIMIT) {
    return yield* runChunks(context, ACTIVITY_OF[operation], ref, workloads, retry, stop);
  }
  const groups = chunk(workloads, GROUP_SIZE).map((group, index) => ({ group, index }));
  const outcomes: ChunkOutcome[] = [];
  for (const wave of chunk(groups, GROUP_CONCURRENCY)) {
    const tasks = wave.map(({ group, index }) => {
      const input: WorkloadBatchOrchestrationInput = { ref, operation, workloads: group, retry };
      const id = `${context.df.instanceId}:${request.label}:${index}`;
      return context.df.callSubOrchestrator(ORCHESTRATOR.workloadBatch, input, id);
    });
    yield* settleAll(context, tasks);
    wave.forEach(({ group }, i) => {
      const task = tasks[i];
      if (task?.isCompleted) outcomes.push(...(task.result as ChunkOutcome[]));
      else outcomes.push({ ok: false, workloads: group, ...failureOf(task?.result) });
    });
    if (stop && outcomes.some((o) => !o.ok)) break;
  }
  return outcomes;
}

/** The first failed chunk, if any. */
export function firstFailure(
  outcomes: readonly ChunkOutcome[],
): Extract<ChunkOutcome, { ok: false }> | undefined {
  for (const outcome of outcomes) if (!outcome.ok) return outcome;
  return undefined;
}

/** What one workload's entry in an operation's answer is (each activity returns one per workload). */
export type BatchResult<Op extends BatchOperation> = ActivityOutput<
  (typeof ACTIVITY_OF)[Op]
>[number];

/**
 * The values of the chunks that succeeded, flattened, each checked against the operation's activity
 * contract (CONTRACT_MISMATCH otherwise).
 */
export function valuesOf<Op extends BatchOperation>(
  operation: Op,
  outcomes: readonly ChunkOutcome[],
): BatchResult<Op>[] {
  const name = ACTIVITY_OF[operation];
  const contract: z.ZodType = UPGRADE_ACTIVITY_CONTRACTS[name].output;
  return outcomes.flatMap((o) =>
    o.ok ? (checkContract(contract, o.value, `${name} returned`) as BatchResult<Op>[]) : [],
  );
}
