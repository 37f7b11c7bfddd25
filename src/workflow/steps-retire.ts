/** DESIGN section 2, steps 6-7: re-check the old pool, cordon and drain it. */
import { WinshiftError } from '../domain/errors.js';
import { listed, type Step } from './calls.js';
import { ACTIVITY } from './contracts/index.js';
import { call, type Run } from './run.js';

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
