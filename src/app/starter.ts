/**
 * The UpgradeStarter of the fleet scan and the AKS events: the one start path (DESIGN section 3:
 * validated alike, one 409). Automatic starts send only the pool; every option takes its default, so
 * the old pool is deleted only after someone approves.
 */
import type { UpgradeStarter } from '../ports/fleet.js';
import type { AppDeps } from './deps.js';
import { startUpgrade } from './start-upgrade.js';

export function upgradeStarter(
  deps: Pick<AppDeps, 'client' | 'store' | 'settings' | 'now'>,
): UpgradeStarter {
  return {
    start: async (target, startedBy) => {
      const body = { clusterResourceId: target.clusterResourceId, poolName: target.poolName };
      const result = await startUpgrade(deps, body, startedBy);
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
