/**
 * Who holds the addresses of a scenario subnet: the `ipConfigurations` a Subnets_Get answers with
 * (the swagger's "array of references to the network interface IP configurations using subnet",
 * Microsoft.Network 2024-05-01 virtualNetwork.json). A node's NIC holds one IP configuration, plus
 * one per pod with Azure CNI in the node subnet, which AKS reserves up front ("The equivalent number
 * of IP addresses per node are then reserved up front for that node",
 * https://learn.microsoft.com/azure/aks/concepts-network-ip-address-planning); with Overlay and
 * kubenet pods use another range. A pod subnet hands each node a first batch of 16 (dynamic
 * allocation) or /28 blocks for maxPods (StaticBlock;
 * https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet).
 */
import { idKey } from './ids.js';
import type { ClusterState, PoolState, SubnetState } from './model.js';
import type { World } from './world.js';

/** IP configurations a node of this pool holds in `subnetId` (0 when it uses another subnet). */
export function addressesPerNode(
  cluster: ClusterState,
  properties: Readonly<Record<string, unknown>>,
  subnetId: string,
): number {
  const key = idKey(subnetId);
  const maxPods = typeof properties['maxPods'] === 'number' ? properties['maxPods'] : 30;
  const podSubnet = properties['podSubnetID'];
  if (typeof podSubnet === 'string' && idKey(podSubnet) === key) {
    return properties['podIPAllocationMode'] === 'StaticBlock' ? Math.ceil(maxPods / 16) * 16 : 16;
  }
  const nodeSubnet = properties['vnetSubnetID'];
  if (typeof nodeSubnet !== 'string' || idKey(nodeSubnet) !== key) return 0;
  const flat =
    cluster.networkPlugin === 'azure' &&
    cluster.networkPluginMode !== 'overlay' &&
    typeof podSubnet !== 'string';
  return flat ? maxPods + 1 : 1;
}

function nodesOf(pool: PoolState): number {
  const count = pool.properties['count'];
  return typeof count === 'number' ? count : 0;
}

/** The ids of every IP configuration in the subnet: the pools' node NICs, then other resources. */
export function ipConfigurationIds(world: World, subnet: SubnetState): string[] {
  const ids: string[] = [];
  for (const cluster of world.clusters.values()) {
    for (const pool of cluster.pools.values()) {
      const perNode = addressesPerNode(cluster, pool.properties, subnet.id);
      const vmss = world.vmssOfPool(cluster, pool.name);
      if (perNode === 0 || !vmss) continue;
      for (let node = 0; node < nodesOf(pool); node++) {
        const nic = `${vmss.id}/virtualMachines/${node}/networkInterfaces/${vmss.name}`;
        for (let i = 1; i <= perNode; i++) ids.push(`${nic}/ipConfigurations/ipconfig${i}`);
      }
    }
  }
  const group = `/subscriptions/${subnet.subscriptionId}/resourceGroups/${subnet.resourceGroup}`;
  for (let i = 0; i < subnet.otherIpConfigurations; i++)
    ids.push(
      `${group}/providers/Microsoft.Network/networkInterfaces/nic-other-${i}/ipConfigurations/ipconfig1`,
    );
  return ids;
}

/** Addresses the subnet can hand out: its prefix minus Azure's five reserved ones. */
export function usableAddresses(subnet: SubnetState): number {
  const length = Number(subnet.addressPrefix.split('/')[1]);
  return Math.max(0, 2 ** (32 - length) - 5);
}
