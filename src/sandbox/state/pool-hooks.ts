/** What the emulator tells about a pool whose nodes must appear or disappear. */
export interface PoolNodesSpec {
  readonly name: string;
  readonly osType: 'Linux' | 'Windows';
  readonly osSKU: string;
  readonly count: number;
  readonly vmSize: string;
  readonly orchestratorVersion: string;
  readonly mode: string;
  readonly availabilityZones: readonly string[];
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly nodeTaints: readonly string[];
  /** The pool's VMSS name (AKS names nodes `<vmss>000000`...). */
  readonly vmssName: string;
}

/**
 * Called by the emulator when a pool is created (after its provisioning delay, before it reports
 * Succeeded) and when it is deleted. A throw makes the create LRO end Failed. The Kubernetes side of the
 * sandbox implements this with Node objects; tests use {@link createRecordingPoolHooks}.
 */
export interface PoolHooks {
  poolCreated(clusterId: string, pool: PoolNodesSpec): Promise<void>;
  poolDeleted(clusterId: string, poolName: string): Promise<void>;
}

/** Hooks for ARM-only clusters: nothing happens. */
export const noPoolHooks: PoolHooks = {
  poolCreated: () => Promise.resolve(),
  poolDeleted: () => Promise.resolve(),
};

export interface PoolHookEvent {
  readonly kind: 'created' | 'deleted';
  readonly clusterId: string;
  readonly poolName: string;
  readonly pool?: PoolNodesSpec;
}

/** In-memory hooks that remember every call, in order. */
export function createRecordingPoolHooks(): PoolHooks & { readonly events: PoolHookEvent[] } {
  const events: PoolHookEvent[] = [];
  return {
    events,
    poolCreated(clusterId, pool) {
      events.push({ kind: 'created', clusterId, poolName: pool.name, pool });
      return Promise.resolve();
    },
    poolDeleted(clusterId, poolName) {
      events.push({ kind: 'deleted', clusterId, poolName });
      return Promise.resolve();
    },
  };
}
