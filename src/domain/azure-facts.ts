/**
 * Azure resources as winshift reads them (clusters, pools, scale sets, role assignments, vaults):
 * plain shapes the planner, the fleet scan and the Azure ports share.
 */
import type { AzureErrorDetail } from './azure-errors.js';
import type { AgentPoolSpec } from './pool-spec.js';

/** A managed cluster as the plan and the fleet scan see it. */
export interface ClusterFacts {
  readonly resourceId: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly kubernetesVersion: string;
  readonly nodeResourceGroup: string;
  readonly aadEnabled: boolean;
  readonly privateCluster: boolean;
  /** `nodeResourceGroupProfile.restrictionLevel`; `ReadOnly` blocks the VMSS identity PATCH. */
  readonly restrictionLevel: 'Unrestricted' | 'ReadOnly';
  /**
   * User-assigned identities AKS itself puts on every pool's VMSS (the kubelet identity of
   * `identityProfile`, add-on identities): a new pool gets them without winshift. Absent when none.
   */
  readonly aksAssignedIdentityIds?: readonly string[];
  /**
   * `networkProfile.networkPlugin` (`azure`, `kubenet`, `none`) and `networkPluginMode` (`overlay`):
   * how many subnet addresses a node takes. Absent when ARM reports no network profile.
   */
  readonly network?: { readonly plugin?: string; readonly pluginMode?: string };
  /** Agent pools as listed with the cluster (`agentPoolProfiles`), each with at least name and osType. */
  readonly pools: readonly PoolSummary[];
}

export interface PoolSummary {
  readonly name: string;
  readonly osType: string;
  readonly osSku?: string;
  readonly orchestratorVersion?: string;
  readonly count?: number;
  readonly provisioningState?: string;
}

/** An agent pool: its writable properties as plain JSON plus what is read back. */
export interface AgentPool {
  readonly name: string;
  readonly provisioningState: string;
  /** The pool's properties (flattened SDK AgentPool, minus id/name/type). */
  readonly spec: AgentPoolSpec;
  /**
   * Why its last operation failed: `properties.status.provisioningError` (an ErrorDetail; AKS
   * omits it when there was no error). Absent when AKS gives none.
   */
  readonly provisioningError?: AzureErrorDetail;
}

/** A pool's VMSS in the node resource group (tag `aks-managed-poolName`). */
export interface PoolVmss {
  readonly resourceId: string;
  readonly userAssignedIdentityIds: readonly string[];
  readonly systemAssignedPrincipalId?: string;
}

export interface RoleAssignment {
  readonly id: string;
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly principalId: string;
}

export interface UserAssignedIdentity {
  readonly resourceId: string;
  readonly principalId: string;
  readonly clientId: string;
}

export interface VaultAccess {
  readonly resourceId: string;
  readonly name: string;
  readonly enableRbacAuthorization: boolean;
  readonly accessPolicies: readonly {
    readonly objectId: string;
    readonly secretPermissions: readonly string[];
  }[];
}
