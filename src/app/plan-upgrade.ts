/**
 * A dry run: the upgrade orchestration runs with `dryRun` under an id of its own and stops after
 * planning. The caller waits for it (up to a minute by default), so it gets the plan in one call, or
 * `pending` with the id to poll when planning takes longer.
 */
import type { UpgradeOutcome } from '../workflow/contracts/index.js';
import { ORCHESTRATOR, upgradeOutcome } from '../workflow/contracts/index.js';
import type { AppDeps } from './deps.js';
import { planInstanceId } from './ids.js';
import type { Refused } from './refusal.js';
import { parsePlanBody } from './requests.js';
import { checkCluster } from './start-checks.js';
import { upgradeRequestOf, validRequest } from './start-upgrade.js';

export const DEFAULT_PLAN_WAIT_MS = 60_000;

export type PlanResult =
  | Refused
  /** Planning ended: its outcome (Completed: executable; Blocked: see the plan's blockers). */
  | { readonly outcome: 'planned'; readonly instanceId: string; readonly result: UpgradeOutcome }
  /** Still planning after the wait: poll the instance. */
  | { readonly outcome: 'pending'; readonly instanceId: string }
  /** The orchestration itself ended Failed, Terminated or Canceled. */
  | { readonly outcome: 'ended'; readonly instanceId: string; readonly runtimeStatus: string };

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const ENDED = new Set(['Failed', 'Terminated', 'Canceled']);

/**
 * Checks the request as a start does (no such cluster or pool, a Linux pool, no newer OS: refused,
 * nothing started; a taken new pool name is a blocker of the plan), then runs the dry run.
 */
export async function planUpgrade(
  deps: Pick<AppDeps, 'client' | 'settings' | 'now' | 'planWaitMs' | 'sleep' | 'aks'>,
  body: unknown,
): Promise<PlanResult> {
  const valid = validRequest(parsePlanBody(body), deps.settings);
  if (!valid.ok) return valid.refused;
  const refused = await checkCluster(deps, valid.value, { checkNewPoolName: false });
  if (refused !== undefined) return refused;
  const { clusterResourceId, poolName, options } = valid.value;
  const instanceId = planInstanceId(clusterResourceId, poolName, deps.now());
  const request = upgradeRequestOf(
    deps.settings,
    { clusterResourceId, poolName, options: { ...options, dryRun: true }, runId: instanceId },
    'http',
  );
  await deps.client.startNew(ORCHESTRATOR.upgrade, instanceId, request);
  return waitForPlan(deps, instanceId);
}

/** Polls the dry run until it ends or the wait is over. */
async function waitForPlan(
  deps: Pick<AppDeps, 'client' | 'planWaitMs' | 'sleep'>,
  instanceId: string,
): Promise<PlanResult> {
  const sleep = deps.sleep ?? defaultSleep;
  const deadline = Date.now() + (deps.planWaitMs ?? DEFAULT_PLAN_WAIT_MS);
  for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
    const status = await deps.client.getStatus(instanceId);
    if (status?.runtimeStatus === 'Completed') {
      const result = upgradeOutcome.safeParse(status.output);
      return result.success
        ? { outcome: 'planned', instanceId, result: result.data }
        : { outcome: 'ended', instanceId, runtimeStatus: 'Completed without an outcome' };
    }
    if (status !== undefined && ENDED.has(status.runtimeStatus)) {
      return { outcome: 'ended', instanceId, runtimeStatus: status.runtimeStatus };
    }
    if (Date.now() >= deadline) return { outcome: 'pending', instanceId };
    await sleep(pause);
  }
}
