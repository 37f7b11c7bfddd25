/** startPrePull: creates (or replaces, idempotently) the pre-pull DaemonSets on the new pool. */
import type { PlanRef, PrePullStatus } from '../workflow/contracts.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { imagesForNewPool, prePullSpecs, prePullStatus } from './shared/pre-pull.js';

export type PrePullDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'log'>;

export async function startPrePull(deps: PrePullDeps, input: PlanRef): Promise<PrePullStatus> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const images = await imagesForNewPool(kube, plan);
  const specs = prePullSpecs(plan, input.planHash, images);
  await Promise.all(specs.map((spec) => kube.applyDaemonSet(spec)));
  deps.log.info(`pre-pull started: ${specs.length} pullers per node`, {
    step: 'startPrePull',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool: plan.target.poolName,
    count: images.length,
  });
  return prePullStatus(kube, plan);
}
