import type { ClusterNodes, PoolSpec } from './cluster-backend.js';
import type { NodeSimulator } from './nodes.js';

/** The ARM emulator's view of the cluster, backed by simulated nodes on the real API server. */
export class SimulatedClusterNodes implements ClusterNodes {
  constructor(private readonly simulator: NodeSimulator) {}

  async poolCreated(pool: PoolSpec): Promise<void> {
    await this.simulator.addPool(pool);
  }

  async poolDeleted(poolName: string): Promise<void> {
    await this.simulator.removePool(poolName);
  }
}
