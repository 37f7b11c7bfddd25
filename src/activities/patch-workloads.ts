/**
 * patchWorkloads (DESIGN step 4): per workload, save this run's original durably (store, then the
 * annotation in the same patch), then one strategic merge patch moving it to the new pool with its new images.
 * DaemonSets are widened to both pools instead. A workload already patched is `unchanged`, one that
 * was deleted is `missing`. OnDelete StatefulSets get their first pod deleted here when the controller
 * has already seen the patch; the rollout polls roll the rest, one at a time.
 */
import type { Plan } from '../domain/plan.js';
import type { KubernetesPort, WorkloadRef } from '../ports/kubernetes.js';
import type { WorkloadProgress } from '../ports/store.js';
import type { WorkloadBatchInput, WorkloadPatchResult } from '../workflow/contracts/index.js';
import { mapLimit, WORKLOAD_CONCURRENCY } from './shared/concurrency.js';
import type { ActivityDeps } from './shared/deps.js';
import { forwardPatch } from './shared/desired-patches.js';
import { assertImagesAsPlanned, assertNotProtected } from './shared/guards.js';
import { loadCheckedPlan, plannedWorkload } from './shared/plan-ref.js';
import { rollOnDeleteStep } from './shared/statefulset-pods.js';
import { ensureOriginal, type RunOwner } from './shared/workload-original.js';
import { ensurePatched } from './shared/workload-patch.js';
import { workloadKey } from '../domain/workload-ref.js';

export type PatchWorkloadsDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'now' | 'log'>;

interface Context {
  readonly deps: PatchWorkloadsDeps;
  readonly kube: KubernetesPort;
  readonly plan: Plan;
  readonly owner: RunOwner;
}

interface Outcome {
  readonly result: WorkloadPatchResult;
  readonly progress: WorkloadProgress;
}

async function patchOne(ctx: Context, ref: WorkloadRef): Promise<Outcome> {
  const planned = plannedWorkload(ctx.plan, ref);
  const updatedAt = ctx.deps.now().toISOString();
  const row = (
    phase: WorkloadProgress['phase'],
    message: string,
    desired = 0,
  ): WorkloadProgress => ({
    ref,
    phase,
    ready: 0,
    desired,
    message,
    updatedAt,
  });
  const workload = await ctx.kube.getWorkload(ref);
  if (workload === undefined)
    return { result: { ref, outcome: 'missing' }, progress: row('failed', 'workload not found') };
  assertNotProtected(workload);
  assertImagesAsPlanned(planned, workload);
  const { owner } = ctx;
  const original = await ensureOriginal(ctx.deps.store, owner.runId, workload, ctx.deps.now());
  const patch = forwardPatch(ctx.plan, planned, original, owner);
  const unchanged = !(await ensurePatched(ctx.kube, workload, patch));
  if (unchanged && ref.kind === 'StatefulSet' && workload.updateStrategy === 'OnDelete')
    await rollOnDeleteStep(ctx.kube, workload);
  const outcome = unchanged ? 'unchanged' : 'patched';
  ctx.deps.log.info(`workload ${outcome}`, {
    step: 'patchWorkloads',
    instanceId: owner.instanceId,
    cluster: ctx.plan.cluster.resourceId,
    workload: workloadKey(ref),
    outcome,
  });
  const message = ref.kind === 'DaemonSet' ? 'widened to both pools' : 'moved to the new pool';
  return { result: { ref, outcome }, progress: row('patched', message, workload.replicas ?? 0) };
}

export async function patchWorkloads(
  deps: PatchWorkloadsDeps,
  input: WorkloadBatchInput,
): Promise<WorkloadPatchResult[]> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const owner = { instanceId: input.instanceId, runId: input.runId };
  const ctx: Context = { deps, kube, plan, owner };
  const outcomes = await mapLimit(input.workloads, WORKLOAD_CONCURRENCY, (ref) =>
    patchOne(ctx, ref),
  );
  await deps.store.saveProgress(
    input.instanceId,
    outcomes.map((o) => o.progress),
  );
  return outcomes.map((o) => o.result);
}
