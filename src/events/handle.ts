/**
 * What winshift does with an AKS event (DESIGN section 3): a cluster event rescans that cluster with
 * the fleet scan's rules and policy; a NodePoolRolling* event is noted against winshift's upgrades of
 * that pool (old or new pool). Events of subscriptions outside the allow list are not acted on.
 */
import type { AutoUpgradePolicy } from '../config.js';
import type { ActivityLog } from '../activities/shared/log.js';
import type { RetirementCalendar } from '../domain/calendar.js';
import { errorCodeOf } from '../domain/errors.js';
import type { AksPort } from '../ports/azure.js';
import type {
  FleetReportStore,
  PoolEventLog,
  StartResult,
  UpgradeStarter,
} from '../ports/fleet.js';
import type { UpgradeStore } from '../ports/store.js';
import { upgradeTargets } from '../fleet/policy.js';
import { entriesOfCluster } from '../fleet/report.js';
import { CLUSTER_EVENT_TYPES, parseAksEvent, type AksEvent } from './parse.js';

export interface EventDeps {
  readonly aks: Pick<AksPort, 'getCluster'>;
  readonly fleetStore: Pick<FleetReportStore, 'replaceClusterEntries'>;
  readonly upgrades: Pick<UpgradeStore, 'listUpgrades'>;
  readonly eventLog: Pick<PoolEventLog, 'record'>;
  readonly starter: UpgradeStarter;
  readonly subscriptions: readonly string[];
  readonly policy: AutoUpgradePolicy;
  readonly calendar: RetirementCalendar;
  readonly windowDays: number;
  readonly now: () => Date;
  readonly log: ActivityLog;
}

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
  const entries = entriesOfCluster(cluster, {
    calendar: deps.calendar,
    windowDays: deps.windowDays,
    now,
  });
  const reportUpdated = await deps.fleetStore.replaceClusterEntries(
    cluster.resourceId,
    entries,
    now.toISOString(),
  );
  const upgrades: StartResult[] = [];
  for (const target of upgradeTargets(entries, deps.policy)) {
    upgrades.push(await deps.starter.start(target, 'eventGrid'));
  }
  return { action: 'scanned', windowsPools: entries.length, reportUpdated, upgrades };
}

async function note(deps: EventDeps, event: AksEvent): Promise<EventOutcome> {
  const pool = event.nodePoolName ?? '';
  const page = await deps.upgrades.listUpgrades({
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

/** Handles one delivered event; throws `[INVALID_INPUT]` for a malformed AKS event (see README). */
export async function handleAksEvent(deps: EventDeps, raw: unknown): Promise<EventOutcome> {
  const parsed = parseAksEvent(raw);
  if (parsed.kind === 'unknown') {
    deps.log.info(`ignored event type ${parsed.type}`, {
      step: 'aksEvents',
      instanceId: parsed.id,
    });
    return { action: 'ignored', reason: `not an AKS event winshift handles: ${parsed.type}` };
  }
  const { event } = parsed;
  const fields = { step: 'aksEvents', instanceId: event.id, cluster: event.clusterResourceId };
  if (!deps.subscriptions.includes(event.subscriptionId)) {
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
