/**
 * AKS resources in winshift's terms. Clusters come from the SDK's typed model; agent pools stay in
 * ARM's own JSON (the `properties` object as the REST API names them: `osSKU`, `enableFIPS`,
 * `vnetSubnetID`), because the pool spec is copied property by property into the new pool's PUT and
 * must round-trip unchanged, including properties this SDK version does not model.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import { WinshiftError } from '../../domain/errors.js';
import type { AgentPoolSpec } from '../../domain/pool-spec.js';
import type { AgentPool, ClusterFacts, PoolSummary } from '../../ports/azure.js';
import { errorDetailOf } from './arm-error-body.js';
import { parseClusterId } from './resource-id.js';

function poolSummaries(cluster: ManagedCluster): PoolSummary[] {
  return (cluster.agentPoolProfiles ?? []).map((pool) => ({
    name: pool.name,
    osType: pool.osType ?? 'Linux',
    ...(pool.osSKU !== undefined ? { osSku: pool.osSKU } : {}),
    ...(pool.orchestratorVersion !== undefined
      ? { orchestratorVersion: pool.currentOrchestratorVersion ?? pool.orchestratorVersion }
      : {}),
    ...(pool.count !== undefined ? { count: pool.count } : {}),
    ...(pool.provisioningState !== undefined ? { provisioningState: pool.provisioningState } : {}),
  }));
}

/** The kubelet identity and add-on identities: AKS assigns them to every pool's VMSS itself. */
function aksAssignedIdentityIds(cluster: ManagedCluster): string[] {
  const kubelet = cluster.identityProfile?.['kubeletidentity']?.resourceId;
  const addons = Object.values(cluster.addonProfiles ?? {}).map((a) => a.identity?.resourceId);
  return [kubelet, ...addons].filter((id): id is string => typeof id === 'string' && id !== '');
}

/** `networkProfile`'s plugin and mode: how many subnet addresses a node takes (plan preflight). */
function networkOf(cluster: ManagedCluster): ClusterFacts['network'] {
  const profile = cluster.networkProfile;
  if (profile?.networkPlugin === undefined && profile?.networkPluginMode === undefined)
    return undefined;
  return {
    ...(profile.networkPlugin !== undefined ? { plugin: profile.networkPlugin } : {}),
    ...(profile.networkPluginMode !== undefined ? { pluginMode: profile.networkPluginMode } : {}),
  };
}

/** A ManagedCluster as the plan and the fleet scan see it. */
export function toClusterFacts(cluster: ManagedCluster): ClusterFacts {
  const id = parseClusterId(cluster.id ?? '');
  const kubernetesVersion = cluster.currentKubernetesVersion ?? cluster.kubernetesVersion;
  const aksAssigned = aksAssignedIdentityIds(cluster);
  const network = networkOf(cluster);
  if (kubernetesVersion === undefined || cluster.nodeResourceGroup === undefined) {
    throw new WinshiftError(
      'INTERNAL',
      `ARM returned cluster ${cluster.id ?? '?'} without kubernetesVersion or nodeResourceGroup`,
    );
  }
  return {
    resourceId: cluster.id ?? '',
    subscriptionId: id.subscriptionId,
    resourceGroup: id.resourceGroup,
    name: cluster.name ?? id.name,
    location: cluster.location,
    kubernetesVersion,
    nodeResourceGroup: cluster.nodeResourceGroup,
    aadEnabled: cluster.aadProfile !== undefined,
    privateCluster: cluster.apiServerAccessProfile?.enablePrivateCluster === true,
    restrictionLevel:
      cluster.nodeResourceGroupProfile?.restrictionLevel === 'ReadOnly'
        ? 'ReadOnly'
        : 'Unrestricted',
    pools: poolSummaries(cluster),
    ...(aksAssigned.length > 0 ? { aksAssignedIdentityIds: aksAssigned } : {}),
    ...(network !== undefined ? { network } : {}),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An ARM agent pool body (`{ id, name, type, properties: {...} }`) as winshift's AgentPool: the
 * properties as plain JSON, with provisioningState kept apart (it is status, not spec), and the
 * reason of a failure: `properties.status.provisioningError`, an ErrorDetail (AgentPoolStatus in the
 * containerservice spec; @azure/arm-containerservice 25.5.0 models it; Azure/AKS#5808 shows one).
 * `status` itself stays in the spec, which the new pool's denylist leaves out.
 */
export function toAgentPool(body: unknown): AgentPool {
  if (!isRecord(body) || typeof body['name'] !== 'string' || !isRecord(body['properties'])) {
    throw new WinshiftError('INTERNAL', 'ARM returned an agent pool without name or properties');
  }
  const { provisioningState, ...spec } = body['properties'];
  const status = spec['status'];
  const provisioningError = isRecord(status)
    ? errorDetailOf(status['provisioningError'])
    : undefined;
  return {
    name: body['name'],
    provisioningState: typeof provisioningState === 'string' ? provisioningState : 'Unknown',
    spec,
    ...(provisioningError ? { provisioningError } : {}),
  };
}

/** The PUT body of an agent pool: the spec as ARM's `properties` (read-only keys are ARM's to drop). */
export function agentPoolBody(spec: AgentPoolSpec): { properties: AgentPoolSpec } {
  const properties = { ...spec };
  delete properties['provisioningState'];
  return { properties };
}

/** The kubeconfig YAML of `listClusterUserCredential` (the SDK hands over the decoded bytes). */
export function kubeconfigText(value: Uint8Array | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
  return new TextDecoder().decode(value);
}
