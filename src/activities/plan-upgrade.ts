/**
 * planUpgrade (DESIGN step 0): reads the cluster, pool, workloads, identities and images through the
 * ports, builds the plan with the pure planner, saves it (dry runs too: the status endpoint shows the
 * plan a dry run made) and returns the summary the orchestrator steers by. Writes nothing else.
 */
import type { RetirementCalendar } from '../domain/calendar.js';
import { errorCodeOf, WinshiftError } from '../domain/errors.js';
import { planHash, type Plan } from '../domain/plan.js';
import { planWithImages } from '../domain/planner.js';
import type { WorkloadRef } from '../ports/kubernetes.js';
import type { PlanInput, PlanSummary } from '../workflow/contracts.js';
import { ACTIVITY } from '../workflow/contracts.js';
import type { ActivityHandler } from './index.js';
import { gatherFacts, type GatherDeps } from './planning/gather-facts.js';
import type { ActivityDeps } from './shared/deps.js';

export type PlanUpgradeDeps = GatherDeps &
  Pick<ActivityDeps, 'store' | 'log'> & { readonly calendar: RetirementCalendar };

/** Nodes the new pool must bring up: its count, or the autoscaler's minimum. */
export function expectedNodes(plan: Plan): number {
  const spec = plan.target.spec;
  const size = spec['enableAutoScaling'] === true ? spec['minCount'] : spec['count'];
  return typeof size === 'number' && Number.isFinite(size) ? size : 0;
}

const refOf = (w: WorkloadRef): WorkloadRef => ({
  kind: w.kind,
  namespace: w.namespace,
  name: w.name,
});

export function summarize(plan: Plan, hash: string, newPoolImages: readonly string[]): PlanSummary {
  return {
    planHash: hash,
    clusterResourceId: plan.cluster.resourceId,
    sourcePool: plan.sourcePool.name,
    sourceOsSku: plan.sourcePool.osSku,
    targetPool: plan.target.poolName,
    targetOsSku: plan.target.osSku,
    expectedNodes: expectedNodes(plan),
    workloads: plan.workloads.filter((w) => w.kind !== 'DaemonSet').map(refOf),
    daemonSets: plan.workloads.filter((w) => w.kind === 'DaemonSet').map(refOf),
    imagesToPrePull: newPoolImages.length,
    blockers: plan.blockers,
  };
}

export async function planUpgrade(deps: PlanUpgradeDeps, input: PlanInput): Promise<PlanSummary> {
  const { request } = input;
  const facts = await gatherFacts(deps, request, deps.calendar);
  const { plan, newPoolImages } = planWithImages(facts, request.options, deps.calendar);
  const hash = planHash(plan);
  await deps.store.savePlan(input.instanceId, plan);
  deps.log.info(plan.blockers.length > 0 ? 'plan saved with blockers' : 'plan saved', {
    step: ACTIVITY.plan,
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool: plan.sourcePool.name,
    outcome: request.options.dryRun ? 'dryRun' : 'planned',
    count: plan.blockers.length,
  });
  return summarize(plan, hash, newPoolImages);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields planning relies on; the starters validate the rest of the request. */
function planInputOf(input: unknown): PlanInput {
  const request = isRecord(input) ? input['request'] : undefined;
  const missing = [
    ...(isRecord(input) && typeof input['instanceId'] === 'string' ? [] : ['instanceId']),
    ...(isRecord(request) ? [] : ['request']),
    ...(isRecord(request) && typeof request['clusterResourceId'] === 'string'
      ? []
      : ['request.clusterResourceId']),
    ...(isRecord(request) && typeof request['poolName'] === 'string' ? [] : ['request.poolName']),
    ...(isRecord(request) && isRecord(request['options']) ? [] : ['request.options']),
  ];
  if (missing.length > 0) {
    throw new WinshiftError('INVALID_INPUT', `${ACTIVITY.plan}: input lacks ${missing.join(', ')}`);
  }
  return input as PlanInput;
}

/** The `planUpgrade` entry of the activity table (`createActivities(deps, planUpgrade)`). */
export function createPlanUpgradeHandler(deps: PlanUpgradeDeps): ActivityHandler {
  return async (input) => {
    try {
      return await planUpgrade(deps, planInputOf(input));
    } catch (error) {
      const instanceId =
        isRecord(input) && typeof input['instanceId'] === 'string' ? input['instanceId'] : '';
      deps.log.warn(`activity ${ACTIVITY.plan} failed`, {
        step: ACTIVITY.plan,
        instanceId,
        code: errorCodeOf(error),
      });
      throw error;
    }
  };
}
