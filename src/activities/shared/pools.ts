/** The old and new pool as the activities address them: by name in ARM, by label in Kubernetes. */
import { NODE_LABELS } from '../../domain/os.js';
import type { Plan } from '../../domain/plan.js';
import type { KubernetesPort, NodeInfo } from '../../ports/kubernetes.js';

export type PoolSide = 'source' | 'target';

export function poolName(plan: Plan, side: PoolSide): string {
  return side === 'source' ? plan.sourcePool.name : plan.target.poolName;
}

/** The pool's nodes as they are now (the plan's node list may be stale after scaling). */
export function listPoolNodes(kube: KubernetesPort, pool: string): Promise<readonly NodeInfo[]> {
  return kube.listNodes(`${NODE_LABELS.agentPool}=${pool}`);
}
