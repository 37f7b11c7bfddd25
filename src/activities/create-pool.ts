/**
 * createPool (DESIGN step 1): PUTs the new pool with the plan's spec and this run's ownership tags.
 * A pool of that name that already exists is adopted only when its tags name this run and its planned
 * fields match (a retried or resumed run); anything else, a pool an earlier run of the same pool left
 * included, stops the run, untouched.
 */
import { WinshiftError } from '../domain/errors.js';
import { decideExistingPool, withOwnershipTags } from '../domain/pool-spec.js';
import type { CreatePoolOutput, PlanRef } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';

export type CreatePoolDeps = Pick<ActivityDeps, 'aks' | 'store' | 'log'>;

export async function createPool(deps: CreatePoolDeps, input: PlanRef): Promise<CreatePoolOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  const cluster = plan.cluster.resourceId;
  const pool = plan.target.poolName;
  const spec = withOwnershipTags(plan.target.spec, input, input.planHash);
  const fields = { step: 'createPool', instanceId: input.instanceId, cluster, pool };
  const existing = await deps.aks.getPool(cluster, pool);
  if (existing !== undefined) {
    const decision = decideExistingPool(spec, existing.spec, input);
    if (decision.action === 'conflict')
      throw new WinshiftError(decision.code, `pool ${pool}: ${decision.reason}`);
    deps.log.info('adopted the existing pool of this run', { ...fields, outcome: 'adopted' });
    return { outcome: 'adopted' };
  }
  await deps.aks.beginCreatePool(cluster, pool, spec);
  deps.log.info('pool creation accepted', { ...fields, outcome: 'created' });
  return { outcome: 'created' };
}
