/** The names that cross the Durable boundary: orchestrations, activities and external events. */

export const ORCHESTRATOR = {
  upgrade: 'upgradeWindowsPool',
  /** A batch of workloads patched and watched in its own history (many workloads). */
  workloadBatch: 'upgradeWorkloadBatch',
  fleetScan: 'fleetScan',
} as const;

export const ACTIVITY = {
  plan: 'planUpgrade',
  createPool: 'createPool',
  poolStatus: 'getPoolStatus',
  copyIdentities: 'copyIdentities',
  verifyGmsa: 'verifyGmsaAccess',
  startPrePull: 'startPrePull',
  prePullStatus: 'getPrePullStatus',
  stopPrePull: 'stopPrePull',
  patchWorkloads: 'patchWorkloads',
  rolloutStatus: 'getRolloutStatus',
  restoreStatus: 'getRestoreStatus',
  checkSourcePool: 'checkSourcePool',
  cordonPool: 'cordonPool',
  drainPool: 'drainPool',
  narrowDaemonSets: 'narrowDaemonSets',
  deletePool: 'deletePool',
  restoreWorkloads: 'restoreWorkloads',
  /** A Completed run removes its `winshift.io/original` annotations (releaseWorkloads). */
  releaseWorkloads: 'releaseWorkloads',
  recordUpgrade: 'recordUpgrade',
  recheckPlacements: 'recheckPlacements',
} as const;

export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];

export const FLEET_ACTIVITY = {
  scanSubscription: 'scanFleetSubscription',
  publishReport: 'publishFleetReport',
  startUpgrades: 'startFleetUpgrades',
} as const;

export type FleetActivityName = (typeof FLEET_ACTIVITY)[keyof typeof FLEET_ACTIVITY];

/** External events the upgrade waits for. */
export const EVENTS = { approve: 'approve', cancel: 'cancel' } as const;

/** The fleet scan's fixed instance id: a scan still running is not started a second time. */
export const FLEET_SCAN_INSTANCE_ID = 'fleet-scan';
