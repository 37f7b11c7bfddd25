import type { AccessPolicySpec, ControlPlaneSpec, NewPoolFailureSpec } from './scenario.js';

/** The mutable world the emulator serves. Ids keep their scenario casing; maps are keyed by idKey(). */

export type ProvisioningState = 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed';

export interface PoolState {
  readonly name: string;
  readonly clusterId: string;
  /** AgentPool `properties` as served (osType, osSKU, count, vmSize, mode, provisioningState...). */
  properties: Record<string, unknown> & { provisioningState: ProvisioningState };
  /** The id of the async operation running on this pool, if any. */
  runningOperationId?: string | undefined;
}

/** AKS's ErrorDetail, as a pool's `status.provisioningError` and an operation's `error` carry it. */
export interface ProvisioningError {
  readonly code: string;
  readonly message: string;
}

export interface ClusterState {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  kubernetesVersion: string;
  readonly nodeResourceGroup: string;
  readonly aadEnabled: boolean;
  readonly restrictionLevel: 'Unrestricted' | 'ReadOnly';
  readonly privateCluster: boolean;
  /** `networkProfile.networkPlugin` / `networkPluginMode`. */
  readonly networkPlugin: 'azure' | 'kubenet' | 'none';
  readonly networkPluginMode?: 'overlay' | undefined;
  controlPlane?: ControlPlaneSpec | undefined;
  /** Keyed by pool name (AKS pool names are lowercase). */
  readonly pools: Map<string, PoolState>;
  /** The "busy cluster" switch: AKS's own operation on the cluster (routes/aks-busy.ts). */
  busy?: ClusterBusy | undefined;
  /** The switch making new pools end Failed (state/pool-failures.ts: the error they get). */
  readonly failNewPools?: NewPoolFailureSpec | undefined;
}

export interface ClusterBusy {
  readonly forMs: number;
  readonly from: 'start' | 'firstWrite';
  /** When the operation started (epoch ms); unset until the first write for `firstWrite`. */
  startedAt?: number | undefined;
  readonly operationId: string;
}

/** A subnet of a scenario virtual network; its address use is computed from the pools in it. */
export interface SubnetState {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly addressPrefix: string;
  /** Addresses other resources hold (private endpoints, internal load balancers). */
  readonly otherIpConfigurations: number;
}

export interface UserAssignedIdentityRef {
  readonly principalId: string;
  readonly clientId: string;
}

export interface VmssState {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly clusterId: string;
  readonly poolName: string;
  tags: Record<string, string>;
  sku: { name: string; tier: string; capacity: number };
  osType: 'Linux' | 'Windows';
  systemAssignedPrincipalId?: string | undefined;
  /** Keyed by identity ARM id as given. */
  userAssignedIdentities: Map<string, UserAssignedIdentityRef>;
}

export interface IdentityState {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly principalId: string;
  readonly clientId: string;
  readonly tenantId: string;
}

export interface RoleAssignmentState {
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly createdOn: string;
}

export interface SecretVersionState {
  readonly version: string;
  readonly value: string;
  readonly enabled: boolean;
  readonly contentType?: string | undefined;
  readonly created: number;
}

export interface VaultState {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tenantId: string;
  enableRbacAuthorization: boolean;
  accessPolicies: AccessPolicySpec[];
  /** Keyed by lowercase secret name; versions oldest first. */
  readonly secrets: Map<string, { name: string; versions: SecretVersionState[] }>;
}
