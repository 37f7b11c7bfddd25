/**
 * AKS's refusals of a new pool it has no room or version for, as AKS answers the PUT (400, before any
 * LRO): a version no longer offered, AgentPoolK8sVersionNotSupported ("Version 1.18.14 is not
 * supported in this region. Please use [az aks get-versions] command ...", quoted in Terraform logs in
 * public repositories); vCPU quota, ErrCode_InsufficientVCPUQuota ("left regional vcpu quota 6,
 * requested quota 8"; "requested 4, remaining 0 for family standardBasv2Family"); a full subnet,
 * InsufficientSubnetSize ("Pre-allocated IPs 327 exceeds IPs available 250 in Subnet Cidr
 * 10.10.1.0/24"; the AKS FAQ's insufficientSubnetSize entry). What winshift's plan blocks on first.
 */
import { usagesIn, vmSizeOf } from '../../state/compute-capacity.js';
import { idKey } from '../../state/ids.js';
import type { ClusterState } from '../../state/model.js';
import { addressesPerNode, ipConfigurationIds, usableAddresses } from '../../state/subnet-usage.js';
import type { World } from '../../state/world.js';
import { armError, type SandboxResponse } from '../http.js';

type Properties = Readonly<Record<string, unknown>>;

const countOf = (properties: Properties): number =>
  typeof properties['count'] === 'number' ? properties['count'] : 3;

function versionRefusal(
  world: World,
  cluster: ClusterState,
  properties: Properties,
): SandboxResponse | undefined {
  const stated = properties['orchestratorVersion'];
  const version = typeof stated === 'string' ? stated : cluster.kubernetesVersion;
  if (!world.withdrawnVersions.has(version)) return undefined;
  return armError(
    400,
    'AgentPoolK8sVersionNotSupported',
    `Version ${version} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
  );
}

function quotaRefusal(
  world: World,
  cluster: ClusterState,
  properties: Properties,
): SandboxResponse | undefined {
  const vm = vmSizeOf(properties['vmSize'] ?? 'Standard_D4s_v5');
  if (!vm) return undefined;
  const requested = countOf(properties) * vm.vCpus;
  const usages = usagesIn(world, cluster.subscriptionId, cluster.location);
  const spot = properties['scaleSetPriority'] === 'Spot';
  for (const name of spot ? ['lowPriorityCores'] : [vm.family, 'cores']) {
    const usage = usages.find((u) => u.name === name);
    const remaining = usage ? usage.limit - usage.currentValue : 0;
    if (requested <= remaining) continue;
    const message =
      name === 'cores'
        ? `Insufficient regional vcpu quota left for location ${cluster.location}. left regional vcpu quota ${remaining}, requested quota ${requested}.`
        : `Insufficient vcpu quota requested ${requested}, remaining ${remaining} for family ${name} for region ${cluster.location}.`;
    return armError(400, 'ErrCode_InsufficientVCPUQuota', message);
  }
  return undefined;
}

function subnetRefusal(
  world: World,
  cluster: ClusterState,
  properties: Properties,
): SandboxResponse | undefined {
  for (const key of ['vnetSubnetID', 'podSubnetID']) {
    const id = properties[key];
    const subnet = typeof id === 'string' ? world.subnets.get(idKey(id)) : undefined;
    if (!subnet) continue;
    const needed = countOf(properties) * addressesPerNode(cluster, properties, subnet.id);
    const available = usableAddresses(subnet) - ipConfigurationIds(world, subnet).length;
    if (needed <= available) continue;
    return armError(
      400,
      'InsufficientSubnetSize',
      `Pre-allocated IPs ${needed} exceeds IPs available ${Math.max(0, available)} in Subnet Cidr ${subnet.addressPrefix}, Subnet Name ${subnet.name}. http://aka.ms/aks/insufficientsubnetsize`,
    );
  }
  return undefined;
}

/** AKS's answer to a new pool it cannot place; undefined when it can. */
export function refuseWithoutCapacity(
  world: World,
  cluster: ClusterState,
  properties: Properties,
): SandboxResponse | undefined {
  return (
    versionRefusal(world, cluster, properties) ??
    quotaRefusal(world, cluster, properties) ??
    subnetRefusal(world, cluster, properties)
  );
}
