import { CoordinationV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterNodes } from '../kube/cluster-backend.js';
import { SimulatedClusterNodes } from '../kube/cluster-nodes.js';
import type { ImageCatalog } from '../kube/image-catalog.js';
import { NodeAgent } from '../kube/node-agent.js';
import { NodeSimulator } from '../kube/nodes.js';
import type { ClusterState } from '../state/model.js';
import { poolNodesSpec } from '../state/pool-hooks.js';
import type { KubernetesManifest } from '../state/scenario.js';
import type { World } from '../state/world.js';
import type { NodeLatency } from '../scenario/latency.js';
import { applyManifests, removeApplied, type AppliedObjects } from './apply.js';
import {
  obtainControlPlane,
  type ClusterControlPlane,
  type ControlPlaneRequest,
} from './control-plane-access.js';
import { toKubePoolSpec } from './pool-adapter.js';

/** One sandbox cluster's Kubernetes side: its control plane, simulated nodes and node agent. */
export interface ClusterRuntime {
  readonly controlPlane: ClusterControlPlane;
  readonly simulator: NodeSimulator;
  /** What the pool hooks call. */
  readonly nodes: ClusterNodes;
  stop(): Promise<void>;
}

export interface ClusterRuntimeOptions {
  readonly world: World;
  readonly cluster: ClusterState;
  readonly manifests: readonly KubernetesManifest[];
  readonly images: ImageCatalog;
  readonly latency: Required<NodeLatency>;
  readonly controlPlane: Omit<ControlPlaneRequest, 'clusterName'>;
}

/** Nodes of this cluster left on a shared control plane by a sandbox that never stopped. */
async function removeLeftoverNodes(
  kubeConfig: KubeConfig,
  nodeResourceGroup: string,
): Promise<void> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const leases = kubeConfig.makeApiClient(CoordinationV1Api);
  const nodes = await core.listNode({
    labelSelector: `kubernetes.azure.com/cluster=${nodeResourceGroup}`,
  });
  for (const node of nodes.items) {
    const name = node.metadata?.name ?? '';
    const pods = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` });
    for (const pod of pods.items)
      await core
        .deleteNamespacedPod({
          name: pod.metadata?.name ?? '',
          namespace: pod.metadata?.namespace ?? '',
          gracePeriodSeconds: 0,
        })
        .catch(() => undefined);
    await leases
      .deleteNamespacedLease({ name, namespace: 'kube-node-lease' })
      .catch(() => undefined);
    await core.deleteNode({ name }).catch(() => undefined);
  }
}

async function registerInitialPools(
  world: World,
  cluster: ClusterState,
  simulator: NodeSimulator,
): Promise<void> {
  await Promise.all(
    [...cluster.pools.values()].map((pool) => {
      const vmss = world.vmssOfPool(cluster, pool.name);
      return simulator.addPool(
        toKubePoolSpec(poolNodesSpec(pool, vmss?.name ?? `aks${pool.name}`)),
      );
    }),
  );
}

/**
 * Starts (or takes) the cluster's control plane, registers the nodes of its existing pools, runs the
 * node agent and applies the scenario's objects. On failure, whatever started is stopped.
 */
export async function startClusterRuntime(options: ClusterRuntimeOptions): Promise<ClusterRuntime> {
  const { cluster, latency } = options;
  const controlPlane = await obtainControlPlane({
    ...options.controlPlane,
    clusterName: cluster.name,
  });
  const { kubeConfig } = controlPlane;
  const simulator = new NodeSimulator(kubeConfig, {
    placement: {
      region: cluster.location,
      subscriptionId: cluster.subscriptionId,
      nodeResourceGroup: cluster.nodeResourceGroup,
    },
  });
  const agent = new NodeAgent(kubeConfig, simulator, options.images, {
    pullBytesPerSecond: latency.imagePullBytesPerSecond,
    startDelayInMs: latency.containerStartMs,
    gracePeriodScale: latency.gracePeriodScale,
    backoffScale: latency.backoffScale,
  });
  let applied: AppliedObjects = { objects: [] };
  const stop = async (): Promise<void> => {
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<void>): Promise<void> => {
      await step().catch((error: unknown) => problems.push(error));
    };
    if (controlPlane.shared) {
      // The API server outlives us: leave it as we found it (the agent still confirms pod deletions).
      await attempt(() => removeApplied(kubeConfig, applied));
      for (const pool of simulator.poolNames()) await attempt(() => simulator.removePool(pool));
    }
    simulator.stop();
    await attempt(() => agent.stop());
    await attempt(() => controlPlane.release());
    if (problems.length > 0)
      throw new AggregateError(problems, `stopping cluster ${cluster.name} left problems`);
  };
  try {
    if (controlPlane.shared) await removeLeftoverNodes(kubeConfig, cluster.nodeResourceGroup);
    await agent.start();
    await registerInitialPools(options.world, cluster, simulator);
    applied = await applyManifests(kubeConfig, options.manifests);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { controlPlane, simulator, nodes: new SimulatedClusterNodes(simulator), stop };
}
