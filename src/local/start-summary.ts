/**
 * What `npm start` shows at the end: the cluster before and after (pools by their nodes' OS SKU, each
 * workload's pool and images), read from the sandbox's Kubernetes API, plus the upgrade's outcome.
 */
import { AppsV1Api, CoreV1Api, type V1Node, type V1PodSpec } from '@kubernetes/client-node';
import type { UpgradeView } from '../cli/client.js';
import type { RunningSandbox } from '../sandbox/index.js';
import { SYSTEM_NAMESPACES, WINSHIFT_NAMESPACE } from '../domain/system-objects.js';

const POOL_LABEL = 'kubernetes.azure.com/agentpool';
const SKU_LABEL = 'kubernetes.azure.com/os-sku';
const HIDDEN_NAMESPACES = new Set([...SYSTEM_NAMESPACES, WINSHIFT_NAMESPACE]);

export interface ClusterSnapshot {
  /** pool -> "Windows2019 x3" */
  readonly pools: Readonly<Record<string, string>>;
  /** "Deployment shop/web" -> "win19: image, image" */
  readonly workloads: Readonly<Record<string, string>>;
}

/** The owner is the workload itself, or its ReplicaSet `<name>-<hash>`. */
function ownedBy(owner: string, name: string): boolean {
  if (owner === name) return true;
  return owner.startsWith(`${name}-`) && /^[a-z0-9]+$/.test(owner.slice(name.length + 1));
}

function images(spec: V1PodSpec | undefined): string {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]
    .map((c) => c.image)
    .join(', ');
}

function nodePools(nodes: readonly V1Node[]): {
  poolOfNode: Map<string, string>;
  pools: Record<string, string>;
} {
  const poolOfNode = new Map<string, string>();
  const counts = new Map<string, { sku: string; count: number }>();
  for (const node of nodes) {
    const labels = node.metadata?.labels ?? {};
    const pool = labels[POOL_LABEL] ?? '?';
    poolOfNode.set(node.metadata?.name ?? '', pool);
    const entry = counts.get(pool) ?? { sku: labels[SKU_LABEL] ?? '?', count: 0 };
    counts.set(pool, { ...entry, count: entry.count + 1 });
  }
  const pools: Record<string, string> = {};
  for (const [pool, { sku, count }] of counts) pools[pool] = `${sku} x${count}`;
  return { poolOfNode, pools };
}

export async function snapshotCluster(
  sandbox: RunningSandbox,
  clusterId: string,
): Promise<ClusterSnapshot> {
  const kubeConfig = sandbox.cluster(clusterId).kubeConfig;
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const [nodes, pods, deployments, statefulSets, daemonSets] = await Promise.all([
    core.listNode(),
    core.listPodForAllNamespaces(),
    apps.listDeploymentForAllNamespaces(),
    apps.listStatefulSetForAllNamespaces(),
    apps.listDaemonSetForAllNamespaces(),
  ]);
  const { poolOfNode, pools } = nodePools(nodes.items);
  const poolsOfWorkload = (namespace: string, name: string): string => {
    const found = new Set<string>();
    for (const pod of pods.items) {
      const owner = pod.metadata?.ownerReferences?.[0]?.name ?? '';
      if (pod.metadata?.namespace === namespace && ownedBy(owner, name) && pod.spec?.nodeName)
        found.add(poolOfNode.get(pod.spec.nodeName) ?? '?');
    }
    return [...found].sort().join('+') || 'no pods';
  };
  const workloads: Record<string, string> = {};
  const all = [
    ...deployments.items.map((o) => ['Deployment', o] as const),
    ...statefulSets.items.map((o) => ['StatefulSet', o] as const),
    ...daemonSets.items.map((o) => ['DaemonSet', o] as const),
  ];
  for (const [kind, o] of all) {
    const namespace = o.metadata?.namespace ?? '';
    if (HIDDEN_NAMESPACES.has(namespace)) continue;
    const name = o.metadata?.name ?? '';
    workloads[`${kind} ${namespace}/${name}`] =
      `${poolsOfWorkload(namespace, name)}: ${images(o.spec?.template.spec)}`;
  }
  return { pools, workloads };
}

function changes(
  title: string,
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const lines = keys
    .filter((key) => before[key] !== after[key])
    .map((key) => `  ${key}: ${before[key] ?? '(none)'}  ->  ${after[key] ?? '(gone)'}`);
  return [title, ...(lines.length > 0 ? lines : ['  (no change)'])];
}

/** The closing summary: outcome, pools and workloads before -> after. */
export function describeOutcome(
  final: UpgradeView,
  before: ClusterSnapshot,
  after: ClusterSnapshot,
): string[] {
  const status = final.status;
  const error = status?.lastError ? ` [${status.lastError.code}] ${status.lastError.message}` : '';
  return [
    '',
    `Upgrade ${final.id ?? ''}: ${status?.phase ?? final.runtimeStatus ?? 'unknown'}${error}`,
    ...changes('Node pools (nodes by OS SKU):', before.pools, after.pools),
    ...changes('Workloads (pool: images):', before.workloads, after.workloads),
  ];
}
