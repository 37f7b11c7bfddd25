/**
 * restoreWorkloads (rollback, after the old pool is uncordoned): every workload this run patched goes
 * back to this run's saved original (the store's, or this run's annotation when the store lost it;
 * another run's annotation is not this run's original): placement, the images winshift changed, a
 * DaemonSet's update strategy, and the annotation removed, set exactly (a JSON Patch from the live
 * object) and read back (RESTORE_MISMATCH when it differs). StatefulSets then lose their stuck pods
 * (not Ready, not the original on the old pool) so the controller recreates them from the restored
 * template: Kubernetes' forced rollback. A workload never patched is left alone.
 */
import type { Plan } from '../domain/plan.js';
import type { KubernetesPort, WorkloadRef } from '../ports/kubernetes.js';
import type { WorkloadOriginal, WorkloadProgress } from '../ports/store.js';
import type { WorkloadBatchInput } from '../workflow/contracts/index.js';
import { mapLimit, WORKLOAD_CONCURRENCY } from './shared/concurrency.js';
import type { ActivityDeps } from './shared/deps.js';
import { restoreFields } from './shared/desired-patches.js';
import { loadCheckedPlan, plannedWorkload } from './shared/plan-ref.js';
import { listPoolNodes } from './shared/pools.js';
import { deleteStuckPods } from './shared/statefulset-pods.js';
import { loadOriginalMap, originalFromAnnotation } from './shared/workload-original.js';
import { ensureFields } from './shared/workload-patch.js';
import { workloadKey } from '../domain/workload-ref.js';

export type RestoreWorkloadsDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'now' | 'log'>;

export interface WorkloadRestoreResult {
  readonly ref: WorkloadRef;
  /** `unchanged`: already restored; `notPatched`: winshift never saved an original for it. */
  readonly outcome: 'restored' | 'unchanged' | 'notPatched' | 'missing';
  /** StatefulSet pods deleted for the forced rollback. */
  readonly podsDeleted: number;
}

interface Context {
  readonly deps: RestoreWorkloadsDeps;
  readonly kube: KubernetesPort;
  readonly plan: Plan;
  readonly instanceId: string;
  readonly runId: string;
  readonly originals: ReadonlyMap<string, WorkloadOriginal>;
  readonly sourceNodes: readonly string[];
}

async function restoreOne(ctx: Context, ref: WorkloadRef): Promise<WorkloadRestoreResult> {
  const planned = plannedWorkload(ctx.plan, ref);
  const workload = await ctx.kube.getWorkload(ref);
  if (workload === undefined) return { ref, outcome: 'missing', podsDeleted: 0 };
  const original =
    ctx.originals.get(workloadKey(ref)) ?? originalFromAnnotation(workload, ctx.runId);
  if (original === undefined) return { ref, outcome: 'notPatched', podsDeleted: 0 };
  const fields = restoreFields(planned, original, workload);
  const unchanged = !(await ensureFields(ctx.kube, workload, fields));
  // Also on a repeat: a first attempt may have restored the template and failed before this.
  const podsDeleted =
    ref.kind === 'StatefulSet'
      ? await deleteStuckPods(ctx.kube, workload, original, ctx.sourceNodes)
      : 0;
  const outcome = unchanged ? 'unchanged' : 'restored';
  ctx.deps.log.info(`workload ${outcome}`, {
    step: 'restoreWorkloads',
    instanceId: ctx.instanceId,
    cluster: ctx.plan.cluster.resourceId,
    workload: workloadKey(ref),
    outcome,
    count: podsDeleted,
  });
  return { ref, outcome, podsDeleted };
}

export async function restoreWorkloads(
  deps: RestoreWorkloadsDeps,
  input: WorkloadBatchInput,
): Promise<WorkloadRestoreResult[]> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const live = await listPoolNodes(kube, plan.sourcePool.name);
  const ctx: Context = {
    deps,
    kube,
    plan,
    instanceId: input.instanceId,
    runId: input.runId,
    originals: await loadOriginalMap(deps.store, input.runId),
    sourceNodes: [...new Set([...plan.sourcePool.nodeNames, ...live.map((n) => n.name)])],
  };
  const results = await mapLimit(input.workloads, WORKLOAD_CONCURRENCY, (ref) =>
    restoreOne(ctx, ref),
  );
  const updatedAt = deps.now().toISOString();
  const progress: WorkloadProgress[] = results
    .filter((r) => r.outcome === 'restored' || r.outcome === 'unchanged')
    .map((r) => ({
      ref: r.ref,
      phase: 'restored',
      ready: 0,
      desired: 0,
      message: 'restored from the saved original',
      updatedAt,
    }));
  await deps.store.saveProgress(input.instanceId, progress);
  return results;
}
