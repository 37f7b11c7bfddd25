/**
 * Dry runs are kept for a while (their status and plan answer GET /api/upgrades/{plan-id}), then
 * purged: every ended `plan-` instance created more than WINSHIFT_PLAN_RETENTION_HOURS ago, its plan
 * rows first, then its Durable history. Upgrades (`upg-`) and the fleet scan are never purged here:
 * their histories are the record of what changed. Runs from the fleet scan timer (functions/fleet.ts).
 */
import type { RuntimeStatus } from '../ports/orchestration.js';
import type { AppDeps } from './deps.js';
import { isPlanInstanceId } from './ids.js';

/** The runtime statuses of an instance that has ended (the host purges only those). */
export const ENDED_STATUSES: readonly RuntimeStatus[] = [
  'Completed',
  'Failed',
  'Terminated',
  'Canceled',
];

export interface PurgeOutcome {
  readonly purged: readonly string[];
  /** Instances whose purge failed this time; the next pass tries them again. */
  readonly failed: readonly { readonly instanceId: string; readonly error: string }[];
}

const HOUR_IN_MS = 3_600_000;

export async function purgeOldPlans(
  deps: Pick<AppDeps, 'client' | 'store' | 'settings' | 'now'>,
): Promise<PurgeOutcome> {
  const createdBefore = new Date(
    deps.now().getTime() - deps.settings.planRetentionHours * HOUR_IN_MS,
  );
  const found = await deps.client.listInstances({ createdBefore, runtimeStatus: ENDED_STATUSES });
  // Checked again here: the query is the host's; the rule (ended dry runs, old enough) is ours.
  const old = found.filter(
    (i) =>
      isPlanInstanceId(i.instanceId) &&
      ENDED_STATUSES.includes(i.runtimeStatus) &&
      Date.parse(i.createdTime) <= createdBefore.getTime(),
  );
  const purged: string[] = [];
  const failed: { instanceId: string; error: string }[] = [];
  for (const { instanceId } of old) {
    try {
      // The plan first: a purge cut short leaves the instance, so the next pass finds it again.
      await deps.store.deletePlan(instanceId);
      await deps.client.purge(instanceId);
      purged.push(instanceId);
    } catch (error) {
      failed.push({ instanceId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { purged, failed };
}
