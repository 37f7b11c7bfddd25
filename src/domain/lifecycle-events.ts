/**
 * winshift's lifecycle events (CloudEvents 1.0, published to an Event Grid custom topic): one per
 * transition of an upgrade run, and one per fleet scan. The event id is derived from the run and the
 * transition, so a retried activity sends the same id again and a consumer that dedupes by id sees
 * each transition once (docs/adr/0014).
 */
import type { Actor } from './identity.js';
import type { UpgradeState } from './upgrade-state.js';

export const UPGRADE_TRANSITIONS = [
  'planned',
  'started',
  'awaitingApproval',
  'approved',
  'completed',
  'rolledBack',
  'failed',
  'blocked',
] as const;
export type UpgradeTransition = (typeof UPGRADE_TRANSITIONS)[number];

export const UPGRADE_EVENT_PREFIX = 'io.winshift.upgrade.';
export const FLEET_SCANNED = 'io.winshift.fleet.scanned';
/** CloudEvents `source` of every event winshift sends. */
export const EVENT_SOURCE = '/winshift';

export const upgradeEventType = (transition: UpgradeTransition): string =>
  `${UPGRADE_EVENT_PREFIX}${transition}`;

/**
 * The transition a recorded state makes, given the state the upgrades row showed before it:
 * `Planning` is the start; the first `Running` is the plan passing (planned), the `Running` after
 * `AwaitingApproval` the approval. States without an event (RollingBack, DeletingOldPool) and a
 * repeat of the row's own state give undefined.
 */
export function transitionOf(
  previous: UpgradeState | undefined,
  next: UpgradeState,
): UpgradeTransition | undefined {
  // The start path writes the row as Planning before the orchestrator records it: always sent.
  if (next === 'Planning') return 'started';
  if (next === 'Running') {
    if (previous === 'AwaitingApproval') return 'approved';
    return previous === 'Planning' || previous === undefined ? 'planned' : undefined;
  }
  return previous === next ? undefined : ON_ENTERING[next];
}

/** The transition of entering each other state that has one. */
const ON_ENTERING: Partial<Record<UpgradeState, UpgradeTransition>> = {
  AwaitingApproval: 'awaitingApproval',
  Completed: 'completed',
  RolledBack: 'rolledBack',
  Failed: 'failed',
  Blocked: 'blocked',
};

/** One id per run and transition: a retry sends the same id. */
export function upgradeEventId(
  instanceId: string,
  runId: string,
  transition: UpgradeTransition,
): string {
  return `${instanceId}/${runId}/${transition}`;
}

export interface UpgradeEventData {
  readonly id: string;
  readonly runId: string;
  readonly state: UpgradeState;
  readonly clusterResourceId: string;
  readonly poolName: string;
  readonly targetPool?: string;
  readonly targetOsSku?: string;
  readonly links: { readonly status: string };
  readonly actor?: Actor;
  readonly lastError?: { readonly code: string; readonly message: string };
}

export interface FleetScannedData {
  readonly scanId: string;
  readonly clusters: number;
  readonly windowsPools: number;
  readonly retired: number;
  readonly retiring: number;
  readonly supported: number;
}

/** A CloudEvent as winshift sends it (specversion 1.0 is added by the publisher). */
export interface LifecycleEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  /** `<cluster resource id>/agentPools/<pool>` for upgrades; the scan id for the fleet. */
  readonly subject: string;
  readonly time: string;
  readonly data: UpgradeEventData | FleetScannedData;
}

/** Subject of an upgrade's events: the pool, as ARM names it. */
export const poolSubject = (clusterResourceId: string, poolName: string): string =>
  `${clusterResourceId}/agentPools/${poolName}`;

/** The fleet scan's one event: its id is the scan's, so a retried publish sends the same id. */
export function fleetScannedEvent(
  scanId: string,
  completedAt: string,
  summary: Omit<FleetScannedData, 'scanId'>,
): LifecycleEvent {
  return {
    id: `fleet/${scanId}/scanned`,
    type: FLEET_SCANNED,
    source: EVENT_SOURCE,
    subject: `fleet/${scanId}`,
    time: completedAt,
    data: {
      scanId,
      clusters: summary.clusters,
      windowsPools: summary.windowsPools,
      retired: summary.retired,
      retiring: summary.retiring,
      supported: summary.supported,
    },
  };
}
