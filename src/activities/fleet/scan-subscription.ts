/**
 * Scans one subscription: its clusters from one paged `ManagedClusters_List` (each cluster comes with
 * its agentPoolProfiles, so no call per cluster), every page paced by the rate limiter; the Windows
 * pools classified and saved under the scan; the policy's upgrade candidates returned.
 */
import type { RetirementCalendar } from '../../domain/calendar.js';
import { errorCodeOf, isTransient } from '../../domain/errors.js';
import type { ActivityLog } from '../shared/log.js';
import type { AksPort } from '../../ports/azure.js';
import type { FleetEntry, FleetReportStore } from '../../ports/fleet.js';
import type {
  ScanSubscriptionInput,
  ScanSubscriptionOutput,
} from '../../workflow/contracts/index.js';
import { upgradeTargets } from '../../domain/auto-upgrade.js';
import type { RateLimiter } from './rate-limiter.js';
import { entriesOfCluster } from '../../domain/fleet-report.js';

export interface ScanDeps {
  readonly aks: Pick<AksPort, 'listClusters'>;
  readonly fleetStore: Pick<FleetReportStore, 'saveEntries'>;
  readonly limiter: RateLimiter;
  readonly calendar: RetirementCalendar;
  readonly windowDays: number;
  readonly now: () => Date;
  readonly log: ActivityLog;
}

/** Entries written per store call while listing, so a large subscription is never held twice. */
const SAVE_EVERY = 500;

export async function scanSubscription(
  deps: ScanDeps,
  input: ScanSubscriptionInput,
): Promise<ScanSubscriptionOutput> {
  const { subscriptionId, scanId } = input;
  const options = { calendar: deps.calendar, windowDays: deps.windowDays, now: deps.now() };
  let armRequests = 0;
  let clusters = 0;
  let windowsPools = 0;
  const candidates: ScanSubscriptionOutput['candidates'][number][] = [];
  let pending: FleetEntry[] = [];
  const beforePageRequest = async (): Promise<void> => {
    await deps.limiter.acquire();
    armRequests += 1;
  };
  try {
    for await (const cluster of deps.aks.listClusters(subscriptionId, { beforePageRequest })) {
      clusters += 1;
      const entries = entriesOfCluster(cluster, options);
      windowsPools += entries.length;
      candidates.push(...upgradeTargets(entries, input.policy));
      pending.push(...entries);
      if (pending.length >= SAVE_EVERY) {
        await deps.fleetStore.saveEntries(scanId, pending);
        pending = [];
      }
    }
    if (pending.length > 0) await deps.fleetStore.saveEntries(scanId, pending);
  } catch (error) {
    const code = errorCodeOf(error);
    if (isTransient(code)) deps.limiter.noteThrottled();
    deps.log.warn('fleet scan of a subscription failed', {
      step: 'fleetScan',
      instanceId: scanId,
      cluster: `/subscriptions/${subscriptionId}`,
      code,
      count: armRequests,
    });
    throw error;
  }
  deps.log.info('fleet scan of a subscription done', {
    step: 'fleetScan',
    instanceId: scanId,
    cluster: `/subscriptions/${subscriptionId}`,
    count: windowsPools,
  });
  return { subscriptionId, clusters, windowsPools, armRequests, throttled: 0, candidates };
}
