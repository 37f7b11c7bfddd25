/**
 * The activity table the Functions registrations use (`df.app.activity(name, { handler })`): each
 * activity bound to its ports, taking the orchestrator's JSON input. Inputs are checked for the
 * fields every activity relies on; failures are logged with their code (never with payloads) and
 * rethrown so Durable hands `[CODE] message` to the orchestrator.
 */
import { errorCodeOf } from '../domain/errors.js';
import {
  ACTIVITY,
  type ActivityName,
  type CordonInput,
  type DeletePoolInput,
  type PlanRef,
  type PoolStatusInput,
  type RecordUpgradeInput,
  type WorkloadBatchInput,
} from '../workflow/contracts.js';
import { checkSourcePool } from './check-source-pool.js';
import { copyIdentities } from './copy-identities.js';
import { cordonPool } from './cordon-pool.js';
import { createPool } from './create-pool.js';
import { deletePool } from './delete-pool.js';
import { drainPool } from './drain-pool.js';
import { narrowDaemonSets, type NarrowInput } from './narrow-daemonsets.js';
import { patchWorkloads } from './patch-workloads.js';
import { getPoolStatus } from './pool-status.js';
import { getPrePullStatus } from './pre-pull-status.js';
import { recordUpgrade } from './record-upgrade.js';
import { restoreWorkloads } from './restore-workloads.js';
import { getRestoreStatus, getRolloutStatus } from './rollout-status.js';
import type { ActivityDeps } from './shared/deps.js';
import { startPrePull } from './start-pre-pull.js';
import { stopPrePull } from './stop-pre-pull.js';
import { verifyGmsaAccess } from './verify-gmsa.js';
import { inputOf, isRecord, type ActivityHandler } from './shared/input.js';

export type { ActivityHandler } from './shared/input.js';
export type { ActivityDeps } from './shared/deps.js';
export { jsonLineLog, silentLog, type ActivityLog } from './shared/log.js';

const PLAN_REF = ['instanceId', 'planHash'] as const;

function bind<T>(
  deps: ActivityDeps,
  name: ActivityName,
  fields: readonly string[],
  run: (input: T) => Promise<unknown>,
): ActivityHandler {
  return async (input) => {
    try {
      return await run(inputOf<T>(name, input, fields));
    } catch (error) {
      const instanceId =
        isRecord(input) && typeof input['instanceId'] === 'string' ? input['instanceId'] : '';
      deps.log.warn(`activity ${name} failed`, {
        step: name,
        instanceId,
        code: errorCodeOf(error),
      });
      throw error;
    }
  };
}

/**
 * Every activity except `planUpgrade`, which is built with the registry port by its own module and
 * passed in, so this table is the single place the names are bound.
 */
export function createActivities(
  deps: ActivityDeps,
  planUpgrade: ActivityHandler,
): Record<ActivityName, ActivityHandler> {
  const batch = [...PLAN_REF, 'workloads'];
  return {
    [ACTIVITY.plan]: planUpgrade,
    [ACTIVITY.createPool]: bind<PlanRef>(deps, ACTIVITY.createPool, PLAN_REF, (i) =>
      createPool(deps, i),
    ),
    [ACTIVITY.poolStatus]: bind<PoolStatusInput>(
      deps,
      ACTIVITY.poolStatus,
      [...PLAN_REF, 'pool'],
      (i) => getPoolStatus(deps, i),
    ),
    [ACTIVITY.copyIdentities]: bind<PlanRef>(deps, ACTIVITY.copyIdentities, PLAN_REF, (i) =>
      copyIdentities(deps, i),
    ),
    [ACTIVITY.verifyGmsa]: bind<PlanRef>(deps, ACTIVITY.verifyGmsa, PLAN_REF, (i) =>
      verifyGmsaAccess(deps, i),
    ),
    [ACTIVITY.startPrePull]: bind<PlanRef>(deps, ACTIVITY.startPrePull, PLAN_REF, (i) =>
      startPrePull(deps, i),
    ),
    [ACTIVITY.prePullStatus]: bind<PlanRef>(deps, ACTIVITY.prePullStatus, PLAN_REF, (i) =>
      getPrePullStatus(deps, i),
    ),
    [ACTIVITY.stopPrePull]: bind<PlanRef>(deps, ACTIVITY.stopPrePull, PLAN_REF, (i) =>
      stopPrePull(deps, i),
    ),
    [ACTIVITY.patchWorkloads]: bind<WorkloadBatchInput>(deps, ACTIVITY.patchWorkloads, batch, (i) =>
      patchWorkloads(deps, i),
    ),
    [ACTIVITY.rolloutStatus]: bind<WorkloadBatchInput>(deps, ACTIVITY.rolloutStatus, batch, (i) =>
      getRolloutStatus(deps, i),
    ),
    [ACTIVITY.restoreStatus]: bind<WorkloadBatchInput>(deps, ACTIVITY.restoreStatus, batch, (i) =>
      getRestoreStatus(deps, i),
    ),
    [ACTIVITY.checkSourcePool]: bind<PlanRef>(deps, ACTIVITY.checkSourcePool, PLAN_REF, (i) =>
      checkSourcePool(deps, i),
    ),
    [ACTIVITY.cordonPool]: bind<CordonInput>(
      deps,
      ACTIVITY.cordonPool,
      [...PLAN_REF, 'unschedulable'],
      (i) => cordonPool(deps, i),
    ),
    [ACTIVITY.drainPool]: bind<PlanRef>(deps, ACTIVITY.drainPool, PLAN_REF, (i) =>
      drainPool(deps, i),
    ),
    [ACTIVITY.narrowDaemonSets]: bind<NarrowInput>(deps, ACTIVITY.narrowDaemonSets, PLAN_REF, (i) =>
      narrowDaemonSets(deps, i),
    ),
    [ACTIVITY.deletePool]: bind<DeletePoolInput>(
      deps,
      ACTIVITY.deletePool,
      [...PLAN_REF, 'pool'],
      (i) => deletePool(deps, i),
    ),
    [ACTIVITY.restoreWorkloads]: bind<WorkloadBatchInput>(
      deps,
      ACTIVITY.restoreWorkloads,
      batch,
      (i) => restoreWorkloads(deps, i),
    ),
    [ACTIVITY.recordUpgrade]: bind<RecordUpgradeInput>(
      deps,
      ACTIVITY.recordUpgrade,
      ['instanceId', 'request', 'state'],
      (i) => recordUpgrade(deps, i),
    ),
  };
}
