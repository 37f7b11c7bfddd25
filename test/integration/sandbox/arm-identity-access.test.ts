import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { identityId } from '../../../src/sandbox/state/ids.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { exampleBody, missingKeys } from '../../support/examples.js';

const SUB = '00000000-0000-0000-0000-00000000bbbb';
const RG = 'rg-apps';
const NODE_RG = `MC_${RG}_aks1_westeurope`;
const GMSA_ID = identityId(SUB, RG, 'gmsa-id');
const OTHER_ID = identityId(SUB, RG, 'other-id');
const READER =
  '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';

describe('ARM emulator: VMSS identities, managed identities, role assignments, vault policies', () => {
  let sandbox: RunningArmEmulator;
  let compute: ComputeManagementClient;
  let msi: ManagedServiceIdentityClient;
  let authorization: AuthorizationManagementClient;
  let vaults: KeyVaultManagementClient;
  let vmssName: string;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'westeurope')
      .identity(RG, { name: 'gmsa-id', principalId: '11111111-1111-4111-a111-111111111111' })
      .identity(RG, { name: 'other-id' })
      .vault(RG, {
        name: 'kv-gmsa',
        accessPolicies: [
          { objectId: '11111111-1111-4111-a111-111111111111', permissions: { secrets: ['get'] } },
        ],
      })
      .cluster(RG, {
        name: 'aks1',
        kubernetesVersion: '1.31.10',
        pools: [
          { name: 'system', osType: 'Linux' },
          {
            name: 'win19',
            osType: 'Windows',
            osSKU: 'Windows2019',
            vmssUserAssignedIdentities: [GMSA_ID],
            vmssSystemAssignedPrincipalId: true,
          },
        ],
      })
      .roleAssignment({
        scope: `/subscriptions/${SUB}/resourceGroups/${RG}`,
        roleDefinitionId: READER,
        principalId: '11111111-1111-4111-a111-111111111111',
      })
      .build();
    sandbox = await startArmEmulator(scenario);
    const options = { httpClient: sandbox.transport.httpClient };
    const credential = sandbox.credentialFor('winshift');
    compute = new ComputeManagementClient(credential, SUB, options);
    msi = new ManagedServiceIdentityClient(credential, SUB, options);
    authorization = new AuthorizationManagementClient(credential, SUB, options);
    vaults = new KeyVaultManagementClient(credential, SUB, options);
    vmssName =
      [...sandbox.world.vmss.values()].find((item) => item.poolName === 'win19')?.name ?? '';
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('lists the node resource group scale sets with the aks-managed-poolName tag and identities', async () => {
    const sets = [];
    for await (const item of compute.virtualMachineScaleSets.list(NODE_RG)) sets.push(item);
    const win = sets.find((item) => item.tags?.['aks-managed-poolName'] === 'win19');
    expect(win?.name).toBe(vmssName);
    expect(Object.keys(win?.identity?.userAssignedIdentities ?? {})).toEqual([GMSA_ID]);
    expect(win?.identity?.type).toBe('SystemAssigned, UserAssigned');
    expect(win?.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const vmssJson = await raw(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmssName}?api-version=2026-03-01`,
    );
    expect(
      missingKeys(exampleBody('compute/VirtualMachineScaleSet_Get_WithUserData.json'), vmssJson, [
        'properties.virtualMachineProfile.storageProfile.imageReference',
        'properties.virtualMachineProfile.storageProfile.dataDisks',
        'properties.virtualMachineProfile.storageProfile.osDisk.managedDisk',
        'properties.virtualMachineProfile.applicationProfile',
        'properties.virtualMachineProfile.userData',
        'properties.virtualMachineProfile.networkProfile',
        'properties.virtualMachineProfile.securityProfile',
        'properties.virtualMachineProfile.osProfile.linuxConfiguration',
        'properties.doNotRunExtensionsOnOverprovisionedVMs',
        'properties.platformFaultDomainCount',
        'properties.hostGroup',
        'properties.upgradePolicy.automaticOSUpgradePolicy',
      ]),
    ).toEqual([]);
  });

  it('adds and removes a user-assigned identity with the VMSS PATCH', async () => {
    const updated = await compute.virtualMachineScaleSets.beginUpdateAndWait(
      NODE_RG,
      vmssName,
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [OTHER_ID]: {} },
        },
      },
      { updateIntervalInMs: 5 },
    );
    expect(Object.keys(updated.identity?.userAssignedIdentities ?? {}).sort()).toEqual(
      [GMSA_ID, OTHER_ID].sort(),
    );
    const other = await msi.userAssignedIdentities.get(RG, 'other-id');
    expect(updated.identity?.userAssignedIdentities?.[OTHER_ID]?.principalId).toBe(
      other.principalId,
    );
    const removed = await compute.virtualMachineScaleSets.beginUpdateAndWait(
      NODE_RG,
      vmssName,
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [OTHER_ID]: null as unknown as object },
        },
      },
      { updateIntervalInMs: 5 },
    );
    expect(Object.keys(removed.identity?.userAssignedIdentities ?? {})).toEqual([GMSA_ID]);
  });

  it('refuses an unknown identity on the VMSS', async () => {
    await expect(
      compute.virtualMachineScaleSets.beginUpdateAndWait(
        NODE_RG,
        vmssName,
        {
          identity: {
            type: 'UserAssigned',
            userAssignedIdentities: { [identityId(SUB, RG, 'ghost')]: {} },
          },
        },
        { updateIntervalInMs: 5 },
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'FailedIdentityOperation' });
  });

  it('gets a user-assigned identity in the example shape', async () => {
    const identity = await msi.userAssignedIdentities.get(RG, 'gmsa-id');
    expect(identity.principalId).toBe('11111111-1111-4111-a111-111111111111');
    expect(identity.clientId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await raw(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gmsa-id?api-version=2024-11-30`,
    );
    expect(
      missingKeys(exampleBody('msi/IdentityGet.json'), body, ['properties.assignmentRestrictions']),
    ).toEqual([]);
    await expect(msi.userAssignedIdentities.get(RG, 'ghost')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('creates, lists with $filter, gets and deletes a role assignment', async () => {
    const scope = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-gmsa`;
    const principalId = '22222222-2222-4222-a222-222222222222';
    const name = '33333333-3333-4333-a333-333333333333';
    const roleDefinitionId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
    const created = await authorization.roleAssignments.create(scope, name, {
      roleDefinitionId,
      principalId,
      principalType: 'ServicePrincipal',
    });
    expect(created).toMatchObject({ name, principalId, scope, roleDefinitionId });
    await expect(
      authorization.roleAssignments.create(scope, '44444444-4444-4444-a444-444444444444', {
        roleDefinitionId,
        principalId,
      }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'RoleAssignmentExists' });

    const forPrincipal = [];
    for await (const item of authorization.roleAssignments.listForScope(scope, {
      filter: `principalId eq '${principalId}'`,
    }))
      forPrincipal.push(item);
    expect(forPrincipal.map((item) => item.name)).toEqual([name]);
    const atScope = [];
    for await (const item of authorization.roleAssignments.listForScope(scope, {
      filter: 'atScope()',
    }))
      atScope.push(item);
    expect(atScope.map((item) => item.principalId).sort()).toEqual([
      '11111111-1111-4111-a111-111111111111',
      principalId,
    ]);
    const groupAtScope = [];
    for await (const item of authorization.roleAssignments.listForScope(
      `/subscriptions/${SUB}/resourceGroups/${RG}`,
      { filter: 'atScope()' },
    ))
      groupAtScope.push(item);
    expect(groupAtScope.map((item) => item.principalId)).toEqual([
      '11111111-1111-4111-a111-111111111111',
    ]);

    const fetched = await authorization.roleAssignments.get(scope, name);
    expect(fetched.principalId).toBe(principalId);
    const body = await raw(
      'GET',
      `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
    );
    expect(missingKeys(exampleBody('authorization/RoleAssignments_Get.json'), body)).toEqual([]);
    await authorization.roleAssignments.delete(scope, name);
    await expect(authorization.roleAssignments.get(scope, name)).rejects.toMatchObject({
      statusCode: 404,
      code: 'RoleAssignmentNotFound',
    });
  });

  it('gets a vault with enableRbacAuthorization and updates its access policies', async () => {
    const vault = await vaults.vaults.get(RG, 'kv-gmsa');
    expect(vault.properties.enableRbacAuthorization).toBe(false);
    expect(vault.properties.accessPolicies?.map((policy) => policy.objectId)).toEqual([
      '11111111-1111-4111-a111-111111111111',
    ]);
    const body = await raw(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-gmsa?api-version=2026-02-01`,
    );
    expect(
      missingKeys(exampleBody('keyvault-mgmt/getVault.json'), body, [
        'systemData',
        'properties.hsmPoolResourceId',
      ]),
    ).toEqual([]);

    const tenantId = sandbox.world.tenantId;
    const newPrincipal = '55555555-5555-4555-a555-555555555555';
    const added = await vaults.vaults.updateAccessPolicy(RG, 'kv-gmsa', 'add', {
      properties: {
        accessPolicies: [
          { tenantId, objectId: newPrincipal, permissions: { secrets: ['get', 'list'] } },
        ],
      },
    });
    expect(added.properties.accessPolicies?.[0]?.objectId).toBe(newPrincipal);
    await vaults.vaults.updateAccessPolicy(RG, 'kv-gmsa', 'remove', {
      properties: {
        accessPolicies: [{ tenantId, objectId: newPrincipal, permissions: { secrets: ['list'] } }],
      },
    });
    const after = await vaults.vaults.get(RG, 'kv-gmsa');
    expect(
      after.properties.accessPolicies?.find((policy) => policy.objectId === newPrincipal)
        ?.permissions.secrets,
    ).toEqual(['get']);
    await vaults.vaults.updateAccessPolicy(RG, 'kv-gmsa', 'replace', {
      properties: {
        accessPolicies: [{ tenantId, objectId: newPrincipal, permissions: { secrets: ['list'] } }],
      },
    });
    const replaced = await vaults.vaults.get(RG, 'kv-gmsa');
    expect(
      replaced.properties.accessPolicies?.find((policy) => policy.objectId === newPrincipal)
        ?.permissions.secrets,
    ).toEqual(['list']);
  });

  async function raw(method: 'GET', path: string): Promise<Record<string, unknown>> {
    const response = await sandbox.transport.httpClient.sendRequest(
      createPipelineRequest({
        url: `https://management.azure.com${path}`,
        method,
        headers: createHttpHeaders({ authorization: 'Bearer sandbox:winshift' }),
      }),
    );
    expect(response.status).toBe(200);
    return JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>;
  }
});
