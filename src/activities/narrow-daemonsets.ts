/**
 * narrowDaemonSets (after the drain): every planned DaemonSet goes from both pools to the new pool
 * only, with its original update strategy back. Computed from the saved original, so it is right
 * whether or not the widening happened; a DaemonSet already narrowed is `unchanged`.
 */
import type { WorkloadRef } from '../ports/kubernetes.js';
import type { PlanRef, WorkloadPatchResult } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { narrowPatch } from './shared/desired-patches.js';
import { assertNotProtected } from './shared/guards.js';
import { loadCheckedPlan, plannedWorkload } from './shared/plan-ref.js';
import { ensureOriginal } from './shared/workload-original.js';
import { ensurePatched } from './shared/workload-patch.js';
import { workloadKey } from '../domain/workload-ref.js';

export type NarrowDaemonSetsDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'now' | 'log'>;

/** `workloads` narrows a batch; without it every DaemonSet of the plan. */
export interface NarrowInput extends PlanRef {
  readonly workloads?: readonly WorkloadRef[];
}

export async function narrowDaemonSets(
  deps: NarrowDaemonSetsDeps,
  input: NarrowInput,
): Promise<WorkloadPatchResult[]> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const refs = (input.workloads ?? plan.workloads).filter((w) => w.kind === 'DaemonSet');
  const results: WorkloadPatchResult[] = [];
  for (const r of refs) {
    const ref: WorkloadRef = { kind: r.kind, namespace: r.namespace, name: r.name };
    const planned = plannedWorkload(plan, ref);
    const workload = await kube.getWorkload(ref);
    if (workload === undefined) {
      results.push({ ref, outcome: 'missing' });
      continue;
    }
    assertNotProtected(workload);
    const original = await ensureOriginal(deps.store, input.runId, workload, deps.now());
    const patch = narrowPatch(plan, planned, original, input);
    const unchanged = !(await ensurePatched(kube, workload, patch));
    const outcome = unchanged ? 'unchanged' : 'patched';
    deps.log.info(`daemon set narrowed: ${outcome}`, {
      step: 'narrowDaemonSets',
      instanceId: input.instanceId,
      cluster: plan.cluster.resourceId,
      workload: workloadKey(ref),
      outcome,
    });
    results.push({ ref, outcome });
  }
  return results;
}
