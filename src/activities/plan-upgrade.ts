/**
 * planUpgrade (DESIGN step 0): reads the cluster, pool, workloads, identities and images through the
 * ports, builds the plan with the pure planner, saves it (dry runs too: the status endpoint shows the
 * plan a dry run made) and returns the summary the orchestrator steers by. Writes nothing else.
 */
import type { RetirementCalendar } from '../domain/calendar.js';
import { planHash, type Plan } from '../domain/plan.js';
import { planWithImages } from '../domain/planner.js';
import { refOf } from '../domain/workload-ref.js';
import type { PlanInput, PlanSummary } from '../workflow/contracts/index.js';
import { ACTIVITY } from '../workflow/contracts/index.js';
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
    warnings: plan.warnings ?? [],
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
