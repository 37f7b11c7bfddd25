/**
 * The states of an upgrade run, once: the orchestrator sets them, the upgrades table stores them,
 * the API filters and documents them.
 */
export const UPGRADE_STATES = [
  'Planning',
  'Running',
  'AwaitingApproval',
  /** Past the point of no return: the old pool's deletion was requested; no rollback any more. */
  'DeletingOldPool',
  'RollingBack',
  'Completed',
  'RolledBack',
  'Failed',
  'Blocked',
  /** Stopped by POST /api/upgrades/{id}/terminate: nothing undone; lastError says what was left. */
  'Terminated',
] as const;

export type UpgradeState = (typeof UPGRADE_STATES)[number];

/** States a run ends in. */
export const FINAL_UPGRADE_STATES: readonly UpgradeState[] = [
  'Completed',
  'RolledBack',
  'Failed',
  'Blocked',
  'Terminated',
];

/**
 * Final states that may have left the cluster half-changed (a failed rollback, a terminated run):
 * only a person starts such a pool again, never the fleet scan or an AKS event.
 */
export const NEEDS_A_PERSON: readonly UpgradeState[] = ['Failed', 'Terminated'];

/** Who started a run: the HTTP API, the daily fleet scan, an AKS Event Grid event, or the CLI. */
export const STARTERS = ['http', 'fleetScan', 'eventGrid', 'cli'] as const;

export type StartedBy = (typeof STARTERS)[number];

/** Starts nobody asked for at that moment: the daily scan and AKS events. */
export const AUTOMATIC_STARTERS = [
  'fleetScan',
  'eventGrid',
] as const satisfies readonly StartedBy[];

export function isAutomaticStart(startedBy: StartedBy): boolean {
  return (AUTOMATIC_STARTERS as readonly StartedBy[]).includes(startedBy);
}
