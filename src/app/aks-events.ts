/**
 * What winshift does with an AKS event (DESIGN section 3): a cluster event rescans that cluster with
 * the fleet scan's rules and policy; a NodePoolRolling* event is noted against winshift's upgrades of
 * that pool (old or new pool). Events of subscriptions outside the allow list are not acted on.
 */
import { CLUSTER_EVENT_TYPES, type AksEvent } from '../domain/aks-events.js';
import { upgradeTargets } from '../domain/auto-upgrade.js';
import { errorCodeOf } from '../domain/errors.js';
import { entriesOfCluster } from '../domain/fleet-report.js';
import type { StartResult, UpgradeStarter } from '../ports/fleet.js';
import type { AppDeps } from './deps.js';

export type EventDeps = Pick<
  AppDeps,
  'aks' | 'fleetStore' | 'store' | 'eventLog' | 'settings' | 'now' | 'log'
> & {
  /** The one start path (src/app/starter.ts). */
  readonly starter: UpgradeStarter;
};

export type EventOutcome =
  | { readonly action: 'ignored'; readonly reason: string }
  | {
      readonly action: 'scanned';
      readonly windowsPools: number;
      readonly reportUpdated: boolean;
      readonly upgrades: readonly StartResult[];
    }
  | { readonly action: 'noted'; readonly instanceIds: readonly string[] };

async function rescan(deps: EventDeps, event: AksEvent): Promise<EventOutcome> {
  let cluster;
  try {
    cluster = await deps.aks.getCluster(event.clusterResourceId);
  } catch (error) {
    // Deleted since the event was sent: nothing to scan, and retrying cannot help.
    if (errorCodeOf(error) === 'NOT_FOUND')
      return { action: 'ignored', reason: 'cluster not found' };
    throw error;
  }
  const now = deps.now();
  const { calendar, retirementWindowDays: windowDays, autoUpgrade } = deps.settings;
  const entries = entriesOfCluster(cluster, { calendar, windowDays, now });
  const reportUpdated = await deps.fleetStore.replaceClusterEntries(
    cluster.resourceId,
    entries,
    now.toISOString(),
  );
  const upgrades: StartResult[] = [];
  for (const target of upgradeTargets(entries, autoUpgrade)) {
    upgrades.push(await deps.starter.start(target, 'eventGrid'));
  }
  return { action: 'scanned', windowsPools: entries.length, reportUpdated, upgrades };
}

async function note(deps: EventDeps, event: AksEvent): Promise<EventOutcome> {
  const pool = event.nodePoolName ?? '';
  const page = await deps.store.listUpgrades({
    clusterResourceId: event.clusterResourceId,
    pageSize: 100,
  });
  const mine = page.items.filter(
    (u) =>
      u.clusterResourceId.toLowerCase() === event.clusterResourceId.toLowerCase() &&
      (u.poolName === pool || u.newPoolName === pool),
  );
  for (const upgrade of mine) {
    await deps.eventLog.record({
      instanceId: upgrade.instanceId,
      eventId: event.id,
      eventType: event.type,
      clusterResourceId: event.clusterResourceId,
      poolName: pool,
      eventTime: event.eventTime,
      receivedAt: deps.now().toISOString(),
    });
  }
  return { action: 'noted', instanceIds: mine.map((u) => u.instanceId) };
}

/** Acts on one AKS event (the Event Grid adapter, src/events, parses the delivery). */
export async function handleAksEvent(deps: EventDeps, event: AksEvent): Promise<EventOutcome> {
  const fields = { step: 'aksEvents', instanceId: event.id, cluster: event.clusterResourceId };
  if (!deps.settings.subscriptions.includes(event.subscriptionId)) {
    deps.log.warn(`ignored ${event.type}: subscription not in WINSHIFT_SUBSCRIPTIONS`, fields);
    return { action: 'ignored', reason: 'subscription not allowed' };
  }
  const outcome = CLUSTER_EVENT_TYPES.includes(event.type)
    ? await rescan(deps, event)
    : await note(deps, event);
  deps.log.info(`${event.type}: ${outcome.action}`, {
    ...fields,
    ...(event.nodePoolName ? { pool: event.nodePoolName } : {}),
    outcome: outcome.action,
  });
  return outcome;
}
