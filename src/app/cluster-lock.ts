/**
 * One run per cluster (issue 12, item 11): a start takes the cluster's lease before it writes or
 * starts anything. The lease is held while its holder runs; a holder that has ended holds nothing,
 * so a crash or a finished run never leaves a cluster locked. Two starts racing for one cluster:
 * only one take succeeds.
 */
import { isActive } from '../domain/runtime-status.js';
import type { AppDeps } from './deps.js';
import { refusal, type Refused } from './refusal.js';

export async function takeCluster(
  deps: Pick<AppDeps, 'locks' | 'client'>,
  clusterResourceId: string,
  holder: { readonly instanceId: string; readonly poolName: string },
): Promise<Refused | undefined> {
  const lease = await deps.locks.read(clusterResourceId);
  if (lease !== undefined && lease.holder !== holder.instanceId) {
    const running = await deps.client.getStatus(lease.holder);
    if (running !== undefined && isActive(running.runtimeStatus)) return busy(lease);
  }
  if (await deps.locks.take(clusterResourceId, holder, lease)) return undefined;
  const now = await deps.locks.read(clusterResourceId);
  return busy(now ?? { holder: 'another start', poolName: 'another pool' });
}

function busy(lease: { readonly holder: string; readonly poolName: string }): Refused {
  return refusal('clusterBusy', 'CLUSTER_BUSY', [
    {
      path: 'clusterResourceId',
      message: `the cluster is being upgraded by ${lease.holder} (pool ${lease.poolName}); one upgrade per cluster at a time: start this one when it has ended`,
    },
  ]);
}
