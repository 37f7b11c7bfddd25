/**
 * The `fleetScan` orchestration: one `scanFleetSubscription` activity per configured subscription,
 * `concurrency` at a time, transient failures retried on durable timers as src/workflow/calls.ts
 * does (not the host's RetryOptions, which would retry a FORBIDDEN subscription too); then the report
 * is published, then upgrades are started for the policy's candidates through the one start path.
 * A subscription that fails for good is reported with its error; the others still count.
 */
import type { OrchestrationContext } from 'durable-functions';
import { isTransient } from '../domain/errors.js';
import type { SubscriptionScan } from '../ports/fleet.js';
import { after, callActivity, chunk, failureOf, settleAll, type Step } from './calls.js';
import { DEFAULT_SCAN_RETRY, retryDelayInMilliseconds } from './timing.js';
import {
  checkContract,
  FLEET_ACTIVITY,
  FLEET_ACTIVITY_CONTRACTS,
  fleetScanInput,
  ORCHESTRATOR,
  type FleetScanInput,
  type FleetScanOutput,
  type ScanSubscriptionOutput,
  type StartedUpgrade,
} from './contracts/index.js';
import type { UpgradeTarget } from '../domain/auto-upgrade.js';

/** Upgrade starts per activity call (each is a status read plus a start). */
const STARTS_PER_CALL = 20;

interface Pending {
  readonly subscriptionId: string;
  readonly attempt: number;
}

/** The scan's id: its start time, so each run's rows are apart and the newest is obvious. */
export function scanIdOf(time: Date): string {
  return time
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function failed(subscriptionId: string, attempts: number, error: unknown): SubscriptionScan {
  const { code, message } = failureOf(error);
  return {
    subscriptionId,
    clusters: 0,
    windowsPools: 0,
    armRequests: 0,
    throttled: isTransient(code) ? attempts : attempts - 1,
    error: { code, message },
  };
}

/** Scans every subscription, `concurrency` at a time; failures become results, never throws. */
function* scanAll(
  context: OrchestrationContext,
  input: FleetScanInput,
  scanId: string,
): Step<ScanSubscriptionOutput[]> {
  const policy = input.retry ?? DEFAULT_SCAN_RETRY;
  const results: ScanSubscriptionOutput[] = [];
  let pending: Pending[] = input.subscriptions.map((subscriptionId) => ({
    subscriptionId,
    attempt: 1,
  }));
  while (pending.length > 0) {
    const retries: Pending[] = [];
    for (const wave of chunk(pending, Math.max(1, input.concurrency))) {
      const tasks = wave.map((p) =>
        context.df.callActivity(FLEET_ACTIVITY.scanSubscription, {
          scanId,
          subscriptionId: p.subscriptionId,
          policy: input.policy,
        }),
      );
      yield* settleAll(context, tasks);
      wave.forEach((p, i) => {
        const task = tasks[i];
        if (task?.isCompleted && !task.isFaulted) {
          const out = checkContract(
            FLEET_ACTIVITY_CONTRACTS[FLEET_ACTIVITY.scanSubscription].output,
            task.result,
            `${FLEET_ACTIVITY.scanSubscription} returned`,
          );
          results.push({ ...out, throttled: out.throttled + p.attempt - 1 });
          return;
        }
        const { code } = failureOf(task?.result);
        if (isTransient(code) && p.attempt < policy.maxNumberOfAttempts) {
          retries.push({ subscriptionId: p.subscriptionId, attempt: p.attempt + 1 });
        } else {
          results.push({ ...failed(p.subscriptionId, p.attempt, task?.result), candidates: [] });
        }
      });
    }
    const next = retries[0];
    if (next) {
      const delay = retryDelayInMilliseconds(policy, next.attempt - 1);
      yield context.df.createTimer(after(context, delay));
    }
    pending = retries;
  }
  return results;
}

function* startUpgrades(
  context: OrchestrationContext,
  input: FleetScanInput,
  targets: readonly UpgradeTarget[],
): Step<StartedUpgrade[]> {
  const started: StartedUpgrade[] = [];
  for (const group of chunk(targets, STARTS_PER_CALL)) {
    try {
      const out = yield* callActivity(
        context,
        FLEET_ACTIVITY.startUpgrades,
        FLEET_ACTIVITY_CONTRACTS[FLEET_ACTIVITY.startUpgrades],
        { targets: group, startedBy: 'fleetScan' },
        input.retry ?? DEFAULT_SCAN_RETRY,
      );
      started.push(...out);
    } catch (error) {
      const { code, message } = failureOf(error);
      started.push(
        ...group.map((target) => ({
          target,
          result: { outcome: 'refused' as const, code, message },
        })),
      );
    }
  }
  return started;
}

export function* fleetScan(context: OrchestrationContext): Step<FleetScanOutput> {
  const input = checkContract(
    fleetScanInput,
    context.df.getInput(),
    `${ORCHESTRATOR.fleetScan} input`,
  );
  const startedAt = context.df.currentUtcDateTime;
  const scanId = scanIdOf(startedAt);
  context.df.setCustomStatus({ scanId, phase: 'scanning' });
  const results = yield* scanAll(context, input, scanId);
  const subscriptions: SubscriptionScan[] = results.map(({ candidates: _c, ...scan }) => scan);
  yield* callActivity(
    context,
    FLEET_ACTIVITY.publishReport,
    FLEET_ACTIVITY_CONTRACTS[FLEET_ACTIVITY.publishReport],
    {
      scanId,
      startedAt: startedAt.toISOString(),
      completedAt: context.df.currentUtcDateTime.toISOString(),
      windowDays: input.windowDays,
      subscriptions,
    },
    input.retry ?? DEFAULT_SCAN_RETRY,
  );
  const targets = results.flatMap((r) => r.candidates);
  context.df.setCustomStatus({ scanId, phase: 'starting upgrades', candidates: targets.length });
  const upgrades = input.policy === 'off' ? [] : yield* startUpgrades(context, input, targets);
  context.df.setCustomStatus({ scanId, phase: 'done' });
  return {
    scanId,
    subscriptions,
    windowsPools: subscriptions.reduce((n, s) => n + s.windowsPools, 0),
    upgrades,
  };
}
