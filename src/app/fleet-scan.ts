/**
 * Starting the fleet scan (the timer's job): one instance id (`fleet-scan`), so a scan still running
 * when the timer fires again is left alone rather than started twice. The input carries every setting
 * the scan applies, so the orchestrator reads none.
 */
import { isActive } from '../domain/runtime-status.js';
import {
  FLEET_SCAN_INSTANCE_ID,
  ORCHESTRATOR,
  type FleetScanInput,
} from '../workflow/contracts/index.js';
import type { AppDeps, AppSettings } from './deps.js';

export function scanInputOf(settings: AppSettings): FleetScanInput {
  return {
    subscriptions: settings.subscriptions,
    concurrency: settings.scanConcurrency,
    policy: settings.autoUpgrade,
    windowDays: settings.retirementWindowDays,
  };
}

export type ScanStart = 'started' | 'alreadyRunning';

export async function startFleetScan(
  deps: Pick<AppDeps, 'client' | 'settings'>,
): Promise<ScanStart> {
  const { client } = deps;
  const running = async (): Promise<boolean> =>
    isActive(
      (await client.getStatus(FLEET_SCAN_INSTANCE_ID).catch(() => undefined))?.runtimeStatus,
    );
  if (await running()) return 'alreadyRunning';
  const input = scanInputOf(deps.settings);
  // Two timers racing (scale-out): the host refuses a running id (NonRunningStates).
  const started = await client.startNew(ORCHESTRATOR.fleetScan, FLEET_SCAN_INSTANCE_ID, input);
  return started === 'running' ? 'alreadyRunning' : 'started';
}
