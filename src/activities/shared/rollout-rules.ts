/**
 * kubectl's rollout rules (src/domain/rollout.ts) fed from a WorkloadInfo, plus winshift's own rule
 * for a widened DaemonSet: it runs on both pools under OnDelete, so the cluster-wide counts never
 * settle; what matters is an up-to-date, Ready pod on every new-pool node it selects.
 */
import {
  cronJobRollout,
  daemonSetRollout,
  daemonSetRunsNowhere,
  deploymentRollout,
  statefulSetRollout,
  type DeploymentRollout,
  type RolloutState,
  type StatefulSetRollout,
} from '../../domain/rollout.js';
import { nodeSelectorMatches, requiredAffinityMatches } from '../../domain/scheduling.js';
import type { NodeInfo, PodInfo, WorkloadInfo } from '../../ports/kubernetes.js';

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

const generationOf = (w: WorkloadInfo): { generation: number; observedGeneration: number } => ({
  generation: w.generation,
  observedGeneration: Number(w.status['observedGeneration'] ?? 0),
});

export function controllerRollout(w: WorkloadInfo): RolloutState {
  if (w.kind === 'CronJob') return cronJobRollout();
  if (w.kind === 'Deployment') {
    const status = w.status as DeploymentRollout['status'];
    return deploymentRollout({ ...generationOf(w), replicas: w.replicas ?? 1, status });
  }
  if (w.kind === 'StatefulSet') {
    const status = w.status as StatefulSetRollout['status'];
    const updateStrategy = w.updateStrategy === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
    return statefulSetRollout({
      ...generationOf(w),
      replicas: w.replicas ?? 1,
      updateStrategy,
      status,
    });
  }
  return daemonSetRollout({ ...generationOf(w), status: w.status });
}

/** Whether the DaemonSet's template selects the node (nodeSelector and required node affinity). */
function selects(w: WorkloadInfo, n: NodeInfo): boolean {
  return (
    nodeSelectorMatches(w.placement.nodeSelector, n.labels) &&
    requiredAffinityMatches(w.placement.affinity?.nodeAffinity, { name: n.name, labels: n.labels })
  );
}

/** New-pool nodes the DaemonSet's template selects (Ready ones: a NotReady node gets no pod). */
export function daemonSetNodes(w: WorkloadInfo, nodes: readonly NodeInfo[]): NodeInfo[] {
  return nodes.filter((n) => n.ready && selects(w, n));
}

/** A DaemonSet pod created from the current template (the controller stamps the generation). */
export function currentDaemonPod(w: WorkloadInfo, pod: PodInfo): boolean {
  return pod.labels[TEMPLATE_GENERATION_LABEL] === String(w.generation);
}

/** The nodes of the pool a DaemonSet must cover, and how the status names that pool. */
export interface DaemonSetPool {
  readonly nodes: readonly NodeInfo[];
  readonly label: string;
}

/**
 * A DaemonSet scheduled on no node at all (`daemonSetRunsNowhere`), or whose template selects none
 * of the pool's nodes (Ready or not), runs nowhere once the other pool is gone: failed, not Ready.
 */
function runsNowhere(w: WorkloadInfo, pool: DaemonSetPool): RolloutState | undefined {
  const nowhere = daemonSetRunsNowhere({ ...generationOf(w), status: w.status });
  if (nowhere || pool.nodes.length === 0 || pool.nodes.some((n) => selects(w, n))) return nowhere;
  return {
    done: false,
    failed: true,
    reason: `the daemon set's template selects none of the ${pool.nodes.length} nodes of ${pool.label}: its pods would run nowhere`,
  };
}

export function widenedDaemonSetRollout(
  w: WorkloadInfo,
  pool: DaemonSetPool,
  selectedNodes: number,
  readyCurrent: number,
): RolloutState {
  const { generation, observedGeneration } = generationOf(w);
  if (observedGeneration < generation)
    return {
      done: false,
      failed: false,
      reason: 'waiting for the daemon set spec update to be observed',
    };
  const nowhere = runsNowhere(w, pool);
  if (nowhere) return nowhere;
  if (readyCurrent < selectedNodes) {
    return {
      done: false,
      failed: false,
      reason: `${readyCurrent} of ${selectedNodes} new-pool nodes run an updated, Ready pod`,
    };
  }
  return { done: true, failed: false, reason: 'daemon set Ready on every new-pool node' };
}
