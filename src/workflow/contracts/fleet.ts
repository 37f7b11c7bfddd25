/**
 * The fleetScan orchestration's contract: its input (built by the timer from the configuration, so
 * the orchestrator reads no settings), its output, and its activities' inputs and outputs.
 */
import { z } from 'zod';
import { AUTO_UPGRADE_POLICIES } from '../../domain/auto-upgrade.js';
import { FLEET_ACTIVITY, type FleetActivityName } from './names.js';
import { failure, list, retryPolicy } from './shapes.js';

export const upgradeTarget = z.object({
  clusterResourceId: z.string().min(1),
  poolName: z.string().min(1),
});

export const fleetScanInput = z.object({
  subscriptions: list(z.string()),
  /** Subscriptions scanned at once (WINSHIFT_SCAN_CONCURRENCY). */
  concurrency: z.int().min(1),
  policy: z.enum(AUTO_UPGRADE_POLICIES),
  windowDays: z.int().nonnegative(),
  /** Transient failures of an activity (ARM 429/5xx after the SDK's own retries). */
  retry: retryPolicy.optional(),
});

/** How one subscription's scan went (a failed one keeps the report going with an error). */
export const subscriptionScan = z.object({
  subscriptionId: z.string(),
  clusters: z.int().nonnegative(),
  windowsPools: z.int().nonnegative(),
  armRequests: z.int().nonnegative(),
  throttled: z.int().nonnegative(),
  error: failure.optional(),
});

export const scanSubscriptionInput = z.object({
  scanId: z.string().min(1),
  subscriptionId: z.string().min(1),
  policy: z.enum(AUTO_UPGRADE_POLICIES),
});
export const scanSubscriptionOutput = subscriptionScan.extend({
  /** Pools the policy wants upgraded (empty when the policy is off). */
  candidates: list(upgradeTarget),
});

/** The report header a scan publishes once every subscription has been scanned. */
export const fleetReportHeader = z.object({
  scanId: z.string().min(1),
  startedAt: z.string(),
  completedAt: z.string(),
  windowDays: z.int().nonnegative(),
  subscriptions: list(subscriptionScan),
});

export const startResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('started'), instanceId: z.string() }),
  z.object({ outcome: z.literal('running'), instanceId: z.string() }),
  z.object({ outcome: z.literal('refused'), code: z.string(), message: z.string() }),
]);

export const startUpgradesInput = z.object({
  targets: list(upgradeTarget),
  startedBy: z.enum(['fleetScan', 'eventGrid']),
});
export const startedUpgrade = z.object({ target: upgradeTarget, result: startResult });

export const fleetScanOutput = z.object({
  scanId: z.string(),
  subscriptions: list(subscriptionScan),
  windowsPools: z.int().nonnegative(),
  upgrades: list(startedUpgrade),
});

export const FLEET_ACTIVITY_CONTRACTS = {
  [FLEET_ACTIVITY.scanSubscription]: {
    input: scanSubscriptionInput,
    output: scanSubscriptionOutput,
  },
  [FLEET_ACTIVITY.publishReport]: { input: fleetReportHeader, output: z.unknown() },
  [FLEET_ACTIVITY.startUpgrades]: { input: startUpgradesInput, output: list(startedUpgrade) },
} as const satisfies Record<FleetActivityName, { input: z.ZodType; output: z.ZodType }>;

export type UpgradeTarget = z.output<typeof upgradeTarget>;
export type FleetScanInput = z.output<typeof fleetScanInput>;
export type SubscriptionScan = z.output<typeof subscriptionScan>;
export type ScanSubscriptionInput = z.output<typeof scanSubscriptionInput>;
export type ScanSubscriptionOutput = z.output<typeof scanSubscriptionOutput>;
export type FleetReportHeader = z.output<typeof fleetReportHeader>;
export type StartResult = z.output<typeof startResult>;
export type StartUpgradesInput = z.output<typeof startUpgradesInput>;
export type StartedUpgrade = z.output<typeof startedUpgrade>;
export type FleetScanOutput = z.output<typeof fleetScanOutput>;
