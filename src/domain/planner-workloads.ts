/**
 * Which workloads the move touches (issue 12 item 5): the controllers of the pods running on the
 * source pool, and every controller template that can only land on the source pool, since a
 * Deployment scaled to 0 (by hand, an HPA or KEDA), a CronJob between runs or a workload whose pods
 * are all Pending has no pod there and would go Pending for ever once the pool is deleted.
 *
 * Decided per kind: Deployments and StatefulSets (at 0 replicas too: such a rollout is complete at
 * once), DaemonSets and CronJobs (their job template; nothing to roll) are moved. A Job is refused:
 * its pod template is immutable. A ReplicaSet no Deployment owns is refused: changing its template
 * replaces none of its pods. A finished Job starts nothing again and is left alone. A pod nobody
 * controls, or one under a controller winshift does not know, would be evicted with nowhere to go:
 * a blocker too. System and AKS add-on objects are skipped (AKS reconciles them; winshift never
 * touches them).
 */
import type { Blocker } from './plan.js';
import type { PodFact, ReadFacts } from './planner-facts.js';
import type { TemplateInfo, WorkloadInfo } from './kube-objects.js';
import { pinnedToSource, type PlacementContext } from './planner-placement.js';
import { compareRefs, workloadKey } from './workload-ref.js';
import { isOutsideUpgrade, isPodOutsideUpgrade } from './system-objects.js';

export interface DiscoveredWorkloads {
  /** Sorted by `compareRefs`, each once. */
  readonly workloads: readonly WorkloadInfo[];
  readonly blockers: readonly Blocker[];
}

const where = (context: PlacementContext): string =>
  `nodeSelector kubernetes.azure.com/os-sku: ${context.target.osSku}`;

function jobBlocker(namespace: string, name: string, context: PlacementContext): Blocker {
  return {
    code: 'JOB_IMMUTABLE',
    subject: `Job ${namespace}/${name}`,
    message: `the Job can only run on the old pool and a Job's pod template cannot be changed, so its pods would go Pending once the pool is gone: let it finish and plan again, or delete it and recreate it for the new pool (${where(context)}); a CronJob's next Jobs follow its template, which winshift patches`,
  };
}

function replicaSetBlocker(namespace: string, name: string): Blocker {
  return {
    code: 'REPLICASET_UNOWNED',
    subject: `ReplicaSet ${namespace}/${name}`,
    message:
      'no Deployment owns this ReplicaSet and it can only run on the old pool; a ReplicaSet replaces none of its pods when its template changes, so they would go Pending once the pool is gone: run it under a Deployment (winshift moves those), or scale it to 0 and delete it, then plan again',
  };
}

function podBlocker(fact: PodFact, context: PlacementContext): Blocker | undefined {
  const { pod, controller } = fact;
  if (controller.type === 'bare') {
    return {
      code: 'BARE_POD',
      subject: `Pod ${pod.namespace}/${pod.name}`,
      message:
        'the pod has no controller: drained, it would not come back on the new pool; run it under a Deployment, StatefulSet or DaemonSet, or delete it',
    };
  }
  if (controller.type !== 'other') return undefined;
  if (controller.kind === 'Job') return jobBlocker(pod.namespace, controller.name, context);
  if (controller.kind === 'ReplicaSet') return replicaSetBlocker(pod.namespace, controller.name);
  return {
    code: 'UNPLANNED_WORKLOAD',
    subject: `${controller.kind} ${pod.namespace}/${controller.name}`,
    message: `winshift moves Deployments, StatefulSets, DaemonSets and CronJobs only; a ${controller.kind} pinned to the old pool would be left Pending after the drain: move it first, or delete it`,
  };
}

/** A ReplicaSet or Job that can only land on the source pool and that nothing else moves. */
function templateBlocker(template: TemplateInfo, context: PlacementContext): Blocker | undefined {
  if (isOutsideUpgrade(template.namespace, template.labels)) return undefined;
  if (!pinnedToSource(template.placement, context)) return undefined;
  if (template.kind === 'Job')
    return template.finished ? undefined : jobBlocker(template.namespace, template.name, context);
  // A Deployment's ReplicaSets follow the Deployment's template, which the plan moves.
  return template.controller === undefined
    ? replicaSetBlocker(template.namespace, template.name)
    : undefined;
}

/** The workloads to move, and blockers for what cannot be moved. */
export function discoverWorkloads(
  facts: ReadFacts,
  context: PlacementContext,
): DiscoveredWorkloads {
  const blockers = new Map<string, Blocker>();
  const block = (blocker: Blocker | undefined): void => {
    if (blocker !== undefined) blockers.set(`${blocker.code} ${blocker.subject ?? ''}`, blocker);
  };
  const wanted = new Set<string>();
  for (const fact of facts.pods) {
    if (isPodOutsideUpgrade(fact.pod)) continue;
    block(podBlocker(fact, context));
    if (fact.controller.type === 'workload') wanted.add(workloadKey(fact.controller.ref));
  }
  for (const workload of facts.workloads)
    if (pinnedToSource(workload.placement, context)) wanted.add(workloadKey(workload));
  for (const template of facts.otherTemplates) block(templateBlocker(template, context));
  const workloads = facts.workloads
    .filter((w) => wanted.has(workloadKey(w)) && !isOutsideUpgrade(w.namespace, w.labels))
    .filter((w, i, all) => all.findIndex((x) => workloadKey(x) === workloadKey(w)) === i)
    .sort(compareRefs);
  return { workloads, blockers: [...blockers.values()] };
}
