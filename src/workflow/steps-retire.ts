/** DESIGN section 2, steps 6-9: re-check, cordon and drain the old pool, approval, deletion. */
import { WinshiftError } from '../domain/errors.js';
import type { Step } from './calls.js';
import { ACTIVITY, EVENTS } from './contracts/index.js';
import { after } from './calls.js';
import { call, log, record, type Run } from './run.js';
import { watchRollouts } from './steps-workloads.js';

const listed = (items: readonly string[], max = 5): string =>
  items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');

/** 6. A workload that appeared after planning stops the run before anything is drained into Pending. */
export function* cordon(run: Run): Step<void> {
  run.waits.throwIfCancelled();
  run.status.start('cordon');
  const check = yield* call(run, ACTIVITY.checkSourcePool, run.ref);
  if (check.unplanned.length > 0) {
    throw new WinshiftError(
      'UNPLANNED_WORKLOAD',
      `not in the plan, still on pool ${run.plan.sourcePool}: ${listed(check.unplanned)}`,
    );
  }
  run.changed.add('cordon');
  const out = yield* call(run, ACTIVITY.cordonPool, {
    ...run.ref,
    unschedulable: true,
  });
  run.status.succeed('cordon', `${out.nodes} nodes cordoned`);
}

/** 7. Eviction passes spaced by timers until the old pool is empty, bounded; then DaemonSets narrowed. */
export function* drain(run: Run): Step<void> {
  const { status } = run;
  const timeout = run.request.options.drainTimeoutInSeconds;
  status.start('drain');
  let evicted = 0;
  const { value, timedOut } = yield* run.waits.poll({
    timeoutInSeconds: timeout,
    probe: function* () {
      const pass = yield* call(run, ACTIVITY.drainPool, run.ref);
      evicted += pass.evicted;
      status.detail(
        'drain',
        `${evicted} evicted, ${pass.remaining} remaining, ${pass.blocked.length} blocked`,
      );
      return pass;
    },
    done: (pass) => pass.remaining === 0,
  });
  if (timedOut) {
    const stuck = [...value.blocked, ...value.refused].map((p) => `${p.pod} (${p.reason})`);
    // Only a PodDisruptionBudget in the way: say so, it is what the owner must look at.
    const code =
      value.blocked.length > 0 && value.refused.length === 0 ? 'PDB_BLOCKED' : 'DRAIN_TIMEOUT';
    throw new WinshiftError(
      code,
      `${value.remaining} pods left on pool ${run.plan.sourcePool} after ${timeout} s${stuck.length ? `: ${listed(stuck)}` : ''}`,
    );
  }
  yield* call(run, ACTIVITY.narrowDaemonSets, run.ref);
  status.succeed('drain', `${evicted} pods evicted; DaemonSets narrowed to the new pool`);
}

/**
 * 8. Waits for `approve`, `cancel`, or a timer: after the soak it approves on its own when the
 * request says so; otherwise the timer is the approval timeout, which rolls back.
 */
export function* approval(run: Run): Step<void> {
  const { context, status, request } = run;
  const { autoApproveAfterSoakInSeconds: soak, approvalTimeoutInSeconds } = request.options;
  run.waits.throwIfCancelled();
  const seconds = soak ?? approvalTimeoutInSeconds;
  status.start(
    'approval',
    soak === undefined ? `waiting up to ${seconds} s` : `soaking ${seconds} s`,
  );
  status.setPhase('AwaitingApproval');
  status.setAwaitingApproval(true);
  yield* record(run, 'AwaitingApproval');
  const approve = context.df.waitForExternalEvent(EVENTS.approve);
  const timer = context.df.createTimer(after(context, seconds * 1000));
  const winner = yield context.df.Task.any([approve, run.waits.cancel, timer]);
  if (winner !== timer) timer.cancel();
  status.setAwaitingApproval(false);
  run.waits.throwIfCancelled();
  if (winner === timer && soak === undefined) {
    throw new WinshiftError('APPROVAL_TIMEOUT', `no approval within ${approvalTimeoutInSeconds} s`);
  }
  const by = (approve.result as { by?: unknown } | undefined)?.by;
  const how =
    winner === timer
      ? `auto-approved after a ${seconds} s soak`
      : `approved${typeof by === 'string' ? ` by ${by}` : ''}`;
  log(context, request, 'approval', how);
  status.succeed('approval', how);
  status.setPhase('Running');
  yield* record(run, 'Running');
}

/** 9a. Asks AKS to delete the old pool. A failure here still leaves the old pool: rolls back. */
export function* deleteOldPool(run: Run): Step<void> {
  run.waits.throwIfCancelled(); // approved, then cancelled before the deletion: still undoable
  run.status.start('deleteOldPool', `deleting ${run.plan.sourcePool}`);
  yield* call(run, ACTIVITY.deletePool, { ...run.ref, pool: 'source' });
}

/**
 * 9b. Narrowing changed the DaemonSets' pod template, so their pods on the new nodes are replaced
 * once more: an upgrade is not Completed before they are Ready again. Watched while the old pool is
 * being deleted (the deletion does not need them), past the point of no return: no cancel, and a
 * failure ends the run Failed, not rolled back.
 */
export function* waitNarrowedDaemonSets(run: Run): Step<void> {
  const { status, plan } = run;
  if (plan.daemonSets.length === 0) return;
  yield* watchRollouts(run, plan.daemonSets, {
    timeoutInSeconds: run.request.options.rolloutTimeoutInSeconds,
    label: 'narrowed',
    cancellable: false,
    onProgress: (ready, total) =>
      status.detail(
        'deleteOldPool',
        `deleting ${plan.sourcePool}; ${ready}/${total} narrowed DaemonSets Ready`,
      ),
  });
}

/** 9c. Watches the deletion: past the point of no return, so cancel is not listened for. */
export function* waitOldPoolGone(run: Run): Step<void> {
  const { status, timing } = run;
  const { timedOut } = yield* run.waits.poll({
    timeoutInSeconds: timing.poolDeleteTimeoutInSeconds,
    cancellable: false,
    probe: () => call(run, ACTIVITY.poolStatus, { ...run.ref, pool: 'source' }),
    done: (s) => !s.exists,
  });
  status.succeed(
    'deleteOldPool',
    timedOut
      ? `deletion accepted, still running after ${timing.poolDeleteTimeoutInSeconds} s`
      : `${run.plan.sourcePool} deleted`,
  );
}
