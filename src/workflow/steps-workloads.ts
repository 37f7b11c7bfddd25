/** DESIGN section 2, steps 4-5: patch the workloads onto the new pool and watch them roll out. */
import { WinshiftError, isErrorCode } from '../domain/errors.js';
import type { WorkloadRef } from '../ports/kubernetes.js';
import type { Step } from './calls.js';
import type { BatchOperation, WorkloadPatchResult, WorkloadRollout } from './contracts/index.js';
import type { Run } from './run.js';
import { firstFailure, forWorkloads, valuesOf, type BatchResult } from './workload-batches.js';
import { workloadKey } from '../domain/workload-ref.js';

/** Every workload the plan moves: DaemonSets are widened, then narrowed after the drain. */
export function plannedWorkloads(run: Run): WorkloadRef[] {
  return [...run.plan.workloads, ...run.plan.daemonSets];
}

/** Runs a batch operation over workloads; the first failed chunk is thrown with its code. */
export function* batch<Op extends BatchOperation>(
  run: Run,
  operation: Op,
  workloads: readonly WorkloadRef[],
  label: string,
): Step<BatchResult<Op>[]> {
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
    const about = first ? ` (chunk from ${workloadKey(first)})` : '';
    const code = isErrorCode(failed.code) ? failed.code : 'INTERNAL';
    throw new WinshiftError(code, `${operation}${about}: ${failed.message}`);
  }
  return valuesOf(operation, outcomes);
}

/** The patch step's outcomes so far: it may patch in several waves (steps-prepull.ts). */
export class Patching {
  readonly results: WorkloadPatchResult[] = [];
  waves = 0;

  constructor(readonly total: number) {}

  get patched(): number {
    return this.results.length;
  }
}

/** 4. Patches `workloads` (every planned one, or one wave of them) and records their outcomes. */
export function* patchWave(
  run: Run,
  patching: Patching,
  workloads: readonly WorkloadRef[],
): Step<void> {
  run.waits.throwIfCancelled();
  if (patching.waves === 0) run.status.start('patchWorkloads', `${patching.total} workloads`);
  else run.status.resume('patchWorkloads');
  patching.waves += 1;
  run.changed.add('patch');
  const label = patching.waves === 1 ? 'patch' : `patch${patching.waves}`;
  patching.results.push(...(yield* batch(run, 'patch', workloads, label)));
  run.status.detail('patchWorkloads', `${patching.patched}/${patching.total} patched`);
}

/** Ends the patch step: returns the workloads to watch (those that still exist). */
export function finishPatching(run: Run, patching: Patching): WorkloadRef[] {
  const { results } = patching;
  const count = (o: WorkloadPatchResult['outcome']): number =>
    results.filter((r) => r.outcome === o).length;
  const waves = patching.waves > 1 ? ` in ${patching.waves} waves` : '';
  run.status.succeed(
    'patchWorkloads',
    `${count('patched')} patched${waves}, ${count('unchanged')} unchanged, ${count('missing')} gone since planning`,
  );
  const missing = new Set(
    results.filter((r) => r.outcome === 'missing').map((r) => workloadKey(r.ref)),
  );
  return plannedWorkloads(run).filter((w) => !missing.has(workloadKey(w)));
}

/** 4. Patches every planned workload at once (no pre-pull to wait for). */
export function* patchWorkloads(run: Run): Step<WorkloadRef[]> {
  const all = plannedWorkloads(run);
  const patching = new Patching(all.length);
  yield* patchWave(run, patching, all);
  return finishPatching(run, patching);
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
      const states = yield* batch(
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
          `${workloadKey(failed.ref)}: ${failed.state.reason} (${failed.ready}/${failed.desired} ready)`,
        );
      }
      const done = new Set(states.filter((s) => s.state.done).map((s) => workloadKey(s.ref)));
      pending = pending.filter((w) => !done.has(workloadKey(w)));
      lastPending = states.filter((s) => !s.state.done);
      options.onProgress(workloads.length - pending.length, workloads.length, lastPending);
      return pending.length;
    },
    done: (left) => left === 0,
  });
  if (timedOut) {
    const named = lastPending
      .slice(0, 5)
      .map((s) => `${workloadKey(s.ref)} ${s.ready}/${s.desired} ready (${s.state.reason})`);
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
