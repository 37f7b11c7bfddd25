/**
 * POST /api/plans: a dry run. The upgrade orchestration runs with `dryRun` under an id of its own and
 * stops after planning; the answer waits for it (up to a minute) so a caller gets the plan in one call,
 * or a 202 with the status URL to poll when planning takes longer.
 */
import { ORCHESTRATOR, type UpgradeOutcome, type UpgradeRequest } from '../workflow/contracts.js';
import type { ApiDeps } from './deps.js';
import { invalid, json, problem, type ApiResponse } from './problem.js';
import { baseUrlOf, readJsonBody, type ApiRequest } from './request.js';
import { parsePlanBody } from './schemas.js';
import { forbiddenSubscription, planInstanceId } from './start-upgrade.js';
import { linksOf } from './views.js';

export const DEFAULT_PLAN_WAIT_MS = 60_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function planHandler(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parsePlanBody(body.value);
  if (!parsed.ok) return invalid(parsed.errors);
  const { clusterResourceId, poolName, options } = parsed.value;
  const forbidden = forbiddenSubscription(deps.config.subscriptions, clusterResourceId);
  if (forbidden !== undefined) return problem(403, forbidden.message, { errors: [forbidden] });

  const instanceId = planInstanceId(clusterResourceId, poolName, deps.now());
  const upgrade: UpgradeRequest = {
    clusterResourceId,
    poolName,
    options: { ...options, dryRun: true },
    startedBy: 'http',
  };
  await deps.client.startNew(ORCHESTRATOR.upgrade, instanceId, upgrade);
  const statusUrl = linksOf(baseUrlOf(request), instanceId).status;

  return waitForPlan(deps, instanceId, statusUrl);
}

const ENDED = new Set(['Failed', 'Terminated', 'Canceled']);

/** Polls the dry run until it ends or the wait is over (then 202: the caller polls the status URL). */
async function waitForPlan(
  deps: ApiDeps,
  instanceId: string,
  statusUrl: string,
): Promise<ApiResponse> {
  const sleep = deps.sleep ?? defaultSleep;
  const deadline = Date.now() + (deps.planWaitMs ?? DEFAULT_PLAN_WAIT_MS);
  for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
    const status = await deps.client.getStatus(instanceId);
    if (status?.runtimeStatus === 'Completed')
      return planAnswer(instanceId, status.output, statusUrl);
    if (status !== undefined && ENDED.has(status.runtimeStatus)) {
      return problem(500, `planning ended ${status.runtimeStatus}; see ${statusUrl}`, {
        instanceId,
        statusUrl,
      });
    }
    if (Date.now() >= deadline)
      return json(202, { id: instanceId, statusUrl }, { location: statusUrl });
    await sleep(pause);
  }
}

/** 200: the dry run's outcome. `executable` is false when blockers (or a failure) stop the upgrade. */
function planAnswer(instanceId: string, output: unknown, statusUrl: string): ApiResponse {
  const outcome = (output ?? {}) as Partial<UpgradeOutcome>;
  return json(200, {
    id: instanceId,
    state: outcome.state ?? 'Failed',
    executable: outcome.state === 'Completed',
    plan: outcome.plan ?? null,
    blockers: outcome.plan?.blockers ?? [],
    ...(outcome.lastError ? { lastError: outcome.lastError } : {}),
    statusUrl,
  });
}
