/**
 * DESIGN section 2, steps 3 and 4 together: the image pre-pull, started while the new pool
 * provisions, and the patch, each workload as soon as its own images are on the new nodes.
 */
import { WinshiftError } from '../domain/errors.js';
import type { WorkloadRef } from '../ports/kubernetes.js';
import type { Step } from './calls.js';
import { ACTIVITY, type PrePullStarted, type PrePullStatus } from './contracts/index.js';
import { call, type Run } from './run.js';
import {
  finishPatching,
  Patching,
  patchWave,
  patchWorkloads,
  plannedWorkloads,
} from './steps-workloads.js';
import { workloadKey } from '../domain/workload-ref.js';

const prePullWanted = (run: Run): boolean =>
  run.request.options.prePull && run.plan.imagesToPrePull > 0;

/**
 * 3. Pre-pull, started right after the pool is requested: the pullers are DaemonSets pinned to the
 * new pool, so each node starts pulling the moment it joins instead of after the whole pool is
 * ready. The pullers need no copied identity (the kubelet identity pulls), so they need not wait for
 * step 2. Returns which pullers each workload waits for, or undefined without a pre-pull.
 */
export function* startPrePull(run: Run): Step<PrePullStarted | undefined> {
  const { status, request, plan } = run;
  run.waits.throwIfCancelled();
  if (!prePullWanted(run)) {
    status.skip('prePull', request.options.prePull ? 'no new images' : 'disabled by request');
    return undefined;
  }
  status.start('prePull', `${plan.imagesToPrePull} images, pulled as the new nodes join`);
  run.changed.add('prePull');
  return yield* call(run, ACTIVITY.startPrePull, run.ref);
}

/**
 * 3-4. Waits for the pullers, patching each workload as soon as the pullers it waits for are done
 * on every new node: a workload with small images (or a long, one-pod-at-a-time StatefulSet roll)
 * starts while the largest images still pull. Pre-pull is an optimisation: past its timeout the rest
 * are patched anyway (the rollout pulls what is left); a failing pre-pull stops the upgrade. Without a
 * pre-pull every workload is patched at once. Returns the workloads to watch.
 */
export function* patchAsPulled(run: Run, started: PrePullStarted | undefined): Step<WorkloadRef[]> {
  if (started === undefined) return yield* patchWorkloads(run);
  const { status, timing } = run;
  const all = plannedWorkloads(run);
  const needs = pullersNeeded(all, started);
  const patching = new Patching(all.length);
  const waiting = new Map(all.map((w) => [workloadKey(w), w]));
  const { value, timedOut } = yield* run.waits.poll<PrePullStatus>({
    timeoutInSeconds: timing.prePullTimeoutInSeconds,
    probe: function* () {
      status.resume('prePull');
      const s = yield* call(run, ACTIVITY.prePullStatus, run.ref);
      status.detail('prePull', `${s.ready}/${s.desired} nodes pulled`);
      const pulled = new Set(s.desired > 0 ? s.pullersDone : []);
      const wave = [...waiting.values()].filter((w) =>
        (needs.get(workloadKey(w)) ?? []).every((p) => pulled.has(p)),
      );
      if (wave.length > 0 && s.desired > 0) {
        wave.forEach((w) => waiting.delete(workloadKey(w)));
        yield* patchWave(run, patching, wave);
      }
      return s;
    },
    done: (s) => s.desired > 0 && s.ready >= s.desired,
  });
  const pulled = `${value.ready}/${value.desired} nodes pulled`;
  status.succeed('prePull', timedOut ? `${pulled}; timed out, going on without it` : pulled);
  if (waiting.size > 0) yield* patchWave(run, patching, [...waiting.values()]);
  return finishPatching(run, patching);
}

/**
 * Which pullers each workload waits for, by workload key. startPrePull names every planned
 * workload; one it does not name is a contract breach, not "wait for nothing".
 */
function pullersNeeded(
  workloads: readonly WorkloadRef[],
  started: PrePullStarted,
): Map<string, readonly number[]> {
  const needs = new Map(started.needs.map((n) => [workloadKey(n.workload), n.pullers]));
  const unnamed = workloads.filter((w) => !needs.has(workloadKey(w))).map(workloadKey);
  if (unnamed.length > 0) {
    throw new WinshiftError(
      'CONTRACT_MISMATCH',
      `${ACTIVITY.startPrePull} named no pullers for ${unnamed.join(', ')}`,
    );
  }
  return needs;
}

/**
 * Removes the pullers once the workloads are patched: the patch need not wait for the cleanup. The
 * pulled images stay in the nodes' caches. After a failure, the rollback removes them instead.
 */
export function* removePullers(run: Run): Step<void> {
  if (!run.changed.has('prePull')) return;
  yield* call(run, ACTIVITY.stopPrePull, run.ref);
  run.changed.delete('prePull');
}
