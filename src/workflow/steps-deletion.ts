/**
 * DESIGN section 2, step 9: the old pool's deletion. Version 2 re-checks every moved workload first,
 * then records the point of no return before the DELETE is sent; after it nothing is rolled back.
 */
import { WinshiftError } from '../domain/errors.js';
import { workloadKey } from '../domain/workload-ref.js';
import { failureOf, listed, type Step } from './calls.js';
import { ACTIVITY } from './contracts/index.js';
import { call, record, since, type Run } from './run.js';
import { describePool } from './steps-pool.js';
import { batch, plannedWorkloads, watchRollouts } from './steps-workloads.js';

/**
 * 9a (version 2). Before the point of no return, every moved workload is read again: its template
 * must still land on the new pool only (GitOps, Helm or a person may have put the old selector
 * back) and the controllers must be rolled out there. Any that would not stops the run, with the
 * workloads named, while the old pool can still take them back. The last chance to cancel, too.
 */
export function* recheckBeforeDeletion(run: Run): Step<void> {
  const { status, plan } = run;
  run.waits.throwIfCancelled();
  const all = plannedWorkloads(run);
  status.start(
    'deleteOldPool',
    `re-checking ${all.length} workloads before deleting ${plan.sourcePool}`,
  );
  const placements = yield* batch(run, 'recheckPlacement', all, 'recheck');
  const astray = placements.filter((p) => p.verdict !== 'onNewPool' && p.verdict !== 'missing');
  if (astray.length > 0) {
    const named = astray.map(
      (p) => `${workloadKey(p.ref)} (${p.verdict}${p.reasons[0] ? `: ${p.reasons[0]}` : ''})`,
    );
    throw new WinshiftError(
      'WORKLOAD_REVERTED',
      `not placed on the new pool only any more, so ${plan.sourcePool} is kept: ${listed(named)}`,
    );
  }
  const rollouts = yield* batch(run, 'rollout', plan.workloads, 'recheck-rollout');
  const notReady = rollouts.filter((r) => !r.state.done);
  if (notReady.length > 0) {
    const named = notReady.map(
      (r) => `${workloadKey(r.ref)} ${r.ready}/${r.desired} ready (${r.state.reason})`,
    );
    throw new WinshiftError(
      'ROLLOUT_FAILED',
      `no longer rolled out on the new pool, so ${plan.sourcePool} is kept: ${listed(named)}`,
    );
  }
  run.waits.throwIfCancelled();
}

/**
 * 9b (version 2). The point of no return, recorded (the upgrades row and the status say
 * DeletingOldPool) before the DELETE is sent: from here a crash, a failed call or a cancel never
 * rolls back onto a pool that may be being deleted.
 */
export function* passPointOfNoReturn(run: Run): Step<void> {
  run.status.setPhase('DeletingOldPool');
  run.status.detail(
    'deleteOldPool',
    `deleting ${run.plan.sourcePool}: past the point of no return`,
  );
  yield* record(run, 'DeletingOldPool');
}

/**
 * 9c. Asks AKS to delete the old pool. Version 1 (released) still listens for cancel here and rolls
 * back if the call fails; version 2 is past the point of no return.
 */
export function* deleteOldPool(run: Run): Step<void> {
  if (!since(run, 2)) {
    run.waits.throwIfCancelled(); // approved, then cancelled before the deletion: still undoable
    run.status.start('deleteOldPool', `deleting ${run.plan.sourcePool}`);
  }
  yield* call(run, ACTIVITY.deletePool, { ...run.ref, pool: 'source' });
}

/** What a person must know to finish by hand: the state of both pools, as far as it can be read. */
export function* bothPools(run: Run): Step<string> {
  const describe = function* (pool: 'source' | 'target', name: string): Step<string> {
    try {
      const status = yield* call(run, ACTIVITY.poolStatus, { ...run.ref, pool });
      return `${pool === 'source' ? 'old' : 'new'} pool ${name}: ${describePool(status)}`;
    } catch (error) {
      return `${pool === 'source' ? 'old' : 'new'} pool ${name}: unknown (${failureOf(error).code})`;
    }
  };
  const old = yield* describe('source', run.plan.sourcePool);
  const fresh = yield* describe('target', run.plan.targetPool);
  return `${old}; ${fresh}`;
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
