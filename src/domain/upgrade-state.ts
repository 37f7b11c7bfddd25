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
] as const;

export type UpgradeState = (typeof UPGRADE_STATES)[number];

/** States a run ends in. */
export const FINAL_UPGRADE_STATES: readonly UpgradeState[] = [
  'Completed',
  'RolledBack',
  'Failed',
  'Blocked',
];

/** Who started a run: the HTTP API, the daily fleet scan, an AKS Event Grid event, or the CLI. */
export const STARTERS = ['http', 'fleetScan', 'eventGrid', 'cli'] as const;

export type StartedBy = (typeof STARTERS)[number];
