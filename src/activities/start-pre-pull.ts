/**
 * startPrePull: creates (or replaces, idempotently) the pre-pull DaemonSets on the new pool, and says
 * which of them each planned workload waits for.
 */
import type { PlanRef, PrePullStarted } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import {
  distinctImages,
  newPoolImagesByWorkload,
  prePullSpecs,
  prePullStatus,
  pullerImages,
  pullerNeeds,
} from './shared/pre-pull.js';

export type PrePullDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'log'>;

export async function startPrePull(deps: PrePullDeps, input: PlanRef): Promise<PrePullStarted> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const byWorkload = await newPoolImagesByWorkload(kube, plan);
  const images = distinctImages(byWorkload);
  const groups = pullerImages(images);
  const specs = prePullSpecs(plan, input.planHash, groups);
  await Promise.all(specs.map((spec) => kube.applyDaemonSet(spec)));
  deps.log.info(`pre-pull started: ${specs.length} pullers per node`, {
    step: 'startPrePull',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool: plan.target.poolName,
    count: images.length,
  });
  return { ...(await prePullStatus(kube, plan)), needs: pullerNeeds(plan, byWorkload, groups) };
}
