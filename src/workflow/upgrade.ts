/**
 * `upgradeWindowsPool`: DESIGN section 2 step by step. Deterministic: the orchestration clock only,
 * no I/O, no randomness; every change goes through an activity. Any failure or a cancel before the
 * old pool's deletion is accepted rolls back (rollback.ts); after it, nothing is undone.
 */
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { clip, failureOf, type Failure, type Step } from './calls.js';
import {
  ACTIVITY,
  checkContract,
  EVENTS,
  ORCHESTRATOR,
  upgradeRequest,
  type PlanInput,
  type PlanSummary,
  type UpgradeOutcome,
  type UpgradeRequest,
  type WorkflowTiming,
} from './contracts/index.js';
import { outcome, rollback } from './rollback.js';
import {
  callUpgradeActivity,
  log,
  record,
  recordState,
  since,
  versionOf,
  type Run,
} from './run.js';
import { StatusBoard } from './status.js';
import { copyIdentities, requestPool, waitPoolReady } from './steps-pool.js';
import { patchAsPulled, removePullers, startPrePull } from './steps-prepull.js';
import { approval } from './steps-approval.js';
import {
  bothPools,
  deleteOldPool,
  passPointOfNoReturn,
  recheckBeforeDeletion,
  waitNarrowedDaemonSets,
  waitOldPoolGone,
} from './steps-deletion.js';
import { cordon, drain } from './steps-retire.js';
import { releaseWorkloads } from './steps-release.js';
import { rollout } from './steps-workloads.js';
import { resolveTiming } from './timing.js';
import { Waits } from './waits.js';

export const upgradeWindowsPool: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Step<UpgradeOutcome> {
  const request = checkContract(
    upgradeRequest,
    context.df.getInput(),
    `${ORCHESTRATOR.upgrade} input`,
  );
  const timing = resolveTiming(request.timing);
  const status = new StatusBoard(context, request);
  // Created first and reused by every wait, so a cancel is never lost (waits.ts).
  const cancel = context.df.waitForExternalEvent(EVENTS.cancel);
  const waits = new Waits(context, cancel, timing);

  const planned = yield* planStep(context, request, timing, status);
  if ('state' in planned) return planned;
  const run: Run = {
    context,
    request,
    version: versionOf(request),
    timing,
    status,
    waits,
    ref: {
      instanceId: context.df.instanceId,
      runId: request.runId ?? context.df.instanceId,
      planHash: planned.planHash,
    },
    plan: planned,
    changed: new Set(),
  };
  status.setPhase('Running');
  yield* record(run, 'Running');
  if (!since(run, 2)) return yield* retireVersion1(run);
  try {
    yield* forward(run);
    yield* recheckBeforeDeletion(run);
  } catch (error) {
    return yield* rollback(run, failureOf(error));
  }
  // The point of no return: recorded before the DELETE is sent. From here on nothing is rolled
  // back: the deletion is finished, or the run ends Failed with the state of both pools.
  yield* passPointOfNoReturn(run);
  try {
    yield* deleteOldPool(run);
    yield* waitNarrowedDaemonSets(run);
    yield* waitOldPoolGone(run);
  } catch (error) {
    return yield* finishFailed(run, failureOf(error), yield* bothPools(run));
  }
  yield* releaseWorkloads(run);
  return yield* complete(run);
};

/**
 * Version 1's end (released; its histories replay in test/unit/workflow/golden): the DELETE inside
 * the rollback's reach, no re-check before it.
 */
function* retireVersion1(run: Run): Step<UpgradeOutcome> {
  try {
    yield* forward(run);
    yield* deleteOldPool(run);
  } catch (error) {
    return yield* rollback(run, failureOf(error));
  }
  try {
    yield* waitNarrowedDaemonSets(run);
    yield* waitOldPoolGone(run);
  } catch (error) {
    return yield* finishFailed(run, failureOf(error));
  }
  return yield* complete(run);
}

function* complete(run: Run): Step<UpgradeOutcome> {
  const { context, request, status, plan } = run;
  status.setPhase('Completed');
  log(context, request, 'done', `pool ${request.poolName} replaced by ${plan.targetPool}`);
  yield* record(run, 'Completed');
  return outcome(run, 'Completed');
}

/**
 * Steps 1-8; returns once the deletion of the old pool is approved. The pre-pull starts as soon as
 * the pool is requested, so the new nodes pull while the rest of the pool provisions, and each
 * workload is patched as soon as its own images are pulled.
 */
function* forward(run: Run): Step<void> {
  const pool = yield* requestPool(run);
  const pulling = yield* startPrePull(run);
  yield* waitPoolReady(run, pool);
  yield* copyIdentities(run);
  const watched = yield* patchAsPulled(run, pulling);
  yield* removePullers(run);
  yield* rollout(run, watched);
  yield* cordon(run);
  yield* drain(run);
  yield* approval(run);
}

/**
 * Step 0. Returns the plan to go on with, or the outcome when the run ends here: a dry run, a plan
 * with blockers, or a planning failure (nothing has changed in any of these).
 */
function* planStep(
  context: OrchestrationContext,
  request: UpgradeRequest,
  timing: WorkflowTiming,
  status: StatusBoard,
): Step<PlanSummary | UpgradeOutcome> {
  const dryRun = request.options.dryRun;
  status.start('plan', dryRun ? 'dry run' : undefined);
  if (!dryRun) yield* recordState(context, request, timing, 'Planning');
  const input: PlanInput = { instanceId: context.df.instanceId, request };
  let plan: PlanSummary;
  try {
    plan = yield* callUpgradeActivity(context, ACTIVITY.plan, input, timing.retry);
  } catch (error) {
    const failure = failureOf(error);
    status.fail('plan', `[${failure.code}] ${failure.message}`);
    return yield* endEarly(context, request, timing, status, 'Failed', { lastError: failure });
  }
  status.setPlan(plan);
  const base = { planHash: plan.planHash, targetPool: plan.targetPool, plan };
  if (plan.blockers.length > 0) {
    const first = plan.blockers[0];
    const lastError: Failure = {
      code: first?.code ?? 'INTERNAL',
      message: `${plan.blockers.length} blocker(s); first: ${first?.subject ? `${first.subject}: ` : ''}${first?.message ?? ''}`,
    };
    status.fail('plan', `${plan.blockers.length} blocker(s): nothing was changed`);
    if (dryRun) {
      status.setError(lastError);
      status.setPhase('Blocked');
    }
    const end = dryRun
      ? { ...base, state: 'Blocked' as const, lastError }
      : yield* endEarly(context, request, timing, status, 'Blocked', { lastError, plan });
    return { ...end, ...base };
  }
  status.succeed(
    'plan',
    `${plan.workloads.length} workloads, ${plan.daemonSets.length} DaemonSets`,
  );
  if (!dryRun) return plan;
  status.setPhase('Completed');
  return { state: 'Completed', ...base };
}

function* endEarly(
  context: OrchestrationContext,
  request: UpgradeRequest,
  timing: WorkflowTiming,
  status: StatusBoard,
  state: 'Failed' | 'Blocked',
  extra: { lastError: Failure; plan?: PlanSummary },
): Step<UpgradeOutcome> {
  status.setError(extra.lastError);
  status.setPhase(state);
  log(context, request, 'plan', `${state}: [${extra.lastError.code}] ${extra.lastError.message}`);
  yield* recordState(context, request, timing, state, extra);
  return { state, lastError: extra.lastError };
}

/**
 * Past the point of no return: nothing to roll back, the run fails, saying (version 2 on) what state
 * both pools are in, for a person to finish.
 */
function* finishFailed(run: Run, cause: Failure, pools?: string): Step<UpgradeOutcome> {
  const { status } = run;
  const failure: Failure =
    pools === undefined ? cause : { ...cause, message: clip(`${cause.message}. ${pools}`, 500) };
  status.fail('deleteOldPool', `[${failure.code}] ${failure.message}`);
  status.setError(failure);
  status.setPhase('Failed');
  yield* record(run, 'Failed', failure);
  return outcome(run, 'Failed', failure);
}
