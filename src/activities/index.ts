/**
 * The upgrade's activity table the Functions registrations use (`df.app.activity(name, { handler })`):
 * each activity bound to its ports and to its contract (src/workflow/contracts), so the input is
 * checked before it runs and the output before it returns. This table is the one place the names are
 * bound.
 */
import type { RetirementCalendar } from '../domain/calendar.js';
import type { PreflightPort } from '../ports/preflight.js';
import type { AuditLog } from '../ports/audit.js';
import type { LifecyclePublisher } from '../ports/lifecycle-events.js';
import type { RegistryPort } from '../ports/registry.js';
import {
  ACTIVITY,
  UPGRADE_ACTIVITY_CONTRACTS as C,
  type ActivityName,
} from '../workflow/contracts/index.js';
import { checkSourcePool } from './check-source-pool.js';
import { copyIdentities } from './copy-identities.js';
import { cordonPool } from './cordon-pool.js';
import { createPool } from './create-pool.js';
import { deletePool } from './delete-pool.js';
import { drainPool } from './drain-pool.js';
import { narrowDaemonSets } from './narrow-daemonsets.js';
import { patchWorkloads } from './patch-workloads.js';
import { planUpgrade } from './plan-upgrade.js';
import { getPoolStatus } from './pool-status.js';
import { getPrePullStatus } from './pre-pull-status.js';
import { recheckPlacements } from './recheck-placements.js';
import { recordUpgrade } from './record-upgrade.js';
import { releaseWorkloads } from './release-workloads.js';
import { restoreWorkloads } from './restore-workloads.js';
import { getRestoreStatus, getRolloutStatus } from './rollout-status.js';
import { bindActivity, type ActivityHandler } from './shared/bind.js';
import type { ActivityDeps } from './shared/deps.js';
import type { AccessDeps } from './planning/gather-access.js';
import { startPrePull } from './start-pre-pull.js';
import { stopPrePull } from './stop-pre-pull.js';
import { verifyGmsaAccess } from './verify-gmsa.js';

export type { ActivityHandler } from './shared/bind.js';
export type { ActivityDeps } from './shared/deps.js';
export { jsonLineLog, silentLog, type ActivityLog } from './shared/log.js';

/** What the upgrade's activities need: the ports, plus the registry and calendar for planning. */
export interface UpgradeActivityDeps extends ActivityDeps, AccessDeps {
  readonly registry: RegistryPort;
  readonly calendar: RetirementCalendar;
  /** The plan's capacity and version reads. */
  readonly preflight: PreflightPort;
  /** The audit trail: every write port is wrapped to append its entry first (docs/adr/0014). */
  readonly audit?: AuditLog;
  /** Lifecycle events, published by recordUpgrade; absent or disabled: off. */
  readonly events?: LifecyclePublisher;
  /** The app's origin, for status links in events. */
  readonly baseUrl?: string;
}

export function createActivities(deps: UpgradeActivityDeps): Record<ActivityName, ActivityHandler> {
  const { log } = deps;
  const A = ACTIVITY;
  return {
    [A.plan]: bindActivity(log, A.plan, C[A.plan], (i) => planUpgrade(deps, i)),
    [A.createPool]: bindActivity(log, A.createPool, C[A.createPool], (i) => createPool(deps, i)),
    [A.poolStatus]: bindActivity(log, A.poolStatus, C[A.poolStatus], (i) => getPoolStatus(deps, i)),
    [A.copyIdentities]: bindActivity(log, A.copyIdentities, C[A.copyIdentities], (i) =>
      copyIdentities(deps, i),
    ),
    [A.verifyGmsa]: bindActivity(log, A.verifyGmsa, C[A.verifyGmsa], (i) =>
      verifyGmsaAccess(deps, i),
    ),
    [A.startPrePull]: bindActivity(log, A.startPrePull, C[A.startPrePull], (i) =>
      startPrePull(deps, i),
    ),
    [A.prePullStatus]: bindActivity(log, A.prePullStatus, C[A.prePullStatus], (i) =>
      getPrePullStatus(deps, i),
    ),
    [A.stopPrePull]: bindActivity(log, A.stopPrePull, C[A.stopPrePull], (i) =>
      stopPrePull(deps, i),
    ),
    [A.patchWorkloads]: bindActivity(log, A.patchWorkloads, C[A.patchWorkloads], (i) =>
      patchWorkloads(deps, i),
    ),
    [A.rolloutStatus]: bindActivity(log, A.rolloutStatus, C[A.rolloutStatus], (i) =>
      getRolloutStatus(deps, i),
    ),
    [A.restoreStatus]: bindActivity(log, A.restoreStatus, C[A.restoreStatus], (i) =>
      getRestoreStatus(deps, i),
    ),
    [A.checkSourcePool]: bindActivity(log, A.checkSourcePool, C[A.checkSourcePool], (i) =>
      checkSourcePool(deps, i),
    ),
    [A.cordonPool]: bindActivity(log, A.cordonPool, C[A.cordonPool], (i) => cordonPool(deps, i)),
    [A.drainPool]: bindActivity(log, A.drainPool, C[A.drainPool], (i) => drainPool(deps, i)),
    [A.narrowDaemonSets]: bindActivity(log, A.narrowDaemonSets, C[A.narrowDaemonSets], (i) =>
      narrowDaemonSets(deps, i),
    ),
    [A.deletePool]: bindActivity(log, A.deletePool, C[A.deletePool], (i) => deletePool(deps, i)),
    [A.restoreWorkloads]: bindActivity(log, A.restoreWorkloads, C[A.restoreWorkloads], (i) =>
      restoreWorkloads(deps, i),
    ),
    [A.releaseWorkloads]: bindActivity(log, A.releaseWorkloads, C[A.releaseWorkloads], (i) =>
      releaseWorkloads(deps, i),
    ),
    [A.recordUpgrade]: bindActivity(log, A.recordUpgrade, C[A.recordUpgrade], (i) =>
      recordUpgrade(deps, i),
    ),
    [A.recheckPlacements]: bindActivity(log, A.recheckPlacements, C[A.recheckPlacements], (i) =>
      recheckPlacements(deps, i),
    ),
  };
}
