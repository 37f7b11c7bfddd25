/** What winshift reports: one upgrade in full, the upgrades table paged, the last fleet report. */
import { errorCodeOf } from '../domain/errors.js';
import type { Plan } from '../domain/plan.js';
import type { FleetReport } from '../ports/fleet.js';
import type { InstanceStatus } from '../ports/orchestration.js';
import type {
  UpgradeFilter,
  UpgradePage,
  UpgradeRecord,
  WorkloadProgress,
} from '../ports/store.js';
import { runActors, type RunActors } from './audit.js';
import type { AppDeps } from './deps.js';

export interface UpgradeDetail {
  readonly instanceId: string;
  readonly instance?: InstanceStatus;
  readonly record?: UpgradeRecord;
  readonly plan?: Plan;
  readonly workloads: readonly WorkloadProgress[];
  /** Who started, approved, cancelled or terminated the run (its audit's request entries). */
  readonly actors?: RunActors;
}

/** The live status, the row, the plan and each workload's progress; undefined for an unknown id. */
export async function getUpgrade(
  deps: Pick<AppDeps, 'client' | 'store'> & Partial<Pick<AppDeps, 'audit'>>,
  instanceId: string,
): Promise<UpgradeDetail | undefined> {
  const [instance, record] = await Promise.all([
    deps.client.getStatus(instanceId),
    deps.store.getUpgrade(instanceId),
  ]);
  if (instance === undefined && record === undefined) return undefined;
  const runId = record?.runId;
  const [plan, workloads, entries] = await Promise.all([
    deps.store.loadPlan(instanceId),
    deps.store.loadProgress(instanceId),
    runId !== undefined && deps.audit !== undefined
      ? deps.audit.listRun(runId)
      : Promise.resolve(undefined),
  ]);
  return {
    instanceId,
    ...(instance ? { instance } : {}),
    ...(record ? { record } : {}),
    ...(plan ? { plan } : {}),
    workloads,
    ...(entries !== undefined ? { actors: runActors(entries) } : {}),
  };
}

export type ListResult =
  | { readonly outcome: 'page'; readonly page: UpgradePage }
  /** A continuation token the store cannot read: the caller's mistake, not an outage. */
  | { readonly outcome: 'badToken' };

export async function listUpgrades(
  deps: Pick<AppDeps, 'store'>,
  filter: UpgradeFilter,
): Promise<ListResult> {
  try {
    return { outcome: 'page', page: await deps.store.listUpgrades(filter) };
  } catch (error) {
    // The store answers INVALID_INPUT for a token it cannot resume from (storage/upgrade-store.ts).
    if (filter.continuationToken !== undefined && errorCodeOf(error) === 'INVALID_INPUT')
      return { outcome: 'badToken' };
    throw error;
  }
}

/** The last fleet scan's report; undefined before the first scan. */
export async function latestFleetReport(
  deps: Pick<AppDeps, 'fleetStore'>,
): Promise<FleetReport | undefined> {
  return (await deps.fleetStore.latest()) ?? undefined;
}
