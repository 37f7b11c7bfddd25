/**
 * The reads of the plan's preflight (issue 13 items 5 and 6), in winshift's terms: the region's vCPU
 * usages, a VM size's family, a subnet's address use, and the Kubernetes versions AKS offers new pools
 * of a cluster. Every method throws `WinshiftError` with a code (403 -> FORBIDDEN, 404 -> NOT_FOUND,
 * 429/5xx -> TRANSIENT); the planning activity turns a refusal into a warning.
 */
import type {
  AgentPoolVersion,
  ComputeUsage,
  SubnetInfo,
  VmSizeInfo,
} from '../domain/preflight-facts.js';

export type { AgentPoolVersion, ComputeUsage, SubnetInfo, VmSizeInfo };

export interface PreflightPort {
  /** `GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{location}/usages` (all pages). */
  listComputeUsages(subscriptionId: string, location: string): Promise<readonly ComputeUsage[]>;
  /** The VM size in the location's resource SKU list; undefined when the list does not name it. */
  findVmSize(
    subscriptionId: string,
    location: string,
    vmSize: string,
  ): Promise<VmSizeInfo | undefined>;
  /** A subnet by its ARM id (`vnetSubnetID`, `podSubnetID`). */
  getSubnet(subnetId: string): Promise<SubnetInfo>;
  /** `GET .../managedClusters/{name}/availableAgentPoolVersions`. */
  listAgentPoolVersions(clusterResourceId: string): Promise<readonly AgentPoolVersion[]>;
}
