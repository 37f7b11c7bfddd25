/**
 * getPoolStatus: ARM's provisioning state and how many of the pool's nodes are Ready. The
 * orchestrator polls it with durable timers, owns the timeout and stops at once on a Failed pool
 * (an expected outcome, returned as a value), with AKS's reason when the pool carries one.
 */
import { errorDetailText, type AzureErrorDetail } from '../domain/azure-errors.js';
import type { PoolStatus, PoolStatusInput } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { listPoolNodes, poolName } from './shared/pools.js';

export type PoolStatusDeps = Pick<ActivityDeps, 'aks' | 'kubernetes' | 'store'>;

const asCount = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/** AKS's error as the contract's failure (a code is required: AKS always sends one). */
function reasonOf(error: AzureErrorDetail): { code: string; message: string } {
  return { code: error.code === '' ? 'Unknown' : error.code, message: errorDetailText(error) };
}

export async function getPoolStatus(
  deps: PoolStatusDeps,
  input: PoolStatusInput,
): Promise<PoolStatus> {
  const plan = await loadCheckedPlan(deps.store, input);
  const name = poolName(plan, input.pool);
  // AKS reports `count` as the pool's current size (also under autoscaling); the plan's is the fallback.
  const plannedCount = asCount(plan.target.spec['count']) ?? asCount(plan.target.spec['minCount']);
  const pool = await deps.aks.getPool(plan.cluster.resourceId, name);
  if (pool === undefined) return { exists: false, nodesReady: 0, nodesExpected: plannedCount ?? 0 };
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const nodes = await listPoolNodes(kube, name);
  const error = pool.provisioningError;
  return {
    exists: true,
    provisioningState: pool.provisioningState,
    nodesReady: nodes.filter((n) => n.ready).length,
    nodesExpected: asCount(pool.spec['count']) ?? plannedCount ?? nodes.length,
    ...(error ? { provisioningError: reasonOf(error) } : {}),
  };
}
