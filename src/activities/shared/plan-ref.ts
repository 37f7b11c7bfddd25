/**
 * Every activity after planning acts on the stored plan named by the orchestrator's hash: a plan that
 * was replaced or lost in between must stop the run rather than be half-executed.
 */
import { WinshiftError } from '../../domain/errors.js';
import { planHash, type Plan, type PlannedWorkload } from '../../domain/plan.js';
import type { WorkloadRef } from '../../ports/kubernetes.js';
import type { UpgradeStore } from '../../ports/store.js';
import type { PlanRef } from '../../workflow/contracts/index.js';
import { sameWorkload, workloadKey } from '../../domain/workload-ref.js';

export async function loadCheckedPlan(store: UpgradeStore, ref: PlanRef): Promise<Plan> {
  const plan = await store.loadPlan(ref.instanceId);
  if (plan === undefined)
    throw new WinshiftError('PLAN_CHANGED', `no plan is stored for instance ${ref.instanceId}`);
  const hash = planHash(plan);
  if (hash !== ref.planHash) {
    throw new WinshiftError(
      'PLAN_CHANGED',
      `the stored plan of ${ref.instanceId} has hash ${hash}, the orchestrator holds ${ref.planHash}`,
    );
  }
  return plan;
}

/** The plan's entry for a workload the orchestrator names; an unplanned one is refused. */
export function plannedWorkload(plan: Plan, ref: WorkloadRef): PlannedWorkload {
  const planned = plan.workloads.find((w) => sameWorkload(w, ref));
  if (planned === undefined)
    throw new WinshiftError('INVALID_INPUT', `${workloadKey(ref)} is not in the plan`);
  return planned;
}

/** `subscriptionId` segment of an ARM resource id. */
export function subscriptionOf(resourceId: string): string {
  const match = /^\/subscriptions\/([^/]+)/i.exec(resourceId);
  if (!match?.[1])
    throw new WinshiftError('INVALID_INPUT', `not an ARM resource id: ${resourceId}`);
  return match[1];
}
