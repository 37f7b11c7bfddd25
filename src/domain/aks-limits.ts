/**
 * The Azure and AKS limits the plan's capacity preflight checks a new pool against (issue 13 items 5
 * and 6), as data with their sources. Blue/green doubles the pool for the length of the run: the new
 * pool's nodes count on top of the old pool's until the old pool is deleted.
 */

export const AKS_LIMITS = {
  /**
   * Nodes per cluster with Virtual Machine Scale Sets and the Standard Load Balancer SKU, across all
   * node pools; nodes per scale set node pool; node pools per cluster (AKS "Quotas, virtual machine
   * size restrictions, and region availability", https://learn.microsoft.com/azure/aks/quotas-skus-regions,
   * table "Service quotas and limits").
   */
  nodesPerCluster: 5000,
  nodesPerPool: 1000,
  poolsPerCluster: 100,
  /**
   * kubenet: "Maximum of 400 nodes per cluster" (its route table;
   * https://learn.microsoft.com/azure/aks/concepts-network-legacy-cni). Windows pools need Azure CNI,
   * so this binds only a cluster whose other pools are Linux on kubenet.
   */
  kubenetNodesPerCluster: 400,
} as const;

/**
 * Azure reserves five addresses of every subnet: the first four and the last
 * (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq, "Are there any restrictions
 * on using IP addresses within these subnets?").
 */
export const AZURE_RESERVED_IPS_PER_SUBNET = 5;

/**
 * maxPods of a pool that does not state it, Azure CNI node subnet ("Maximum pods per node ... Azure
 * CNI ... Default: 30", the limits table above). ARM reports maxPods on every pool it created, so this
 * only fills a gap in a hand-made spec.
 */
export const DEFAULT_MAX_PODS = 30;

/**
 * Azure CNI pod subnet, dynamic IP allocation (the default `podIPAllocationMode`, DynamicIndividual):
 * "IPs are allocated to nodes in batches of 16. Pod subnet IP allocation should be planned with a
 * minimum of 16 IPs per node" (https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet,
 * "Plan IP addressing").
 */
export const POD_SUBNET_BATCH = 16;

/**
 * Static block allocation (`podIPAllocationMode: StaticBlock`): "Each node is statically allocated
 * CIDR block(s) of size /28 = 16 IPs per block to satisfy the maxPods per node. Number of CIDR blocks
 * >= (maxPods / 16)" (the AKS API's PodIPAllocationMode description, api-version 2026-06-01).
 */
export const POD_SUBNET_BLOCK = 16;

/**
 * The regional vCPU quotas (Compute usages, `name.value`): a new VM must fit both its VM family's
 * quota and the Total Regional vCPUs (https://learn.microsoft.com/azure/virtual-machines/quotas: "the
 * vCPUs for the VM must not exceed the vCPU quota for the VM size family or the total regional vCPU
 * quota"). Spot VMs count against the low-priority vCPU quota instead
 * (https://learn.microsoft.com/azure/virtual-machines/spot-vms: evicted, deallocated Spot VMs "count
 * against your low-priority vCPU quota").
 */
export const VCPU_USAGE_NAMES = {
  regional: 'cores',
  spot: 'lowPriorityCores',
} as const;
