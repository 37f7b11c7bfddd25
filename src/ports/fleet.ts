/**
 * What the fleet scan and the AKS event handler need beyond the Azure ports: the kept fleet report,
 * a log of AKS node-pool events noted against upgrades, and the one way to start an upgrade.
 */
import type { FleetEntry, FleetSummary } from '../domain/fleet-report.js';
import type { StartedBy } from '../domain/upgrade-state.js';

export type { FleetEntry, FleetSummary };

/** How one subscription's scan went (a failed one keeps the report going with an error). */
export interface SubscriptionScan {
  readonly subscriptionId: string;
  readonly clusters: number;
  readonly windowsPools: number;
  readonly armRequests: number;
  readonly throttled: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The report header a scan publishes once every subscription has been scanned. */
export interface FleetReportHeader {
  readonly scanId: string;
  readonly startedAt: string;
  readonly completedAt: string;
  readonly windowDays: number;
  readonly subscriptions: readonly SubscriptionScan[];
}

export interface FleetReport extends FleetReportHeader {
  /** Computed from the entries when read, so event updates keep it true. */
  readonly summary: FleetSummary;
  /** Sorted by deadline (soonest first), then cluster and pool. */
  readonly entries: readonly FleetEntry[];
  /** Last time an AKS event refreshed a cluster's entries, if one did. */
  readonly updatedAt?: string;
}

export interface FleetReportStore {
  /** Entries of a scan in progress (upserts; a retried subscription writes the same rows). */
  saveEntries(scanId: string, entries: readonly FleetEntry[]): Promise<void>;
  /** Makes the scan the latest report; older scans' rows are removed afterwards. */
  publish(header: FleetReportHeader): Promise<void>;
  latest(): Promise<FleetReport | undefined>;
  /**
   * Replaces one cluster's entries in the latest report (an AKS event rescanned it). Returns false
   * when there is no report yet: the next scan will include the cluster anyway.
   */
  replaceClusterEntries(
    clusterResourceId: string,
    entries: readonly FleetEntry[],
    at: string,
  ): Promise<boolean>;
}

/** An AKS node-pool event (NodePoolRolling*) noted against a winshift upgrade of that pool. */
export interface PoolEventNote {
  readonly instanceId: string;
  /** The Event Grid event id: a redelivered event overwrites its own note. */
  readonly eventId: string;
  readonly eventType: string;
  readonly clusterResourceId: string;
  readonly poolName: string;
  readonly eventTime: string;
  readonly receivedAt: string;
}

export interface PoolEventLog {
  record(note: PoolEventNote): Promise<void>;
  /** The notes of one upgrade, oldest first. */
  list(instanceId: string): Promise<readonly PoolEventNote[]>;
}

/** What a start attempt came to. `running` is the 409 of a pool already being upgraded: fine here. */
export type StartResult =
  | { readonly outcome: 'started'; readonly instanceId: string }
  | { readonly outcome: 'running'; readonly instanceId: string }
  | { readonly outcome: 'refused'; readonly code: string; readonly message: string };

/**
 * The one start path (DESIGN section 3: HTTP, timer and Event Grid starts alike), as the fleet scan
 * and the event handler see it; bound to the HTTP API's `startUpgrade` in functions/.
 */
export interface UpgradeStarter {
  start(
    target: { readonly clusterResourceId: string; readonly poolName: string },
    startedBy: Extract<StartedBy, 'fleetScan' | 'eventGrid'>,
  ): Promise<StartResult>;
}
