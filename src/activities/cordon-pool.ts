/**
 * cordonPool (DESIGN step 6, and the first step of a rollback with `unschedulable: false`): marks the
 * old pool's nodes (un)schedulable. Only nodes not already in that state are written.
 */
import type { CordonInput, CordonOutput } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { listPoolNodes } from './shared/pools.js';

export type CordonPoolDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'log'>;

export async function cordonPool(deps: CordonPoolDeps, input: CordonInput): Promise<CordonOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const nodes = await listPoolNodes(kube, plan.sourcePool.name);
  const toChange = nodes.filter((n) => n.unschedulable !== input.unschedulable);
  for (const node of toChange) await kube.setUnschedulable(node.name, input.unschedulable);
  deps.log.info(input.unschedulable ? 'old pool cordoned' : 'old pool uncordoned', {
    step: 'cordonPool',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool: plan.sourcePool.name,
    count: toChange.length,
  });
  return { nodes: nodes.length };
}
