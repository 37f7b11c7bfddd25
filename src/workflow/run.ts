/**
 * What every step of one upgrade shares: the orchestration context, the request and plan, pacing,
 * the status board, the cancel-aware waits, and what has been changed so far (what a rollback must
 * undo).
 */
import type { OrchestrationContext } from 'durable-functions';
import type { UpgradeState } from '../domain/upgrade-state.js';
import {
  callActivity,
  failureOf,
  type ActivityContract,
  type Failure,
  type RetryHooks,
  type Step,
} from './calls.js';
import {
  ACTIVITY,
  UPGRADE_ACTIVITY_CONTRACTS,
  type ActivityInput,
  type ActivityName,
  type ActivityOutput,
  type PlanRef,
  type RetryPolicy,
  type PlanSummary,
  type RecordUpgradeInput,
  type UpgradeRequest,
  type WorkflowTiming,
} from './contracts/index.js';
import type { StatusBoard } from './status.js';
import type { Waits } from './waits.js';

/** Changes made so far, each undone by the rollback. */
export type Change = 'pool' | 'prePull' | 'patch' | 'cordon';

export interface Run {
  readonly context: OrchestrationContext;
  readonly request: UpgradeRequest;
  /** The orchestration version this run follows (its input's; docs/adr/0006). */
  readonly version: number;
  readonly timing: WorkflowTiming;
  readonly status: StatusBoard;
  readonly waits: Waits;
  readonly ref: PlanRef;
  readonly plan: PlanSummary;
  readonly changed: Set<Change>;
}

/**
 * An activity call with the run's retry policy, typed and checked by the activity's contract. While
 * a failed call waits for its retry, the status shows why (lastError and the step's detail); a cancel
 * stops a wait on a busy cluster while the run goes forward (not while it rolls back or deletes).
 */
export function call<N extends ActivityName>(
  run: Run,
  name: N,
  input: ActivityInput<N>,
): Step<ActivityOutput<N>> {
  return callUpgradeActivity(run.context, name, input, run.timing.retry, retryHooks(run));
}

function retryHooks(run: Run): RetryHooks {
  return {
    waiting: (failure, attempt, at) => run.status.retrying(failure, attempt, at),
    recovered: () => run.status.recovered(),
    // A wait on a busy cluster listens for cancel (a new kind of wait only for a code no earlier
    // history holds: docs/adr/0009), except while rolling back or past the point of no return.
    busyWait: (milliseconds) =>
      run.waits.sleep(milliseconds / 1000, run.status.phase === 'Running'),
  };
}

/** `call` before the run has its plan (planning, and the records of a run that ends early). */
export function callUpgradeActivity<N extends ActivityName>(
  context: OrchestrationContext,
  name: N,
  input: ActivityInput<N>,
  retry: RetryPolicy,
  hooks?: RetryHooks,
): Step<ActivityOutput<N>> {
  const contract: ActivityContract = UPGRADE_ACTIVITY_CONTRACTS[name];
  return callActivity(context, name, contract, input, retry, hooks) as Step<ActivityOutput<N>>;
}

/** Structured log line, written once (not again on every replay). */
export function log(
  context: OrchestrationContext,
  request: UpgradeRequest,
  step: string,
  message: string,
): void {
  if (context.df.isReplaying) return;
  context.log(
    `winshift instanceId=${context.df.instanceId} cluster=${request.clusterResourceId} pool=${request.poolName} step=${step}: ${message}`,
  );
}

/**
 * Writes the upgrades-table row on a state change. Bookkeeping only: a failure to write it is
 * logged and never rolls an upgrade back (the custom status still tells the truth).
 */
export function* recordState(
  context: OrchestrationContext,
  request: UpgradeRequest,
  timing: WorkflowTiming,
  state: UpgradeState,
  extra: { plan?: PlanSummary; lastError?: Failure } = {},
): Step<void> {
  const input: RecordUpgradeInput = {
    instanceId: context.df.instanceId,
    request,
    state,
    ...(extra.plan
      ? { targetOsSku: extra.plan.targetOsSku, newPoolName: extra.plan.targetPool }
      : {}),
    ...(extra.lastError ? { lastError: extra.lastError } : {}),
  };
  try {
    yield* callUpgradeActivity(context, ACTIVITY.recordUpgrade, input, timing.retry);
  } catch (error) {
    const failure = failureOf(error);
    log(
      context,
      request,
      'record',
      `recording state ${state} failed: [${failure.code}] ${failure.message}`,
    );
  }
}

/** recordState for a run that has its plan. */
export function record(run: Run, state: UpgradeState, lastError?: Failure): Step<void> {
  return recordState(run.context, run.request, run.timing, state, {
    plan: run.plan,
    ...(lastError ? { lastError } : {}),
  });
}

/** The orchestration version of a request: what it was started with, 1 for inputs without one. */
export function versionOf(request: UpgradeRequest): number {
  return request.version ?? 1;
}

/**
 * Whether the run follows version `version` or later. Every change to the order or kind of yields is
 * made under such a gate, so runs of released versions replay unchanged (docs/adr/0006).
 */
export function since(run: Pick<Run, 'version'>, version: number): boolean {
  return run.version >= version;
}
