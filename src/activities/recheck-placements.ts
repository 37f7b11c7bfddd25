/**
 * recheckPlacements (DESIGN step 9, before the point of no return): reads each moved workload's live
 * template again and says where its pods can land now (domain/placement-recheck.ts). Reads only.
 */
import { recheckPlacement } from '../domain/placement-recheck.js';
import type { PlacementRecheck, WorkloadBatchInput } from '../workflow/contracts/index.js';
import { mapLimit, WORKLOAD_CONCURRENCY } from './shared/concurrency.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';

export type RecheckPlacementsDeps = Pick<ActivityDeps, 'kubernetes' | 'store'>;

export async function recheckPlacements(
  deps: RecheckPlacementsDeps,
  input: WorkloadBatchInput,
): Promise<PlacementRecheck[]> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const runtimeClasses = await kube.listRuntimeClasses();
  return mapLimit(input.workloads, WORKLOAD_CONCURRENCY, async (ref) => {
    const workload = await kube.getWorkload(ref);
    if (workload === undefined) return { ref, verdict: 'missing', reasons: [] };
    return { ref, ...recheckPlacement(workload, plan, runtimeClasses) };
  });
}
