/**
 * The UpgradeStarter of the fleet scan and the AKS event handler: the HTTP API's `startUpgrade`
 * (DESIGN section 3: one start path, validated alike, one 409), given the invocation's Durable
 * client. Automatic starts send only the pool; every option takes the API's default, so the old
 * pool is deleted only after someone approves.
 */
import { durableOrchestrationClient } from '../api/client.js';
import type { ApiDeps } from '../api/deps.js';
import { startUpgrade } from '../api/start-upgrade.js';
import type { UpgradeStarter } from '../ports/fleet.js';

export type DurableClientLike = Parameters<typeof durableOrchestrationClient>[0];

export function upgradeStarter(
  client: DurableClientLike,
  deps: Pick<ApiDeps, 'store' | 'config' | 'now'>,
): UpgradeStarter {
  const api = { ...deps, client: durableOrchestrationClient(client) };
  return {
    start: async (target, startedBy) => {
      const body = { clusterResourceId: target.clusterResourceId, poolName: target.poolName };
      const result = await startUpgrade(api, body, startedBy);
      switch (result.outcome) {
        case 'started':
        case 'running':
          return { outcome: result.outcome, instanceId: result.instanceId };
        case 'refused':
          return { outcome: 'refused', code: result.code, message: result.message };
      }
    },
  };
}
