import { describe, expect, it } from '@jest/globals';
import {
  armActionOf,
  compareRole,
  grants,
  requiredPermissions,
  type RecordedOperation,
} from '../../support/deploy/arm-actions.js';
import { mainRolePermissions } from '../../support/deploy/bicep.js';

const CLUSTER =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}';
const ARM = 'management.azure.com';

function arm(method: string, operationId: string, pathTemplate: string): RecordedOperation {
  return { host: ARM, method, operationId, pathTemplate };
}

const operatorRole = (): { actions: string[]; dataActions: string[] } =>
  mainRolePermissions('operatorRole');

describe('ARM action of a request', () => {
  it.each([
    ['GET', `${CLUSTER}`, 'Microsoft.ContainerService/managedClusters/read'],
    [
      'GET',
      '/subscriptions/{s}/providers/Microsoft.ContainerService/managedClusters',
      'Microsoft.ContainerService/managedClusters/read',
    ],
    [
      'PUT',
      `${CLUSTER}/agentPools/{agentPoolName}`,
      'Microsoft.ContainerService/managedClusters/agentPools/write',
    ],
    [
      'DELETE',
      `${CLUSTER}/agentPools/{agentPoolName}`,
      'Microsoft.ContainerService/managedClusters/agentPools/delete',
    ],
    [
      'POST',
      `${CLUSTER}/listClusterUserCredential`,
      'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
    ],
    [
      'GET',
      '/subscriptions/{s}/providers/Microsoft.ContainerService/locations/{l}/operations/{id}',
      'Microsoft.ContainerService/locations/operations/read',
    ],
    [
      'PATCH',
      '/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Compute/virtualMachineScaleSets/{n}',
      'Microsoft.Compute/virtualMachineScaleSets/write',
    ],
    [
      'PUT',
      '/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.KeyVault/vaults/{v}/accessPolicies/{kind}',
      'Microsoft.KeyVault/vaults/accessPolicies/write',
    ],
    // The scope may itself name a provider: the action comes from the last one.
    [
      'PUT',
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v/providers/Microsoft.Authorization/roleAssignments/{n}',
      'Microsoft.Authorization/roleAssignments/write',
    ],
  ])('%s %s -> %s', (method, template, action) => {
    expect(armActionOf(method, template)).toBe(action);
  });

  it('refuses a path without a provider', () => {
    expect(() => armActionOf('GET', '/subscriptions/{s}/resourceGroups')).toThrow('no provider');
  });
});

describe('role action patterns', () => {
  it.each([
    [
      'Microsoft.Compute/virtualMachineScaleSets/read',
      'microsoft.compute/virtualmachinescalesets/read',
      true,
    ],
    [
      'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
      true,
    ],
    [
      'Microsoft.ContainerService/*',
      'Microsoft.ContainerService/managedClusters/agentPools/write',
      true,
    ],
    [
      'Microsoft.ContainerService/managedClusters/read',
      'Microsoft.ContainerService/managedClusters/agentPools/read',
      false,
    ],
    ['Microsoft.KeyVault/vaults/read', 'Microsoft.KeyVault/vaults/accessPolicies/write', false],
  ])('%s grants %s: %s', (pattern, action, expected) => {
    expect(grants(pattern, action)).toBe(expected);
  });
});

describe('permissions needed by recorded operations', () => {
  const recorded: RecordedOperation[] = [
    arm('GET', 'ManagedClusters_Get', CLUSTER),
    arm('PUT', 'AgentPools_CreateOrUpdate', `${CLUSTER}/agentPools/{agentPoolName}`),
    arm(
      'PATCH',
      'VirtualMachineScaleSets_Update',
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachineScaleSets/{vmScaleSetName}',
    ),
    {
      host: 'kv1.vault.azure.net',
      method: 'GET',
      operationId: 'GetSecretVersions',
      pathTemplate: '/secrets/{name}/versions',
    },
    {
      host: 'myacr.azurecr.io',
      method: 'POST',
      operationId: 'Registry_ExchangeToken',
      pathTemplate: '/oauth2/exchange',
    },
    {
      host: 'mcr.microsoft.com',
      method: 'GET',
      operationId: 'Registry_GetManifest',
      pathTemplate: '/v2/{name+}/manifests/{reference}',
    },
  ];

  it('maps ARM calls, implied identity assignment and data-plane calls', () => {
    const required = requiredPermissions(recorded);
    expect([...required.actions].sort()).toEqual([
      'Microsoft.Compute/virtualMachineScaleSets/write',
      'Microsoft.ContainerRegistry/registries/pull/read',
      'Microsoft.ContainerService/managedClusters/agentPools/write',
      'Microsoft.ContainerService/managedClusters/read',
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
    ]);
    expect([...required.dataActions]).toEqual([
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ]);
  });

  it.each([
    [arm('GET', 'Unknown', '/subscriptions/x/whatever'), 'unrouted ARM call'],
    [
      {
        host: 'kv.vault.azure.net',
        method: 'DELETE',
        operationId: 'DeleteSecret',
        pathTemplate: '/secrets/{n}',
      },
      'no RBAC mapping',
    ],
  ])('refuses an operation it cannot map (%o)', (operation, message) => {
    expect(() => requiredPermissions([operation])).toThrow(message);
  });

  it('reports what a role lacks and what it grants beyond the operations', () => {
    const comparison = compareRole(
      {
        actions: [
          'Microsoft.ContainerService/managedClusters/read',
          'Microsoft.KeyVault/vaults/read',
        ],
        dataActions: ['Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
      },
      requiredPermissions(recorded.slice(0, 2)),
    );
    expect(comparison.missing.actions).toEqual([
      'Microsoft.ContainerService/managedClusters/agentPools/write',
    ]);
    expect(comparison.unused.actions).toEqual(['Microsoft.KeyVault/vaults/read']);
    expect(comparison.unused.dataActions).toEqual([
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ]);
  });

  it('flags a secret value read: the role grants metadata only', () => {
    const comparison = compareRole(
      operatorRole(),
      requiredPermissions([
        {
          host: 'kv.vault.azure.net',
          method: 'GET',
          operationId: 'GetSecret',
          pathTemplate: '/secrets/{n}/{v}',
        },
      ]),
    );
    expect(comparison.missing.dataActions).toEqual([
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
    ]);
  });
});
