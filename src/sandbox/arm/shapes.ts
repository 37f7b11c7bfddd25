import type {
  ClusterState,
  IdentityState,
  PoolState,
  RoleAssignmentState,
  VaultState,
  VmssState,
} from '../state/model.js';
import { deterministicGuid } from '../state/ids.js';
import { clusterOperationRunning } from './routes/aks-busy.js';

/** JSON bodies in the shapes of the official examples (test/fixtures/azure-api-examples). */

export function poolBody(cluster: ClusterState, pool: PoolState): Record<string, unknown> {
  return {
    id: `${cluster.id}/agentPools/${pool.name}`,
    name: pool.name,
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties: { ...pool.properties },
  };
}

export function clusterBody(cluster: ClusterState, tenantId: string): Record<string, unknown> {
  const dnsPrefix = `${cluster.name}-dns`;
  const suffix = deterministicGuid(cluster.id.toLowerCase()).slice(0, 8);
  const fqdn = `${dnsPrefix}-${suffix}.hcp.${cluster.location}.azmk8s.io`;
  return {
    id: cluster.id,
    location: cluster.location,
    name: cluster.name,
    type: 'Microsoft.ContainerService/managedClusters',
    tags: {},
    identity: {
      type: 'SystemAssigned',
      principalId: deterministicGuid(`cluster-principal:${cluster.id.toLowerCase()}`),
      tenantId,
    },
    properties: {
      // AKS's own operation (the "busy cluster" switch) shows as the cluster Updating.
      provisioningState: clusterOperationRunning(cluster) ? 'Updating' : 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: cluster.kubernetesVersion,
      currentKubernetesVersion: cluster.kubernetesVersion,
      dnsPrefix,
      ...(cluster.privateCluster
        ? { privateFQDN: `${dnsPrefix}-${suffix}.privatelink.${cluster.location}.azmk8s.io` }
        : { fqdn }),
      azurePortalFQDN: `${dnsPrefix}-${suffix}.portal.hcp.${cluster.location}.azmk8s.io`,
      agentPoolProfiles: [...cluster.pools.values()].map((pool) => ({
        name: pool.name,
        ...pool.properties,
      })),
      windowsProfile: { adminUsername: 'azureuser', enableCSIProxy: true },
      servicePrincipalProfile: { clientId: 'msi' },
      nodeResourceGroup: cluster.nodeResourceGroup,
      nodeResourceGroupProfile: { restrictionLevel: cluster.restrictionLevel },
      enableRBAC: true,
      ...(cluster.aadEnabled
        ? {
            aadProfile: { managed: true, enableAzureRBAC: false, tenantID: tenantId },
            disableLocalAccounts: true,
          }
        : {}),
      apiServerAccessProfile: { enablePrivateCluster: cluster.privateCluster },
      networkProfile: {
        networkPlugin: cluster.networkPlugin,
        ...(cluster.networkPluginMode ? { networkPluginMode: cluster.networkPluginMode } : {}),
        loadBalancerSku: 'standard',
        outboundType: 'loadBalancer',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
      },
      identityProfile: {
        kubeletidentity: {
          resourceId: `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${cluster.name}-agentpool`,
          clientId: deterministicGuid(`kubelet-client:${cluster.id.toLowerCase()}`),
          objectId: deterministicGuid(`kubelet-principal:${cluster.id.toLowerCase()}`),
        },
      },
      maxAgentPools: 100,
    },
  };
}

export function vmssBody(vmss: VmssState, tenantId: string): Record<string, unknown> {
  const userAssigned = Object.fromEntries(
    [...vmss.userAssignedIdentities.entries()].map(([id, ref]) => [
      id,
      { principalId: ref.principalId, clientId: ref.clientId },
    ]),
  );
  const types = [
    vmss.systemAssignedPrincipalId ? 'SystemAssigned' : '',
    vmss.userAssignedIdentities.size > 0 ? 'UserAssigned' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    id: vmss.id,
    name: vmss.name,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: vmss.location,
    tags: { ...vmss.tags },
    sku: { ...vmss.sku },
    ...(types
      ? {
          identity: {
            type: types,
            ...(vmss.systemAssignedPrincipalId
              ? { principalId: vmss.systemAssignedPrincipalId, tenantId }
              : {}),
            ...(vmss.userAssignedIdentities.size > 0
              ? { userAssignedIdentities: userAssigned }
              : {}),
          },
        }
      : {}),
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: 'Uniform',
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix:
            vmss.osType === 'Windows'
              ? vmss.poolName.slice(0, 6)
              : `${vmss.name.replace(/-vmss$/, '')}-vmss`,
          adminUsername: 'azureuser',
          ...(vmss.osType === 'Windows'
            ? { windowsConfiguration: { provisionVMAgent: true } }
            : { linuxConfiguration: { disablePasswordAuthentication: true } }),
        },
        storageProfile: {
          osDisk: { createOption: 'FromImage', caching: 'ReadOnly', diskSizeGB: 128 },
        },
      },
      provisioningState: 'Succeeded',
      overprovision: false,
      uniqueId: deterministicGuid(`vmss:${vmss.id.toLowerCase()}`),
    },
  };
}

export function identityBody(identity: IdentityState): Record<string, unknown> {
  return {
    id: identity.id,
    location: identity.location,
    name: identity.name,
    properties: {
      clientId: identity.clientId,
      principalId: identity.principalId,
      tenantId: identity.tenantId,
      isolationScope: 'None',
    },
    tags: {},
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  };
}

export function roleAssignmentBody(assignment: RoleAssignmentState): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope: assignment.scope,
      createdOn: assignment.createdOn,
    },
    id: assignment.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: assignment.name,
  };
}

export function vaultBody(vault: VaultState): Record<string, unknown> {
  return {
    id: vault.id,
    name: vault.name,
    type: 'Microsoft.KeyVault/vaults',
    location: vault.location,
    tags: {},
    properties: {
      sku: { family: 'A', name: 'standard' },
      tenantId: vault.tenantId,
      accessPolicies: vault.accessPolicies.map((policy) => ({
        tenantId: vault.tenantId,
        ...policy,
        permissions: { keys: [], secrets: [], certificates: [], ...policy.permissions },
      })),
      enableRbacAuthorization: vault.enableRbacAuthorization,
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      vaultUri: `https://${vault.name}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
    },
  };
}
