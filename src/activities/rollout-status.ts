/**
 * getRolloutStatus (DESIGN step 5): per workload, kubectl's completion rule and its pods Ready on the
 * new pool (getRestoreStatus: on the old pool, after a rollback's restore); progress rows for the
 * status endpoint. Polled by the orchestrator, it also moves what the
 * controllers will not: an OnDelete StatefulSet's next pod, and DaemonSet pods on new-pool nodes that
 * predate the patch (OnDelete keeps them on the old template otherwise).
 */
import type { RolloutState } from '../domain/rollout.js';
import type {
  KubernetesPort,
  NodeInfo,
  PodInfo,
  WorkloadInfo,
  WorkloadRef,
} from '../ports/kubernetes.js';
import type { WorkloadProgress } from '../ports/store.js';
import type { WorkloadBatchInput, WorkloadRollout } from '../workflow/contracts/index.js';
import { mapLimit, WORKLOAD_CONCURRENCY } from './shared/concurrency.js';
import type { ActivityDeps } from './shared/deps.js';
import { loadCheckedPlan } from './shared/plan-ref.js';
import { listPoolNodes } from './shared/pools.js';
import {
  controllerRollout,
  currentDaemonPod,
  daemonSetNodes,
  widenedDaemonSetRollout,
  type DaemonSetPool,
} from './shared/rollout-rules.js';
import { rollOnDeleteStep } from './shared/statefulset-pods.js';

export type RolloutStatusDeps = Pick<ActivityDeps, 'kubernetes' | 'store' | 'now'>;

const waitingNote = (pods: readonly PodInfo[]): string => {
  const reasons = [...new Set(pods.flatMap((p) => (p.waitingReason ? [p.waitingReason] : [])))];
  return reasons.length > 0 ? ` (pods waiting: ${reasons.join(', ')})` : '';
};

async function daemonSetStatus(
  kube: KubernetesPort,
  w: WorkloadInfo,
  onNew: readonly PodInfo[],
  pool: DaemonSetPool,
): Promise<Omit<WorkloadRollout, 'ref'>> {
  const observed = Number(w.status['observedGeneration'] ?? 0) >= w.generation;
  const stale = observed ? onNew.filter((p) => !p.deleting && !currentDaemonPod(w, p)) : [];
  for (const pod of stale) await kube.deletePod(pod.namespace, pod.name);
  const desired = daemonSetNodes(w, pool.nodes).length;
  const ready = onNew.filter((p) => p.ready && !p.deleting && currentDaemonPod(w, p)).length;
  return { state: widenedDaemonSetRollout(w, pool, desired, ready), ready, desired };
}

async function rolloutOf(
  kube: KubernetesPort,
  ref: WorkloadRef,
  newNodes: readonly NodeInfo[],
  poolLabel: string,
): Promise<WorkloadRollout> {
  const w = await kube.getWorkload(ref);
  if (w === undefined) {
    const state: RolloutState = { done: true, failed: false, reason: 'workload no longer exists' };
    return { ref, state, ready: 0, desired: 0 };
  }
  // Nothing to wait for: its next Job starts from the patched (or restored) template.
  if (w.kind === 'CronJob') return { ref, state: controllerRollout(w), ready: 0, desired: 0 };
  if (w.kind === 'StatefulSet' && w.updateStrategy === 'OnDelete') await rollOnDeleteStep(kube, w);
  const names = new Set(newNodes.map((n) => n.name));
  const onNew = (await kube.listWorkloadPods(ref)).filter((p) => names.has(p.nodeName ?? ''));
  if (w.kind === 'DaemonSet') {
    const pool = { nodes: newNodes, label: poolLabel };
    return { ref, ...(await daemonSetStatus(kube, w, onNew, pool)) };
  }
  const desired = w.replicas ?? 1;
  const ready = onNew.filter((p) => p.ready && !p.deleting).length;
  const rule = controllerRollout(w);
  const note = waitingNote(onNew);
  if (!rule.done || rule.failed)
    return { ref, state: { ...rule, reason: rule.reason + note }, ready, desired };
  if (ready < desired) {
    const reason = `${ready} of ${desired} pods Ready on ${poolLabel}${note}`;
    return { ref, state: { done: false, failed: false, reason }, ready, desired };
  }
  return { ref, state: rule, ready, desired };
}

function progressOf(r: WorkloadRollout, updatedAt: string): WorkloadProgress {
  const phase = r.state.failed ? 'failed' : r.state.done ? 'ready' : 'rolling';
  return {
    ref: r.ref,
    phase,
    ready: r.ready,
    desired: r.desired,
    message: r.state.reason,
    updatedAt,
  };
}

/** The forward rollout: complete by kubectl's rule and Ready on the new pool. */
export function getRolloutStatus(
  deps: RolloutStatusDeps,
  input: WorkloadBatchInput,
): Promise<WorkloadRollout[]> {
  return rolloutOnPool(deps, input, 'target');
}

/** A rollback's rollout: the restored workloads complete and Ready on the old pool again. */
export function getRestoreStatus(
  deps: RolloutStatusDeps,
  input: WorkloadBatchInput,
): Promise<WorkloadRollout[]> {
  return rolloutOnPool(deps, input, 'source');
}

async function rolloutOnPool(
  deps: RolloutStatusDeps,
  input: WorkloadBatchInput,
  pool: 'source' | 'target',
): Promise<WorkloadRollout[]> {
  const plan = await loadCheckedPlan(deps.store, input);
  const kube = await deps.kubernetes.connect(plan.cluster.resourceId);
  const poolName = pool === 'target' ? plan.target.poolName : plan.sourcePool.name;
  const nodes = await listPoolNodes(kube, poolName);
  const label = pool === 'target' ? 'the new pool' : `the old pool ${poolName}`;
  const results = await mapLimit(input.workloads, WORKLOAD_CONCURRENCY, (ref) =>
    rolloutOf(kube, ref, nodes, label),
  );
  const updatedAt = deps.now().toISOString();
  await deps.store.saveProgress(
    input.instanceId,
    results.map((r) => progressOf(r, updatedAt)),
  );
  return results;
}
