/**
 * deletePool: the old pool after approval (DESIGN step 9), or on rollback the new pool, and that one
 * only when its ownership tags name this run (a pool an earlier run of the same pool left is
 * `notOwned`). A pool already gone is `gone`; repeating while
 * ARM deletes it is `deleting` again, with no second DELETE.
 */
import { WinshiftError } from '../domain/errors.js';
import { ownedBy } from '../domain/pool-spec.js';
import type { DeletePoolInput, DeletePoolOutput } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { poolName } from './shared/pools.js';

export type DeletePoolDeps = Pick<ActivityDeps, 'aks' | 'store' | 'log'>;

export async function deletePool(
  deps: DeletePoolDeps,
  input: DeletePoolInput,
): Promise<DeletePoolOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  const cluster = plan.cluster.resourceId;
  const name = poolName(plan, input.pool);
  const fields = { step: 'deletePool', instanceId: input.instanceId, cluster, pool: name };
  const pool = await deps.aks.getPool(cluster, name);
  if (pool === undefined) return { outcome: 'gone' };
  const ours = ownedBy(pool.spec, input);
  if (input.pool === 'target' && !ours) {
    deps.log.warn('new pool not deleted: its tags do not name this run', {
      ...fields,
      outcome: 'notOwned',
    });
    return { outcome: 'notOwned' };
  }
  // The old pool carrying this run's tags means the names got crossed: never delete the new pool.
  if (input.pool === 'source' && ours)
    throw new WinshiftError(
      'POOL_NOT_OWNED',
      `pool ${name} is the pool this run created, not the old one`,
    );
  if (pool.provisioningState !== 'Deleting') await deps.aks.beginDeletePool(cluster, name);
  deps.log.info('pool deletion accepted', { ...fields, outcome: 'deleting' });
  return { outcome: 'deleting' };
}
