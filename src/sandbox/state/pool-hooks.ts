import type { PoolState } from './model.js';

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
  /** Pods per node (AgentPool `maxPods`), when the pool says. */
  readonly maxPods?: number;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** What the hooks are told about a pool in state (its AgentPool properties and VMSS name). */
export function poolNodesSpec(pool: PoolState, vmssName: string): PoolNodesSpec {
  const p = pool.properties;
  const maxPods = Number(p['maxPods']);
  return {
    name: pool.name,
    osType: p['osType'] === 'Windows' ? 'Windows' : 'Linux',
    osSKU: text(p['osSKU'], ''),
    count: Number(p['count'] ?? 0),
    vmSize: text(p['vmSize'], ''),
    orchestratorVersion: text(p['orchestratorVersion'], ''),
    mode: text(p['mode'], 'User'),
    availabilityZones: Array.isArray(p['availabilityZones'])
      ? (p['availabilityZones'] as string[])
      : [],
    nodeLabels: (p['nodeLabels'] as Record<string, string> | undefined) ?? {},
    nodeTaints: Array.isArray(p['nodeTaints']) ? (p['nodeTaints'] as string[]) : [],
    vmssName,
    ...(Number.isInteger(maxPods) && maxPods > 0 ? { maxPods } : {}),
  };
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
