/**
 * What the plan reads to check that the new pool can be created at all (issue 13 items 5 and 6):
 * the region's vCPU quotas, the VM size's family, the subnets' free addresses, and the Kubernetes
 * versions AKS offers new pools of the cluster. Each read may fail for want of a permission: the
 * planner then warns, naming the action (PREFLIGHT_PERMISSIONS), instead of guessing.
 */

/** A read that succeeded, or why it did not (`[CODE] message`, as gather-facts words it). */
export type Readout<T> =
  | { readonly status: 'read'; readonly value: T }
  | { readonly status: 'unreadable'; readonly reason: string };

/** One item of Compute's regional usages (`GET .../locations/{location}/usages`). */
export interface ComputeUsage {
  /** `name.value`: `cores`, `lowPriorityCores`, `standardDSv5Family`, ... */
  readonly name: string;
  readonly currentValue: number;
  readonly limit: number;
}

/** A VM size as the resource SKUs API lists it for a location (`family`, capability `vCPUs`). */
export interface VmSizeInfo {
  readonly name: string;
  readonly family: string;
  readonly vCpus: number;
}

/** A subnet's address space and how many addresses its IP configurations take. */
export interface SubnetInfo {
  readonly id: string;
  /** `addressPrefixes`, or `[addressPrefix]`. */
  readonly addressPrefixes: readonly string[];
  /** `ipConfigurations`: one per address in use (a node, a pod under Azure CNI, a private endpoint). */
  readonly usedIpConfigurations: number;
}

/** A Kubernetes version AKS offers for new pools of the cluster (`availableAgentPoolVersions`). */
export interface AgentPoolVersion {
  readonly version: string;
  readonly isPreview?: boolean;
}

export interface PreflightFacts {
  readonly usages: Readout<readonly ComputeUsage[]>;
  /** The pool's VM size in the cluster's location; `value` undefined when the SKU list lacks it. */
  readonly vmSize: Readout<VmSizeInfo | undefined>;
  /** The subnets the new pool's nodes and pods take addresses from, by ARM id as the spec gives it. */
  readonly subnets: Readonly<Record<string, Readout<SubnetInfo>>>;
  readonly poolVersions: Readout<readonly AgentPoolVersion[]>;
}

/** The Azure RBAC action each read needs: what an unreadable fact's warning asks for. */
export const PREFLIGHT_PERMISSIONS = {
  usages: 'Microsoft.Compute/locations/usages/read',
  vmSize: 'Microsoft.Compute/skus/read',
  subnets: 'Microsoft.Network/virtualNetworks/subnets/read',
  poolVersions: 'Microsoft.ContainerService/managedClusters/availableAgentPoolVersions/read',
} as const;
