/**
 * The fleetScan activities bound to their ports: scan one subscription, publish the report, start
 * upgrades. Inputs are checked for the fields each relies on; failures keep their `[CODE]`.
 */
import { errorCodeOf } from '../domain/errors.js';
import { inputOf, type ActivityHandler } from '../activities/shared/input.js';
import type { FleetReportStore, UpgradeStarter } from '../ports/fleet.js';
import {
  FLEET_ACTIVITY,
  type PublishReportInput,
  type ScanSubscriptionInput,
  type StartUpgradesInput,
  type StartedUpgrade,
} from './contracts.js';
import { scanSubscription, type ScanDeps } from './scan-subscription.js';

export interface FleetDeps extends ScanDeps {
  readonly fleetStore: FleetReportStore;
  readonly starter: UpgradeStarter;
}

type Handler = ActivityHandler;

/** Starts one after another: each start reads the instance status first, and order keeps logs legible. */
export async function startUpgrades(
  deps: Pick<FleetDeps, 'starter' | 'log'>,
  input: StartUpgradesInput,
): Promise<StartedUpgrade[]> {
  const out: StartedUpgrade[] = [];
  for (const target of input.targets) {
    const result = await deps.starter.start(target, input.startedBy).catch((error: unknown) => {
      const code = errorCodeOf(error);
      // A transient failure fails the call (the orchestrator retries the group; starts are idempotent).
      if (code === 'TRANSIENT') throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { outcome: 'refused' as const, code, message };
    });
    deps.log.info(`auto-upgrade ${result.outcome}`, {
      step: 'autoUpgrade',
      instanceId: 'instanceId' in result ? result.instanceId : '',
      cluster: target.clusterResourceId,
      pool: target.poolName,
      outcome: result.outcome,
      ...('code' in result ? { code: result.code } : {}),
    });
    out.push({ target, result });
  }
  return out;
}

export function createFleetActivities(deps: FleetDeps): Record<string, Handler> {
  return {
    [FLEET_ACTIVITY.scanSubscription]: (input) =>
      scanSubscription(
        deps,
        inputOf<ScanSubscriptionInput>(FLEET_ACTIVITY.scanSubscription, input, [
          'scanId',
          'subscriptionId',
          'policy',
        ]),
      ),
    [FLEET_ACTIVITY.publishReport]: (input) =>
      deps.fleetStore.publish(
        inputOf<PublishReportInput>(FLEET_ACTIVITY.publishReport, input, [
          'scanId',
          'subscriptions',
        ]),
      ),
    [FLEET_ACTIVITY.startUpgrades]: (input) =>
      startUpgrades(
        deps,
        inputOf<StartUpgradesInput>(FLEET_ACTIVITY.startUpgrades, input, ['targets', 'startedBy']),
      ),
  };
}
