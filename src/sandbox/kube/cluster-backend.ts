/**
 * The contract between the ARM emulator and the simulated cluster: when an agent pool is created or
 * deleted through ARM (after the scenario's provisioning delay), the emulator tells the cluster.
 */
export interface PoolSpec {
  /** The agent pool name (Windows: 1-6 characters). */
  readonly name: string;
  readonly osType: 'Linux' | 'Windows';
  /** `Windows2019` | `Windows2022` | `Windows2025` | `Ubuntu` | `AzureLinux` ... */
  readonly osSku: string;
  readonly count: number;
  readonly vmSize: string;
  /** e.g. `['1', '2', '3']`; nodes are spread over them in order. */
  readonly availabilityZones?: readonly string[];
  readonly mode: 'System' | 'User';
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** AKS form: `key=value:NoSchedule` (or `key:NoSchedule`). */
  readonly nodeTaints?: readonly string[];
  /** Allocatable pods per node; AKS's default (Azure CNI) is 30. */
  readonly maxPods?: number;
  /** The kubelet version the nodes report; defaults to the control plane's (v1.20.2). */
  readonly orchestratorVersion?: string;
  /** The pool's VMSS name as ARM reports it (providerID, Linux node names); default AKS-style. */
  readonly scaleSetName?: string;
}

export interface ClusterNodes {
  /** Registers the pool's nodes (Ready, schedulable) and resolves once pods can be scheduled there. */
  poolCreated(pool: PoolSpec): Promise<void>;
  /** Removes the pool's nodes and the pods bound to them; unknown pools are a no-op. */
  poolDeleted(poolName: string): Promise<void>;
}
