/**
 * Undoing an upgrade that failed or was cancelled before the old pool was deleted, in the order that
 * keeps workloads served: uncordon the old nodes first (restored pods need somewhere to land), restore
 * every workload from its saved original and wait for those rollouts, remove the pre-pull DaemonSet,
 * and delete the new pool only when the request asked (the activity checks the ownership tags). The
 * first failing action stops the rollback: the run ends Failed with ROLLBACK_FAILED naming what is
 * left, for a person to finish.
 */
import { WinshiftError } from '../domain/errors.js';
import { failureOf, type Failure, type Step } from './calls.js';
import { ACTIVITY, type UpgradeOutcome } from './contracts/index.js';
import { call, log, record, since, type Run } from './run.js';
import { batch, plannedWorkloads, watchRollouts } from './steps-workloads.js';

interface UndoAction {
  readonly name: string;
  readonly run: () => Step<string | undefined>;
}

function undoActions(run: Run): UndoAction[] {
  const actions: UndoAction[] = [];
  const { changed, request, ref } = run;
  if (changed.has('cordon')) {
    actions.push({
      name: 'uncordon the old pool',
      run: function* () {
        yield* call(run, ACTIVITY.cordonPool, { ...ref, unschedulable: false });
        return 'old pool uncordoned';
      },
    });
  }
  if (changed.has('pool') && changed.has('patch') && since(run, 2)) {
    // Version 2: no restored pod with an old image may land on the new pool, which still accepts
    // pods (a workload placed by OS only would be restored to "any Windows node").
    actions.push({
      name: `cordon the new pool ${run.plan.targetPool}`,
      run: function* () {
        yield* call(run, ACTIVITY.cordonPool, { ...ref, unschedulable: true, pool: 'target' });
        return `new pool ${run.plan.targetPool} cordoned`;
      },
    });
  }
  if (changed.has('patch')) {
    const workloads = plannedWorkloads(run);
    actions.push({
      name: 'restore the workloads',
      run: function* () {
        yield* batch(run, 'restore', workloads, 'restore');
        yield* watchRollouts(run, workloads, {
          timeoutInSeconds: request.options.rolloutTimeoutInSeconds,
          label: 'restored',
          cancellable: false,
          operation: 'restoreStatus',
          onProgress: (ready, total) =>
            run.status.detail('rollback', `${ready}/${total} workloads restored`),
        });
        return `${workloads.length} workloads restored`;
      },
    });
  }
  if (changed.has('prePull')) {
    actions.push({
      name: 'remove the pre-pull DaemonSets',
      run: function* () {
        yield* call(run, ACTIVITY.stopPrePull, ref);
        return undefined;
      },
    });
  }
  if (changed.has('pool') && request.options.deleteNewPoolOnRollback) {
    actions.push({
      name: `delete the new pool ${run.plan.targetPool}`,
      run: function* () {
        const out = yield* call(run, ACTIVITY.deletePool, {
          ...ref,
          pool: 'target',
        });
        return out.outcome === 'notOwned'
          ? `new pool ${run.plan.targetPool} kept: not created by this run`
          : `new pool ${run.plan.targetPool} ${out.outcome}`;
      },
    });
  }
  return actions;
}

export function* rollback(run: Run, cause: Failure): Step<UpgradeOutcome> {
  const { status, context, request } = run;
  const failedStep = status.current;
  if (failedStep) status.fail(failedStep, `[${cause.code}] ${cause.message}`);
  for (const step of status.running)
    status.stop(step, `stopped by the rollback after [${cause.code}]`);
  status.setAwaitingApproval(false);
  status.setError(cause);
  status.setPhase('RollingBack');
  log(context, request, 'rollback', `rolling back after [${cause.code}] ${cause.message}`);
  yield* record(run, 'RollingBack', cause);
  status.start('rollback');
  const actions = undoActions(run);
  const done: string[] = [];
  for (const [index, action] of actions.entries()) {
    try {
      const summary = yield* action.run();
      if (summary) done.push(summary);
    } catch (error) {
      return yield* rollbackFailed(
        run,
        cause,
        action.name,
        failureOf(error),
        actions.slice(index + 1),
      );
    }
  }
  status.succeed('rollback', done.join('; ') || 'nothing had changed');
  status.setPhase('RolledBack');
  yield* record(run, 'RolledBack', cause);
  return outcome(run, 'RolledBack', cause);
}

function* rollbackFailed(
  run: Run,
  cause: Failure,
  failedAction: string,
  failure: Failure,
  rest: readonly UndoAction[],
): Step<UpgradeOutcome> {
  const left = [failedAction, ...rest.map((a) => a.name)].join('; ');
  const error = failureOf(
    new WinshiftError(
      'ROLLBACK_FAILED',
      `${failedAction} failed: [${failure.code}] ${failure.message}. Left to do: ${left}. The rollback followed [${cause.code}] ${cause.message}`,
    ),
  );
  run.status.fail('rollback', `${failedAction} failed: [${failure.code}]`);
  run.status.setError(error);
  run.status.setPhase('Failed');
  log(run.context, run.request, 'rollback', error.message);
  yield* record(run, 'Failed', error);
  return outcome(run, 'Failed', error);
}

export function outcome(
  run: Run,
  state: UpgradeOutcome['state'],
  lastError?: Failure,
): UpgradeOutcome {
  return {
    state,
    planHash: run.plan.planHash,
    targetPool: run.plan.targetPool,
    ...(lastError ? { lastError } : {}),
  };
}
