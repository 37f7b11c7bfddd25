/**
 * The fleetScan activities bound to their ports: scan one subscription, publish the report, start
 * upgrades, each bound to its contract (src/workflow/contracts/fleet.ts); failures keep their `[CODE]`.
 */
import { errorCodeOf } from '../../domain/errors.js';
import { bindActivity } from '../shared/bind.js';
import type { FleetReportStore, UpgradeStarter } from '../../ports/fleet.js';
import type { LifecyclePublisher } from '../../ports/lifecycle-events.js';
import { publishReport } from './publish-report.js';
import {
  FLEET_ACTIVITY,
  FLEET_ACTIVITY_CONTRACTS as C,
  type FleetActivityName,
  type StartUpgradesInput,
  type StartedUpgrade,
} from '../../workflow/contracts/index.js';
import { scanSubscription, type ScanDeps } from './scan-subscription.js';

/**
 * `Client` is the invocation's Durable client: starting upgrades needs the one the host hands the
 * invocation, so the starter is made per call from it; everything else is built once.
 */
export interface FleetDeps<Client = unknown> extends ScanDeps {
  readonly fleetStore: FleetReportStore;
  readonly starter: (client: Client) => UpgradeStarter;
  /** `io.winshift.fleet.scanned` after each report; absent or disabled: off. */
  readonly events?: LifecyclePublisher;
}

export type FleetActivityHandler<Client = unknown> = (
  input: unknown,
  client: Client,
) => Promise<unknown>;

/** Starts one after another: each start reads the instance status first, and order keeps logs legible. */
export async function startUpgrades(
  deps: { readonly starter: UpgradeStarter; readonly log: FleetDeps['log'] },
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

export function createFleetActivities<Client>(
  deps: FleetDeps<Client>,
): Record<FleetActivityName, FleetActivityHandler<Client>> {
  const { log } = deps;
  const A = FLEET_ACTIVITY;
  const scan = bindActivity(log, A.scanSubscription, C[A.scanSubscription], (i) =>
    scanSubscription(deps, i),
  );
  const publish = bindActivity(log, A.publishReport, C[A.publishReport], (i) =>
    publishReport(deps, i),
  );
  return {
    [A.scanSubscription]: (input) => scan(input),
    [A.publishReport]: (input) => publish(input),
    [A.startUpgrades]: (input, client) =>
      bindActivity(log, A.startUpgrades, C[A.startUpgrades], (i) =>
        startUpgrades({ starter: deps.starter(client), log }, i),
      )(input),
  };
}
