/**
 * Starting the fleet scan from the timer: one instance id (`fleet-scan`), so a scan still running
 * when the timer fires again is left alone rather than started twice.
 */
import type { Config } from '../config.js';
import { FLEET_SCAN_INSTANCE_ID, type FleetScanInput } from './contracts.js';

/** The part of the Durable client the starter uses (a typed fake in tests). */
export interface ScanClient {
  getStatus(instanceId: string): Promise<{ runtimeStatus?: string } | undefined>;
  startNew(name: string, options: { instanceId: string; input: unknown }): Promise<string>;
}

const ACTIVE = new Set(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);

export function scanInputOf(config: Config): FleetScanInput {
  return {
    subscriptions: config.subscriptions,
    concurrency: config.scanConcurrency,
    policy: config.autoUpgrade,
    windowDays: config.retirementWindowDays,
  };
}

export type ScanStart = 'started' | 'alreadyRunning';

export async function startFleetScan(
  client: ScanClient,
  orchestrator: string,
  input: FleetScanInput,
): Promise<ScanStart> {
  const status = await client.getStatus(FLEET_SCAN_INSTANCE_ID).catch(() => undefined);
  if (status?.runtimeStatus !== undefined && ACTIVE.has(status.runtimeStatus))
    return 'alreadyRunning';
  try {
    await client.startNew(orchestrator, { instanceId: FLEET_SCAN_INSTANCE_ID, input });
    return 'started';
  } catch (error) {
    // Two timers racing (scale-out): the host refuses a running id (NonRunningStates).
    const again = await client.getStatus(FLEET_SCAN_INSTANCE_ID).catch(() => undefined);
    if (again?.runtimeStatus !== undefined && ACTIVE.has(again.runtimeStatus))
      return 'alreadyRunning';
    throw error;
  }
}
