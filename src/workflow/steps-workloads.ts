/** DESIGN section 2, steps 4-5: patch the workloads onto the new pool and watch them roll out. */
import { WinshiftError, isErrorCode } from '../domain/errors.js';
import type { WorkloadRef } from '../ports/kubernetes.js';
import type { Step } from './calls.js';
import type { BatchOperation, WorkloadPatchResult, WorkloadRollout } from './contracts.js';
import type { Run } from './run.js';
import { describeRef, firstFailure, forWorkloads, valuesOf } from './workload-batches.js';

/** Every workload the plan moves: DaemonSets are widened, then narrowed after the drain. */
export function plannedWorkloads(run: Run): WorkloadRef[] {
  return [...run.plan.workloads, ...run.plan.daemonSets];
}

/** Runs a batch operation over workloads; the first failed chunk is thrown with its code. */
export function* batch<T>(
  run: Run,
  operation: BatchOperation,
  workloads: readonly WorkloadRef[],
  label: string,
): Step<T[]> {
  const outcomes = yield* forWorkloads(run.context, {
    operation,
    ref: run.ref,
    workloads,
    retry: run.timing.retry,
    label,
  });
  const failed = firstFailure(outcomes);
  if (failed) {
    const first = failed.workloads[0];
    const about = first ? ` (chunk from ${describeRef(first)})` : '';
    const code = isErrorCode(failed.code) ? failed.code : 'INTERNAL';
    throw new WinshiftError(code, `${operation}${about}: ${failed.message}`);
  }
  return valuesOf<T>(outcomes);
}

/** 4. Patch: returns the workloads to watch (those that still exist). */
export function* patchWorkloads(run: Run): Step<WorkloadRef[]> {
  const all = plannedWorkloads(run);
  run.waits.throwIfCancelled();
  run.status.start('patchWorkloads', `${all.length} workloads`);
  run.changed.add('patch');
  const results = yield* batch<WorkloadPatchResult>(run, 'patch', all, 'patch');
  const count = (o: WorkloadPatchResult['outcome']): number =>
    results.filter((r) => r.outcome === o).length;
  run.status.succeed(
    'patchWorkloads',
    `${count('patched')} patched, ${count('unchanged')} unchanged, ${count('missing')} gone since planning`,
  );
  const missing = new Set(
    results.filter((r) => r.outcome === 'missing').map((r) => describeRef(r.ref)),
  );
  return all.filter((w) => !missing.has(describeRef(w)));
}

export interface WatchOptions {
  readonly timeoutInSeconds: number;
  /** Sub-orchestration id prefix, e.g. `rollout` or `restored`. */
  readonly label: string;
  readonly cancellable: boolean;
  /** `restoreStatus` after a rollback's restore: Ready on the old pool instead of the new one. */
  readonly operation?: 'rollout' | 'restoreStatus';
  readonly onProgress: (ready: number, total: number, pending: readonly WorkloadRollout[]) => void;
}

/**
 * 5. Polls the rollout of every workload not yet done (the set shrinks), until all are done, one
 * has failed for good (ROLLOUT_FAILED), or the timeout (ROLLOUT_TIMEOUT naming the stragglers).
 */
export function* watchRollouts(
  run: Run,
  workloads: readonly WorkloadRef[],
  options: WatchOptions,
): Step<void> {
  let pending: WorkloadRef[] = [...workloads];
  let lastPending: WorkloadRollout[] = [];
  let round = 0;
  const { timedOut } = yield* run.waits.poll({
    timeoutInSeconds: options.timeoutInSeconds,
    cancellable: options.cancellable,
    probe: function* () {
      const states = yield* batch<WorkloadRollout>(
        run,
        options.operation ?? 'rollout',
        pending,
        `${options.label}-${round}`,
      );
      round += 1;
      const failed = states.find((s) => s.state.failed);
      if (failed) {
        throw new WinshiftError(
          'ROLLOUT_FAILED',
          `${describeRef(failed.ref)}: ${failed.state.reason} (${failed.ready}/${failed.desired} ready)`,
        );
      }
      const done = new Set(states.filter((s) => s.state.done).map((s) => describeRef(s.ref)));
      pending = pending.filter((w) => !done.has(describeRef(w)));
      lastPending = states.filter((s) => !s.state.done);
      options.onProgress(workloads.length - pending.length, workloads.length, lastPending);
      return pending.length;
    },
    done: (left) => left === 0,
  });
  if (timedOut) {
    const named = lastPending
      .slice(0, 5)
      .map((s) => `${describeRef(s.ref)} ${s.ready}/${s.desired} ready (${s.state.reason})`);
    const more = pending.length > named.length ? ` and ${pending.length - named.length} more` : '';
    throw new WinshiftError(
      'ROLLOUT_TIMEOUT',
      `${pending.length} of ${workloads.length} workloads not rolled out after ${options.timeoutInSeconds} s: ${named.join('; ')}${more}`,
    );
  }
}

/** Step 5 as the forward path runs it. */
export function* rollout(run: Run, workloads: readonly WorkloadRef[]): Step<void> {
  const { status } = run;
  status.start('rollout', `${workloads.length} workloads`);
  yield* watchRollouts(run, workloads, {
    timeoutInSeconds: run.request.options.rolloutTimeoutInSeconds,
    label: 'rollout',
    cancellable: true,
    onProgress: (ready, total) => {
      status.setWorkloads(ready, total);
      status.detail('rollout', `${ready}/${total} rolled out`);
    },
  });
  status.succeed('rollout', `${workloads.length}/${workloads.length} rolled out`);
}
