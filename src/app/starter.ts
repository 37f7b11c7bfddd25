/**
 * The UpgradeStarter of the fleet scan and the AKS events: the one start path (DESIGN section 3:
 * validated and checked alike, one 409). Automatic starts send only the pool; every option takes its
 * default, so the old pool is deleted only after someone approves. They are refused what an HTTP
 * start is refused, and also a pool whose last run ended Failed or Terminated.
 */
import { WinshiftError } from '../domain/errors.js';
import type { UpgradeStarter } from '../ports/fleet.js';
import { startUpgrade, type StartDeps } from './start-upgrade.js';

export function upgradeStarter(deps: StartDeps): UpgradeStarter {
  return {
    start: async (target, startedBy) => {
      const body = { clusterResourceId: target.clusterResourceId, poolName: target.poolName };
      const result = await startUpgrade(deps, body, startedBy);
      switch (result.outcome) {
        case 'started':
        case 'running':
          return { outcome: result.outcome, instanceId: result.instanceId };
        case 'refused':
          // ARM did not answer the cluster read: a failure to retry (the fleet scan retries its
          // group, Event Grid redelivers), not an answer about the pool.
          if (result.reason === 'azureUnavailable')
            throw new WinshiftError('TRANSIENT', result.message);
          return { outcome: 'refused', code: result.code, message: result.message };
      }
    },
  };
}
