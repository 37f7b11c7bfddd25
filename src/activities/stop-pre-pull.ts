/**
 * stopPrePull: deletes the pre-pull DaemonSets (already gone counts as deleted). The pulled images
 * stay in the nodes' caches, which is the point.
 */
import type { PlanRef } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { allPullerRefs } from './shared/pre-pull.js';

export type StopPrePullDeps = Pick<ActivityDeps, 'kubernetes' | 'store'>;

export async function stopPrePull(deps: StopPrePullDeps, input: PlanRef): Promise<void> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  // Every possible puller, not the ones the images give now: a workload changed since the start
  // must not leave a puller behind.
  await Promise.all(
    allPullerRefs(plan).map((ref) => kube.deleteDaemonSet(ref.namespace, ref.name)),
  );
}
