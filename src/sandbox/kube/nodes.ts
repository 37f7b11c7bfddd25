import { CoordinationV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { PoolSpec } from './cluster-backend.js';
import type { NodePlatform } from './compatibility.js';
import { createLease, deleteLease, renewLease, syncNodeReady } from './heartbeats.js';
import {
  buildNode,
  nodeName,
  platformOf,
  scaleSetName,
  type ClusterPlacement,
} from './node-object.js';

/** A node the simulator registered. */
export interface SimulatedNode {
  readonly name: string;
  readonly pool: string;
  readonly platform: NodePlatform;
  readonly address: string;
  /** False after stopHeartbeats(): the "kubelet" is gone, its pods are no longer run or confirmed. */
  readonly alive: boolean;
}

/** What the node agent needs from the simulator. */
export interface NodeDirectory {
  node(name: string): SimulatedNode | undefined;
}

export interface NodeSimulatorOptions {
  readonly placement?: Partial<ClusterPlacement>;
  /** Lease renewal period (a kubelet renews every 10 s). */
  readonly heartbeatIntervalInMs?: number;
  /** How long poolCreated waits for the node lifecycle controller to lift the not-ready taint. */
  readonly schedulableTimeoutInMs?: number;
}

interface NodeState extends SimulatedNode {
  alive: boolean;
  timer?: NodeJS.Timeout;
}

const DEFAULT_PLACEMENT: ClusterPlacement = {
  region: 'westeurope',
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  nodeResourceGroup: 'MC_winshift-sandbox_aks-sandbox_westeurope',
};

/**
 * Registers AKS-like Node objects for agent pools on a real API server and keeps their Leases
 * renewed, like kubelets would; heartbeats can be stopped per node to simulate node loss.
 */
export class NodeSimulator implements NodeDirectory {
  private readonly core: CoreV1Api;
  private readonly leases: CoordinationV1Api;
  private readonly placement: ClusterPlacement;
  private readonly nodes = new Map<string, NodeState>();
  private readonly pools = new Map<string, PoolSpec>();
  private nextAddress = 4;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: NodeSimulatorOptions = {},
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.leases = kubeConfig.makeApiClient(CoordinationV1Api);
    this.placement = { ...DEFAULT_PLACEMENT, ...options.placement };
  }

  node(name: string): SimulatedNode | undefined {
    return this.nodes.get(name);
  }

  nodesOf(poolName: string): SimulatedNode[] {
    return [...this.nodes.values()].filter((node) => node.pool === poolName);
  }

  /** Names of the pools that have nodes here. */
  poolNames(): string[] {
    return [...this.pools.keys()];
  }

  /** The scale set (VMSS) name AKS gives the pool in the node resource group. */
  scaleSetOf(poolName: string): string | undefined {
    const pool = this.pools.get(poolName);
    return pool && scaleSetName(pool);
  }

  /** Registers `pool.count` Ready nodes and waits until the scheduler may use them. */
  async addPool(pool: PoolSpec): Promise<SimulatedNode[]> {
    if (this.pools.has(pool.name)) throw new Error(`pool ${pool.name} already has nodes`);
    const platform = platformOf(pool);
    this.pools.set(pool.name, pool);
    const created: NodeState[] = [];
    for (let index = 0; index < pool.count; index++) {
      const address = `10.224.${Math.floor(this.nextAddress / 250)}.${this.nextAddress % 250}`;
      this.nextAddress++;
      const body = buildNode(pool, index, address, this.placement);
      await this.core.createNode({ body });
      const state: NodeState = {
        name: nodeName(pool, index),
        pool: pool.name,
        platform,
        address,
        alive: true,
      };
      this.nodes.set(state.name, state);
      created.push(state);
      await createLease(this.leases, state.name);
      this.startHeartbeats(state);
    }
    await Promise.all(created.map((node) => this.waitSchedulable(node.name)));
    return created;
  }

  /**
   * Removes the pool as when its VMs vanish: Nodes first (so the scheduler stops placing pods there),
   * then every pod bound to them (immediately) and their Leases.
   */
  async removePool(poolName: string): Promise<void> {
    const nodes = this.nodesOf(poolName);
    for (const node of nodes) {
      this.stopHeartbeats(node.name);
      await ignoreNotFound(this.core.deleteNode({ name: node.name }));
    }
    for (const node of nodes) {
      // A controller may have bound a replacement pod just before its node went: sweep again.
      for (let sweep = 0; sweep < 2; sweep++) await this.deletePodsOn(node.name);
      await deleteLease(this.leases, node.name);
      this.nodes.delete(node.name);
    }
    this.pools.delete(poolName);
  }

  private async deletePodsOn(nodeName: string): Promise<void> {
    const pods = await this.core.listPodForAllNamespaces({
      fieldSelector: `spec.nodeName=${nodeName}`,
    });
    for (const pod of pods.items) {
      const { name, namespace } = pod.metadata ?? {};
      if (name && namespace)
        await ignoreNotFound(
          this.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }),
        );
    }
  }

  /** Node loss: the node's kubelet stops renewing its Lease and stops running pods. */
  stopHeartbeats(name: string): void {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`unknown node ${name}`);
    clearInterval(node.timer);
    node.alive = false;
  }

  /** Stops every heartbeat timer (the nodes stay registered). */
  stop(): void {
    for (const node of this.nodes.values()) clearInterval(node.timer);
  }

  private startHeartbeats(node: NodeState): void {
    node.timer = setInterval(() => {
      // A missed renewal or status sync is what kubelets see too: the next tick tries again.
      renewLease(this.leases, node.name)
        .then(() => syncNodeReady(this.core, node.name))
        .catch(() => undefined);
    }, this.options.heartbeatIntervalInMs ?? 10_000);
    node.timer.unref();
  }

  private async waitSchedulable(name: string): Promise<void> {
    const deadline = Date.now() + (this.options.schedulableTimeoutInMs ?? 60_000);
    for (;;) {
      const node = await this.core.readNode({ name });
      const taints = node.spec?.taints ?? [];
      if (!taints.some((taint) => taint.key === 'node.kubernetes.io/not-ready')) return;
      if (Date.now() > deadline)
        throw new Error(
          `node ${name} kept the node.kubernetes.io/not-ready taint (is the controller manager running?)`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function ignoreNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
}
