/**
 * Cordons that belong to a run: each node this run cordons is recorded (store, per run and pool)
 * before it is cordoned, and an uncordon touches only recorded nodes, so a node an operator had
 * cordoned before or during the run stays cordoned after a rollback.
 */
import type { KubernetesPort, NodeInfo } from '../../ports/kubernetes.js';
import type { UpgradeStore } from '../../ports/store.js';

export interface PoolCordon {
  readonly kube: KubernetesPort;
  readonly store: UpgradeStore;
  readonly runId: string;
  readonly pool: string;
}

/** Cordons the schedulable ones of `nodes`, recorded first; answers how many it cordoned. */
export async function cordonNodes(c: PoolCordon, nodes: readonly NodeInfo[]): Promise<number> {
  const toCordon = nodes.filter((n) => !n.unschedulable).map((n) => n.name);
  if (toCordon.length === 0) return 0;
  await c.store.saveCordonedNodes(c.runId, c.pool, toCordon);
  for (const name of toCordon) await c.kube.setUnschedulable(name, true);
  return toCordon.length;
}

/** Uncordons the cordoned ones of `nodes` this run cordoned; answers how many it uncordoned. */
export async function uncordonNodes(c: PoolCordon, nodes: readonly NodeInfo[]): Promise<number> {
  const ours = new Set(await c.store.loadCordonedNodes(c.runId, c.pool));
  const toUncordon = nodes.filter((n) => n.unschedulable && ours.has(n.name)).map((n) => n.name);
  for (const name of toUncordon) await c.kube.setUnschedulable(name, false);
  return toUncordon.length;
}
