/**
 * The fleetScan orchestration's contract: its input (built by the timer from the configuration, so
 * the orchestrator reads no settings) and its activities' names, inputs and outputs (plain JSON).
 */
import type { AutoUpgradePolicy } from '../config.js';
import type { FleetReportHeader, StartResult, SubscriptionScan } from '../ports/fleet.js';
import type { RetryPolicy } from '../workflow/contracts.js';
import type { UpgradeTarget } from './policy.js';

export const FLEET_ACTIVITY = {
  scanSubscription: 'scanFleetSubscription',
  publishReport: 'publishFleetReport',
  startUpgrades: 'startFleetUpgrades',
} as const;

/** The fixed instance id: a scan still running is not started a second time. */
export const FLEET_SCAN_INSTANCE_ID = 'fleet-scan';

export interface FleetScanInput {
  readonly subscriptions: readonly string[];
  /** Subscriptions scanned at once (WINSHIFT_SCAN_CONCURRENCY). */
  readonly concurrency: number;
  readonly policy: AutoUpgradePolicy;
  readonly windowDays: number;
  /** Transient failures of an activity (ARM 429/5xx after the SDK's own retries). */
  readonly retry?: RetryPolicy;
}

export interface ScanSubscriptionInput {
  readonly scanId: string;
  readonly subscriptionId: string;
  readonly policy: AutoUpgradePolicy;
}

export interface ScanSubscriptionOutput extends SubscriptionScan {
  /** Pools the policy wants upgraded (empty when the policy is off). */
  readonly candidates: readonly UpgradeTarget[];
}

export type PublishReportInput = FleetReportHeader;

export interface StartUpgradesInput {
  readonly targets: readonly UpgradeTarget[];
  readonly startedBy: 'fleetScan' | 'eventGrid';
}

export interface StartedUpgrade {
  readonly target: UpgradeTarget;
  readonly result: StartResult;
}

export interface FleetScanOutput {
  readonly scanId: string;
  readonly subscriptions: readonly SubscriptionScan[];
  readonly windowsPools: number;
  readonly upgrades: readonly StartedUpgrade[];
}

export const DEFAULT_SCAN_RETRY: RetryPolicy = {
  firstRetryIntervalInMilliseconds: 5_000,
  backoffCoefficient: 2,
  maxNumberOfAttempts: 4,
  maxRetryIntervalInMilliseconds: 60_000,
};
