/**
 * cordonPool: marks a pool's nodes (un)schedulable. DESIGN step 6 cordons the old pool; a rollback
 * uncordons it (`unschedulable: false`), and may cordon the new pool first (`pool: 'target'`) so no
 * pod of the restored, old-image templates lands there. Only this run's cordons are undone: a cordon
 * is recorded per run and pool before it is written, and an uncordon touches only recorded nodes, so
 * a node an operator cordoned stays cordoned. Only nodes not already in the wanted state are written.
 */
import type { CordonInput, CordonOutput } from '../workflow/contracts/index.js';
import { cordonNodes, uncordonNodes } from './shared/cordon.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { listPoolNodes, poolName } from './shared/pools.js';

export type CordonPoolDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'log'>;

export async function cordonPool(deps: CordonPoolDeps, input: CordonInput): Promise<CordonOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const pool = poolName(plan, input.pool);
  const nodes = await listPoolNodes(kube, pool);
  const cordon = { kube, store: deps.store, runId: input.runId, pool };
  const changed = input.unschedulable
    ? await cordonNodes(cordon, nodes)
    : await uncordonNodes(cordon, nodes);
  deps.log.info(`${input.pool === 'source' ? 'old' : 'new'} pool ${verb(input.unschedulable)}`, {
    step: 'cordonPool',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool,
    count: changed,
  });
  return { nodes: nodes.length, changed };
}

const verb = (unschedulable: boolean): string => (unschedulable ? 'cordoned' : 'uncordoned');
