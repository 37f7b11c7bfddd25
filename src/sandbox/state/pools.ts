import { vmssId, vmssNameFor } from './ids.js';
import type { ClusterState, PoolState, VmssState } from './model.js';
import type { PoolSpec } from './scenario.js';

const DEFAULT_VM_SIZE = 'Standard_D4s_v5';

/** Node image names as AKS reports them, by OS SKU. */
function nodeImageVersion(osSku: string): string {
  switch (osSku) {
    case 'Windows2019':
      return 'AKSWindows-2019-containerd-17763.6189.240811';
    case 'Windows2022':
      return 'AKSWindows-2022-containerd-20348.2655.240811';
    case 'Windows2025':
      return 'AKSWindows-2025-26100.1742.240811';
    case 'AzureLinux':
      return 'AKSAzureLinux-V2gen2-202408.12.0';
    default:
      return 'AKSUbuntu-2204gen2containerd-202408.12.0';
  }
}

/** Builds a pool in state from a scenario pool (already Succeeded). */
export function buildPool(cluster: ClusterState, spec: PoolSpec): PoolState {
  const osSKU = spec.osSKU ?? (spec.osType === 'Windows' ? 'Windows2022' : 'Ubuntu');
  const version = spec.orchestratorVersion ?? cluster.kubernetesVersion;
  return {
    name: spec.name,
    clusterId: cluster.id,
    properties: {
      count: spec.count ?? 3,
      vmSize: spec.vmSize ?? DEFAULT_VM_SIZE,
      maxPods: spec.osType === 'Windows' ? 30 : 110,
      type: 'VirtualMachineScaleSets',
      mode: spec.mode ?? 'User',
      osType: spec.osType,
      osSKU,
      orchestratorVersion: version,
      currentOrchestratorVersion: version,
      nodeImageVersion: nodeImageVersion(osSKU),
      upgradeSettings: { maxSurge: '33%' },
      powerState: { code: 'Running' },
      ...spec.properties,
      provisioningState: 'Succeeded',
    },
  };
}

/** Applies a PUT body's properties to a new pool (server-computed fields filled in). */
export function poolFromRequest(
  cluster: ClusterState,
  name: string,
  properties: Record<string, unknown>,
): PoolState {
  const osType = properties['osType'] === 'Windows' ? 'Windows' : 'Linux';
  const pool = buildPool(cluster, {
    name,
    osType,
    ...(typeof properties['osSKU'] === 'string'
      ? { osSKU: properties['osSKU'] as PoolSpec['osSKU'] }
      : {}),
  });
  const version =
    (properties['orchestratorVersion'] as string | undefined) ?? cluster.kubernetesVersion;
  pool.properties = {
    ...pool.properties,
    ...stripReadOnly(properties),
    orchestratorVersion: version,
    currentOrchestratorVersion: version,
    provisioningState: 'Creating',
  };
  return pool;
}

/** Server-owned AgentPool properties a client may echo back but cannot set. */
export function stripReadOnly(properties: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...properties };
  for (const key of [
    'provisioningState',
    'currentOrchestratorVersion',
    'nodeImageVersion',
    'eTag',
    'status',
  ]) {
    delete copy[key];
  }
  return copy;
}

/** The scale set AKS creates for a pool, in the node resource group, tagged with the pool name. */
export function buildVmssForPool(
  cluster: ClusterState,
  pool: PoolState,
  _tenantId: string,
): VmssState {
  const name = vmssNameFor(cluster.id, pool.name);
  return {
    id: vmssId(cluster.subscriptionId, cluster.nodeResourceGroup, name),
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.nodeResourceGroup,
    name,
    location: cluster.location,
    clusterId: cluster.id,
    poolName: pool.name,
    tags: {
      'aks-managed-createOperationID': pool.name,
      'aks-managed-orchestrator': `Kubernetes:${String(pool.properties['orchestratorVersion'])}`,
      'aks-managed-poolName': pool.name,
      'aks-managed-resourceNameSuffix': name.split('-')[2] ?? '',
    },
    sku: {
      name: String(pool.properties['vmSize']),
      tier: 'Standard',
      capacity: Number(pool.properties['count'] ?? 0),
    },
    osType: pool.properties['osType'] === 'Windows' ? 'Windows' : 'Linux',
    userAssignedIdentities: new Map(),
  };
}
