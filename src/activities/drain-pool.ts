/**
 * drainPool (DESIGN step 7): ONE pass of kubectl drain over the old pool. Nodes still schedulable are
 * cordoned first (drain's own first step; recorded as this run's, like cordonPool's), then every pod kubectl would evict is evicted through the
 * Eviction API so PodDisruptionBudgets stay in charge. A PDB refusal (429) is `blocked`, a pod drain
 * will not touch without an opt-in is `refused`; the orchestrator repeats passes with durable timers
 * until nothing remains or its drain timeout. Pods already terminating count as remaining.
 */
import { planDrain } from '../domain/drain.js';
import type { PodInfo } from '../ports/kubernetes.js';
import type { DrainPassOutput, PlanRef } from '../workflow/contracts/index.js';
import { cordonNodes } from './shared/cordon.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { listPoolNodes } from './shared/pools.js';

export type DrainPoolDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'log'>;

/**
 * emptyDir data is given up as AKS's own node drain does: the workloads were moved already and their
 * controllers recreate them on the new pool. Pods without a controller are never forced: they would
 * not come back (the plan reports them as blockers).
 */
const DRAIN_OPTIONS = { force: false, deleteEmptyDirData: true } as const;

const podName = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`;

export async function drainPool(deps: DrainPoolDeps, input: PlanRef): Promise<DrainPassOutput> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const nodes = await listPoolNodes(kube, plan.sourcePool.name);
  const cordon = { kube, store: deps.store, runId: input.runId, pool: plan.sourcePool.name };
  await cordonNodes(cordon, nodes);
  const pods = await kube.listPodsOnNodes(nodes.map((n) => n.name));
  const drain = planDrain(pods, DRAIN_OPTIONS);
  let evicted = 0;
  let gone = 0;
  const blocked: { pod: string; reason: string }[] = [];
  for (const pod of drain.evict as readonly PodInfo[]) {
    if (pod.deleting) continue;
    const result = await kube.evictPod(pod.namespace, pod.name);
    if (result.outcome === 'evicted') evicted++;
    else if (result.outcome === 'gone') gone++;
    else blocked.push({ pod: podName(pod), reason: result.message });
  }
  const refused = drain.refused.map((r) => ({ pod: podName(r.pod), reason: r.reason }));
  const remaining = drain.evict.length + refused.length - gone;
  deps.log.info('drain pass', {
    step: 'drainPool',
    instanceId: input.instanceId,
    cluster: plan.cluster.resourceId,
    pool: plan.sourcePool.name,
    count: remaining,
  });
  return { remaining, evicted, blocked, refused };
}
