/** getPrePullStatus: how many of the new pool's nodes have pulled every image. */
import type { PlanRef, PrePullStatus } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { prePullStatus } from './shared/pre-pull.js';

export type PrePullStatusDeps = Pick<ActivityDeps, 'kubernetes' | 'store'>;

export async function getPrePullStatus(
  deps: PrePullStatusDeps,
  input: PlanRef,
): Promise<PrePullStatus> {
  const plan = await loadCheckedPlan(deps.store, input);
  return prePullStatus(await deps.kubernetes.connect(plan.cluster.resourceId), plan);
}
