/**
 * The planner (DESIGN step 0): a pure function from what was read (PlanFacts) to the Plan, the
 * contract every later step executes. Output is sorted everywhere, so the same facts always give the
 * same plan hash. Problems that must stop the upgrade are blockers in the plan (a dry run shows them
 * all at once); only a missing or non-Windows source pool throws, since then there is nothing to plan.
 */
import type { RetirementCalendar } from './calendar.js';
import { managedByOf } from './managed-by.js';
import type { Blocker, Plan, PlannedWorkload, PlanWarning, UpgradeOptions } from './plan.js';
import type { PlanFacts, ReadFacts } from './planner-facts.js';
import { planGmsa, planIdentities } from './planner-identities.js';
import { imagesToLookUp, planWorkloadImages } from './planner-images.js';
import {
  planWorkloadPlacement,
  sourceNodes,
  specNode,
  type PlacementContext,
} from './planner-placement.js';
import { daemonSetSpanBlockers } from './planner-daemonsets.js';
import { managedFindings } from './planner-managed.js';
import { preflightChecks, type PreflightDecision } from './planner-preflight.js';
import { rolloutBlockers } from './planner-rollout.js';
import { decidePoolName, decideTarget, sourceOsOf } from './planner-target.js';
import { discoverWorkloads } from './planner-workloads.js';
import { newPoolSpec, type AgentPoolSpec } from './pool-spec.js';
import type { WorkloadInfo } from './kube-objects.js';
import type { AccessReads } from './access-facts.js';
import { accessBlockers, accessReadsFor } from './planner-access.js';
import { inheritedRoleWarnings } from './planner-inherited-roles.js';

export type { PlanFacts, ReadFacts } from './planner-facts.js';

export interface PlannerResult {
  readonly plan: Plan;
  /** Every distinct image the moved workloads run on the new pool, sorted (the pre-pull list). */
  readonly newPoolImages: readonly string[];
}

const compareText = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);

function sortFindings<T extends Blocker | PlanWarning>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.code, b.code) ||
      compareText(a.subject, b.subject) ||
      compareText(a.message, b.message),
  );
}

/**
 * The image references `buildPlan` will need looked up in the registry for these facts: the
 * activity reads them (each once) between reading the cluster and planning.
 */
export function plannedImageLookups(
  facts: ReadFacts,
  options: UpgradeOptions,
  calendar: RetirementCalendar,
): string[] {
  const { target, context } = planningContext(facts, options, calendar);
  const discovered = discoverWorkloads(facts, context);
  return imagesToLookUp(discovered.workloads, target.osSku, options.imageMap);
}

/**
 * What the activity reads about winshift's own access for these facts (planner-access.ts): the
 * vaults of the moved workloads' gMSA secrets, the identities the new scale set gets, and the
 * registries of `images` (the lookups `plannedImageLookups` asked for).
 */
export function plannedAccessReads(
  facts: ReadFacts,
  options: UpgradeOptions,
  calendar: RetirementCalendar,
  images: readonly string[],
): AccessReads {
  const { context } = planningContext(facts, options, calendar);
  const discovered = discoverWorkloads(facts, context);
  return accessReadsFor(discovered.workloads, facts, planIdentities(facts).identities, images);
}

function planWorkload(
  workload: WorkloadInfo,
  facts: PlanFacts,
  options: UpgradeOptions,
  context: PlacementContext,
): { planned: PlannedWorkload; images: readonly string[]; blockers: readonly Blocker[] } {
  const images = planWorkloadImages(workload, context.target.osSku, options.imageMap, facts.images);
  const placement = planWorkloadPlacement(workload, context);
  const onDelete = workload.kind === 'StatefulSet' && workload.updateStrategy === 'OnDelete';
  const managedBy = managedByOf(workload);
  const planned: PlannedWorkload = {
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
    images: images.changes,
    placement: placement.placement,
    ...(workload.kind === 'StatefulSet'
      ? { updateStrategy: onDelete ? 'OnDelete' : 'RollingUpdate' }
      : {}),
    ...(managedBy ? { managedBy } : {}),
  };
  const spans = daemonSetSpanBlockers(workload, images.changes, {
    sourcePool: context.source.poolName,
    targetOsSku: context.target.osSku,
    pools: facts.cluster.pools,
    runtimeClasses: context.runtimeClasses,
  });
  return {
    planned,
    images: images.images,
    blockers: [
      ...images.blockers,
      ...placement.blockers,
      ...rolloutBlockers(workload, facts),
      ...spans,
    ],
  };
}

function clusterBlockers(facts: ReadFacts): Blocker[] {
  if (!facts.cluster.privateCluster) return [];
  return [
    {
      code: 'PRIVATE_CLUSTER_UNREACHABLE',
      subject: `cluster ${facts.cluster.name}`,
      message:
        'the cluster is private: its API server is not reachable from winshift, so its workloads cannot be listed or moved',
    },
  ];
}

/** The target, the new pool's name and spec, and the two pools' nodes as placement sees them. */
function planningContext(
  facts: ReadFacts,
  options: UpgradeOptions,
  calendar: RetirementCalendar,
): {
  target: ReturnType<typeof decideTarget>;
  name: ReturnType<typeof decidePoolName>;
  spec: AgentPoolSpec;
  context: PlacementContext;
  preflight: PreflightDecision;
} {
  const source = sourceOsOf(facts);
  const target = decideTarget(source, facts, options, calendar);
  const name = decidePoolName(target.osSku, options, facts);
  const oldSpec = facts.sourcePool?.spec ?? {};
  const copied = newPoolSpec({
    oldPool: oldSpec,
    targetSku: target.osSku,
    requiresFips: target.requiresFips,
    controlPlaneVersion: facts.cluster.kubernetesVersion,
    ...(target.minKubernetes !== undefined ? { minKubernetes: target.minKubernetes } : {}),
  });
  const preflight = preflightChecks(facts, copied, name.name);
  const spec = preflight.spec;
  const nodeNames = facts.nodes.map((n) => n.name).sort();
  const targetOs = { osSku: target.osSku, build: target.build };
  const oldNode = specNode(source.poolName, source, oldSpec, nodeNames[0]);
  const context: PlacementContext = {
    source: { poolName: source.poolName, osSku: source.osSku, build: source.build, nodeNames },
    target: targetOs,
    runtimeClasses: facts.runtimeClasses,
    newNode: specNode(name.name, targetOs, spec),
    oldNode,
    oldNodes: sourceNodes(oldNode, nodeNames),
  };
  return { target, name, spec, context, preflight };
}

export function planWithImages(
  facts: PlanFacts,
  options: UpgradeOptions,
  calendar: RetirementCalendar,
): PlannerResult {
  const { target, name, spec, context, preflight } = planningContext(facts, options, calendar);
  const { source } = context;
  const discovered = discoverWorkloads(facts, context);
  const planned = discovered.workloads.map((w) => planWorkload(w, facts, options, context));
  const identities = planIdentities(facts);
  const gmsa = planGmsa(discovered.workloads, facts, identities.identities);
  const managed = managedFindings(
    planned.map((p) => p.planned),
    options.managedWorkloads,
  );
  const blockers = sortFindings([
    ...clusterBlockers(facts),
    ...target.blockers,
    ...name.blockers,
    ...discovered.blockers,
    ...planned.flatMap((p) => p.blockers),
    ...identities.blockers,
    ...gmsa.blockers,
    ...managed.blockers,
    ...preflight.blockers,
    ...accessBlockers(facts.access),
  ]);
  const plan: Plan = {
    version: 1,
    cluster: {
      resourceId: facts.cluster.resourceId,
      kubernetesVersion: facts.cluster.kubernetesVersion,
      nodeResourceGroup: facts.cluster.nodeResourceGroup,
    },
    sourcePool: {
      name: source.poolName,
      osSku: source.osSku,
      build: source.build,
      nodeNames: source.nodeNames ?? [],
    },
    target: { osSku: target.osSku, build: target.build, poolName: name.name, spec },
    workloads: planned.map((p) => p.planned),
    blockers,
    warnings: sortFindings([
      ...managed.warnings,
      ...preflight.warnings,
      ...inheritedRoleWarnings(facts.vmss),
    ]),
    identities: identities.identities,
    gmsa: gmsa.checks,
    options,
  };
  return { plan, newPoolImages: [...new Set(planned.flatMap((p) => p.images))].sort() };
}

/** The plan for these facts (see `planWithImages` for the pre-pull image list too). */
export function buildPlan(
  facts: PlanFacts,
  options: UpgradeOptions,
  calendar: RetirementCalendar,
): Plan {
  return planWithImages(facts, options, calendar).plan;
}
