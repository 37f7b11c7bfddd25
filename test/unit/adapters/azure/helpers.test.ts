import { describe, expect, it } from '@jest/globals';
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { Vault } from '@azure/arm-keyvault';
import { waitForPrincipal } from '../../../../src/adapters/azure/compute.js';
import { parseSecretAddress, toVaultAccess } from '../../../../src/adapters/azure/keyvault.js';
import {
  agentPoolBody,
  kubeconfigText,
  toAgentPool,
  toClusterFacts,
} from '../../../../src/adapters/azure/map-aks.js';
import { parseClusterId, parseVmssId } from '../../../../src/adapters/azure/resource-id.js';
import {
  qualifiedRoleDefinitionId,
  roleAssignmentName,
  uuidV5,
} from '../../../../src/adapters/azure/role-assignment-name.js';
import {
  addUserAssignedPatch,
  enableSystemAssignedPatch,
} from '../../../../src/adapters/azure/vmss-identity.js';
import { errorCodeOf } from '../../../../src/domain/errors.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const ID1 = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/one`;
const ID2 = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/two`;

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return errorCodeOf(error);
  }
}

describe('ARM ids', () => {
  it.each([
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`,
      'aks1',
    ],
    [
      `/SUBSCRIPTIONS/${SUB}/resourcegroups/rg/providers/microsoft.containerservice/MANAGEDCLUSTERS/aks1/`,
      'aks1',
    ],
  ])('parses %s', (id, name) => {
    expect(parseClusterId(id)).toMatchObject({ subscriptionId: SUB, resourceGroup: 'rg', name });
  });

  it.each([
    [''],
    ['aks1'],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v`,
    ],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a/agentPools/p`,
    ],
  ])('refuses %p as a cluster id with INVALID_INPUT', (id) => {
    expect(codeOf(() => parseClusterId(id))).toBe('INVALID_INPUT');
  });

  it('checks the type of other ids too', () => {
    expect(
      parseVmssId(
        `/subscriptions/${SUB}/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-w-1-vmss`,
      ).name,
    ).toBe('aks-w-1-vmss');
  });
});

describe('VMSS identity patches', () => {
  it.each([
    ['none yet', undefined, [ID1], { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } }],
    [
      'system-assigned only',
      { type: 'SystemAssigned' },
      [ID1],
      { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {} } },
    ],
    [
      'both kinds, one more',
      { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {} } },
      [ID2],
      { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {}, [ID2]: {} } },
    ],
    [
      'already there (other casing)',
      { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } },
      [ID1.toUpperCase()],
      undefined,
    ],
    [
      'duplicates in the request',
      undefined,
      [ID1, ID1.toLowerCase()],
      { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } },
    ],
  ] as const)('adding to %s', (_what, current, add, expected) => {
    expect(addUserAssignedPatch(current, add)).toEqual(expected);
  });

  it.each([
    ['no identity', undefined, { type: 'SystemAssigned' }],
    [
      'user-assigned ones',
      { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } },
      { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {} } },
    ],
  ] as const)('enabling system-assigned with %s', (_what, current, expected) => {
    expect(enableSystemAssignedPatch(current)).toEqual(expected);
  });
});

describe('role assignment names', () => {
  it('is RFC 4122 version 5 (the RFC example: www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it.each([
    [
      'scope casing and trailing slash',
      [`/subscriptions/${SUB}/RG/`, 'abc', 'P'],
      [`/subscriptions/${SUB}/rg`, 'abc', 'p'],
    ],
    [
      'role id form',
      ['/s', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/ABC`, 'p'],
      ['/s', 'abc', 'p'],
    ],
  ] as const)('ignores %s', (_what, a, b) => {
    expect(roleAssignmentName(a[0], a[1], a[2])).toBe(roleAssignmentName(b[0], b[1], b[2]));
  });

  it.each([
    ['scope', ['/s1', 'r', 'p'], ['/s2', 'r', 'p']],
    ['role', ['/s', 'r1', 'p'], ['/s', 'r2', 'p']],
    ['principal', ['/s', 'r', 'p1'], ['/s', 'r', 'p2']],
  ] as const)('differs by %s', (_what, a, b) => {
    expect(roleAssignmentName(a[0], a[1], a[2])).not.toBe(roleAssignmentName(b[0], b[1], b[2]));
  });

  it.each([
    [
      'abc',
      `/subscriptions/${SUB}/resourceGroups/rg`,
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/abc`,
    ],
    [
      'abc',
      '/providers/Microsoft.Management/managementGroups/mg',
      '/providers/Microsoft.Authorization/roleDefinitions/abc',
    ],
    [
      '/providers/Microsoft.Authorization/roleDefinitions/abc',
      `/subscriptions/${SUB}`,
      '/providers/Microsoft.Authorization/roleDefinitions/abc',
    ],
  ])('qualifies role %s at %s as %s', (role, scope, expected) => {
    expect(qualifiedRoleDefinitionId(role, scope)).toBe(expected);
  });
});

describe('AKS mapping', () => {
  const cluster = {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`,
    name: 'aks1',
    location: 'westeurope',
    kubernetesVersion: '1.31',
    currentKubernetesVersion: '1.31.5',
    nodeResourceGroup: 'MC_rg_aks1_westeurope',
    apiServerAccessProfile: { enablePrivateCluster: true },
    agentPoolProfiles: [
      {
        name: 'win',
        osType: 'Windows',
        osSKU: 'Windows2019',
        count: 2,
        orchestratorVersion: '1.31',
        currentOrchestratorVersion: '1.31.5',
      },
    ],
  } as unknown as ManagedCluster;

  it('maps a cluster: current version, private, no Entra, Unrestricted by default', () => {
    expect(toClusterFacts(cluster)).toEqual({
      resourceId: cluster.id,
      subscriptionId: SUB,
      resourceGroup: 'rg',
      name: 'aks1',
      location: 'westeurope',
      kubernetesVersion: '1.31.5',
      nodeResourceGroup: 'MC_rg_aks1_westeurope',
      aadEnabled: false,
      privateCluster: true,
      restrictionLevel: 'Unrestricted',
      pools: [
        {
          name: 'win',
          osType: 'Windows',
          osSku: 'Windows2019',
          orchestratorVersion: '1.31.5',
          count: 2,
        },
      ],
    });
  });

  it('lists the identities AKS assigns to every pool: the kubelet identity and add-on ones', () => {
    const withIdentities = {
      ...cluster,
      identityProfile: { kubeletidentity: { resourceId: ID1, clientId: 'c', objectId: 'o' } },
      addonProfiles: {
        omsagent: { enabled: true, identity: { resourceId: ID2 } },
        azurepolicy: { enabled: false },
      },
    } as unknown as ManagedCluster;
    expect(toClusterFacts(withIdentities).aksAssignedIdentityIds).toEqual([ID1, ID2]);
    expect(toClusterFacts(cluster).aksAssignedIdentityIds).toBeUndefined();
  });

  it('keeps ARM property names and takes provisioningState out of the spec; the PUT body wraps them back', () => {
    const pool = toAgentPool({
      id: 'x',
      name: 'win',
      type: 'Microsoft.ContainerService/managedClusters/agentPools',
      properties: {
        provisioningState: 'Creating',
        osSKU: 'Windows2025',
        enableFIPS: true,
        type: 'VirtualMachineScaleSets',
      },
    });
    expect(pool).toEqual({
      name: 'win',
      provisioningState: 'Creating',
      spec: { osSKU: 'Windows2025', enableFIPS: true, type: 'VirtualMachineScaleSets' },
    });
    expect(agentPoolBody({ ...pool.spec, provisioningState: 'Succeeded' })).toEqual({
      properties: pool.spec,
    });
    expect(codeOf(() => toAgentPool({ name: 'x' }))).toBe('INTERNAL');
  });

  it.each([
    [new TextEncoder().encode('apiVersion: v1\n'), 'apiVersion: v1\n'],
    [Buffer.from('kind: Config').toString('base64'), 'kind: Config'],
    [undefined, undefined],
  ])('decodes kubeconfig %p', (value, text) => {
    expect(kubeconfigText(value)).toBe(text);
  });
});

describe('Key Vault helpers', () => {
  it.each([
    [
      'https://kv1.vault.azure.net/secrets/gmsa',
      { vaultUrl: 'https://kv1.vault.azure.net', name: 'gmsa' },
    ],
    [
      'https://KV1.vault.azure.net/secrets/gmsa/0123456789abcdef0123456789abcdef',
      {
        vaultUrl: 'https://kv1.vault.azure.net',
        name: 'gmsa',
        version: '0123456789abcdef0123456789abcdef',
      },
    ],
    ['https://kv1.vault.azure.cn/secrets/s', { vaultUrl: 'https://kv1.vault.azure.cn', name: 's' }],
  ])('parses %s', (uri, expected) => {
    expect(parseSecretAddress(uri)).toEqual(expected);
  });

  it.each([
    ['not a url'],
    ['https://kv1.vault.azure.net/keys/k'],
    ['https://kv1.vault.azure.net.evil.com/secrets/s'],
    ['http://kv1.vault.azure.net/secrets/s'],
  ])('refuses %s', (uri) => {
    expect(codeOf(() => parseSecretAddress(uri))).toBe('INVALID_INPUT');
  });

  it('maps a vault to its secret permissions per object', () => {
    const vault = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
      name: 'kv1',
      properties: {
        tenantId: 't',
        sku: { family: 'A', name: 'standard' },
        accessPolicies: [
          {
            tenantId: 't',
            objectId: 'o1',
            permissions: { secrets: ['get', 'list'], keys: ['get'] },
          },
          { tenantId: 't', objectId: 'o2', permissions: {} },
        ],
      },
    } as unknown as Vault;
    expect(toVaultAccess(vault)).toEqual({
      resourceId: vault.id,
      name: 'kv1',
      enableRbacAuthorization: false,
      accessPolicies: [
        { objectId: 'o1', secretPermissions: ['get', 'list'] },
        { objectId: 'o2', secretPermissions: [] },
      ],
    });
  });
});

describe('waitForPrincipal (system-assigned principal after the VMSS PATCH)', () => {
  it.each([
    ['answered by the PATCH: no read', 'p-1', [], 'p-1', 0],
    ['appears on the second read', undefined, [undefined, 'p-2'], 'p-2', 2],
    [
      'never appears: undefined after every attempt',
      undefined,
      [undefined, undefined, undefined],
      undefined,
      3,
    ],
    ['empty string counts as missing', '', ['p-3'], 'p-3', 1],
  ] as const)('%s', async (_name, answered, reads, expected, readCount) => {
    const queue = [...reads];
    let calls = 0;
    const read = (): Promise<string | undefined> => {
      calls++;
      return Promise.resolve(queue.shift());
    };
    expect(await waitForPrincipal(answered, read, { attempts: 3, delayInMs: 1 })).toBe(expected);
    expect(calls).toBe(readCount);
  });
});
