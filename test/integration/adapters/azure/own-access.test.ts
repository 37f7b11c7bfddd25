/**
 * winshift's own access through the real adapters and HTTP to the emulator (issue 13 item 7): the
 * permissions API (role definitions, management groups, another subscription), registries as ARM
 * lists them, a management group's role assignment in a principal's list, and the registry
 * adapter's token audience against an ACR that refuses ARM-audience tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { createRegistryAdapter } from '../../../../src/adapters/registry/index.js';
import { createAzureAdapters, type AzureAdapters } from '../../../../src/adapters/azure/index.js';
import { OPERATIONS, permits } from '../../../../src/domain/azure-permissions.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import {
  adaptersFor,
  registryConnectionFor,
  rejectsWithCode,
  served,
  WINSHIFT_PRINCIPAL,
} from './support.js';

const SUB = '00000000-0000-4000-8000-0000000ac001';
const SHARED = '00000000-0000-4000-8000-0000000ac002';
const RG = 'rg-apps';
const MG = '/providers/Microsoft.Management/managementGroups/mg-platform';
const SYSTEM_PRINCIPAL = '5a5a5a5a-0000-4000-8000-00000000005a';
const PULLER = '33333333-3333-4333-a333-333333333333';
const ROLE = {
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  keyVaultReader: '21090545-7ca7-4776-b22c-e363652d74d2',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  repositoryReader: 'b93aa761-3e63-49ed-ac28-beffa264f7ac',
};
const id = (sub: string, type: string, name: string): string =>
  `/subscriptions/${sub}/resourceGroups/${RG}/providers/${type}/${name}`;
const LOCAL_IDENTITY = id(SUB, 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-local');
const SHARED_IDENTITY = id(SHARED, 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-shared');
const RBAC_VAULT = id(SUB, 'Microsoft.KeyVault/vaults', 'kv-rbac');
const ABAC = id(SUB, 'Microsoft.ContainerRegistry/registries', 'abacapps');
const ARMOFF = id(SUB, 'Microsoft.ContainerRegistry/registries', 'armoffapps');
const image = (repository: string) => ({
  repository,
  tag: 'v1',
  variants: [{ os: 'windows' as const, osVersion: '10.0.20348.3207', sizeBytes: 1_000_000 }],
});

describe("winshift's own access through the adapters and the emulator", () => {
  let sandbox: RunningArmEmulator;
  let azure: AzureAdapters;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'westeurope')
      .identity(RG, { name: 'id-local' })
      .identity(RG, { name: 'id-shared' }, SHARED)
      .vault(RG, { name: 'kv-rbac', enableRbacAuthorization: true })
      .managementGroup({ name: 'mg-platform', subscriptions: [SUB] })
      .roleAssignment({
        scope: `/subscriptions/${SUB}`,
        roleDefinitionId: ROLE.contributor,
        principalId: WINSHIFT_PRINCIPAL,
      })
      .roleAssignment({
        scope: RBAC_VAULT,
        roleDefinitionId: ROLE.keyVaultReader,
        principalId: WINSHIFT_PRINCIPAL,
      })
      .roleAssignment({
        scope: ABAC,
        roleDefinitionId: ROLE.acrPull,
        principalId: WINSHIFT_PRINCIPAL,
      })
      .roleAssignment({ scope: ABAC, roleDefinitionId: ROLE.repositoryReader, principalId: PULLER })
      .roleAssignment({ scope: MG, roleDefinitionId: ROLE.reader, principalId: SYSTEM_PRINCIPAL })
      .registry({
        host: 'abacapps.azurecr.io',
        auth: 'acr',
        resourceId: ABAC,
        roleAssignmentMode: 'AbacRepositoryPermissions',
        images: [image('apps/api')],
      })
      .registry({
        host: 'armoffapps.azurecr.io',
        auth: 'acr',
        resourceId: ARMOFF,
        azureADAuthenticationAsArmPolicy: 'disabled',
        images: [image('apps/api')],
      })
      .registry({
        host: 'mcr.microsoft.com',
        auth: 'anonymous',
        images: [image('windows/nanoserver')],
      })
      .build();
    sandbox = await startArmEmulator(scenario);
    azure = adaptersFor(sandbox, [SUB]);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('reads its permissions at an identity of its subscription (Contributor) and none in another one', async () => {
    const local = await azure.access.permissionsAt(LOCAL_IDENTITY);
    const shared = await azure.access.permissionsAt(SHARED_IDENTITY);
    expect(permits(local, OPERATIONS.identityAssign, 'action')).toBe(true);
    expect(shared).toEqual([]);
    expect(served(sandbox, 'Permissions_ListForResource', 200)).toBe(2);
  });

  it('reads the data action of Key Vault Reader at an RBAC vault, not at another resource', async () => {
    const vault = await azure.access.permissionsAt(RBAC_VAULT);
    const other = await azure.access.permissionsAt(LOCAL_IDENTITY);
    expect(permits(vault, OPERATIONS.secretMetadata, 'dataAction')).toBe(true);
    expect(permits(other, OPERATIONS.secretMetadata, 'dataAction')).toBe(false);
  });

  it('sees a role a management group gives, at a resource of its subscription', async () => {
    const reader = createAzureAdapters({
      credential: sandbox.credentialFor(SYSTEM_PRINCIPAL),
      subscriptions: [SUB],
      httpClient: sandbox.transport.httpClient,
      retryOptions: { maxRetries: 0 },
    });
    const permissions = await reader.access.permissionsAt(LOCAL_IDENTITY);
    expect(permissions).toEqual([
      { actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] },
    ]);
    expect(await reader.access.permissionsAt(SHARED_IDENTITY)).toEqual([]);
  });

  it("lists a system-assigned principal's assignment at a management group with its own", async () => {
    const assignments = await azure.authorization.listForPrincipal(SUB, SYSTEM_PRINCIPAL);
    expect(assignments.map((a) => a.scope)).toEqual([MG]);
  });

  it('finds an ACR by login server with its mode and ARM audience policy; other hosts cost no call', async () => {
    expect(await azure.containerRegistries.findRegistry('abacapps.azurecr.io')).toEqual({
      resourceId: ABAC,
      loginServer: 'abacapps.azurecr.io',
      roleAssignmentMode: 'AbacRepositoryPermissions',
      armAudienceTokens: 'enabled',
    });
    expect(await azure.containerRegistries.findRegistry('ARMOFFAPPS.azurecr.io')).toEqual(
      expect.objectContaining({ resourceId: ARMOFF, armAudienceTokens: 'disabled' }),
    );
    const lists = served(sandbox, 'Registries_List', 200);
    expect(await azure.containerRegistries.findRegistry('mcr.microsoft.com')).toBeUndefined();
    expect(await azure.containerRegistries.findRegistry('elsewhere.azurecr.io')).toBeUndefined();
    expect(served(sandbox, 'Registries_List', 200)).toBe(lists + 1);
  });

  it('tells its principal from WINSHIFT_PRINCIPAL_ID; the sandbox token (no JWT) tells none', async () => {
    const configured = createAzureAdapters({
      credential: sandbox.credentialFor(WINSHIFT_PRINCIPAL),
      subscriptions: [SUB],
      httpClient: sandbox.transport.httpClient,
      principalId: WINSHIFT_PRINCIPAL,
    });
    expect(await configured.access.ownPrincipalId()).toBe(WINSHIFT_PRINCIPAL);
    expect(await azure.access.ownPrincipalId()).toBeUndefined();
  });

  it('pulls from an ACR that refuses ARM-audience tokens: the adapter asks for the ACR audience', async () => {
    // The emulator refuses the ARM-audience token the adapter used to send...
    const arm = await sandbox
      .credentialFor(PULLER)
      .getToken('https://management.azure.com/.default');
    const refused = await sandbox.transport.httpClient.sendRequest(
      createPipelineRequest({
        url: 'https://armoffapps.azurecr.io/oauth2/exchange',
        method: 'POST',
        headers: createHttpHeaders({
          'content-type': 'application/x-www-form-urlencoded',
        }),
        body: new URLSearchParams({
          grant_type: 'access_token',
          service: 'armoffapps.azurecr.io',
          access_token: arm?.token ?? '',
        }).toString(),
      }),
    );
    expect(refused.status).toBe(401);
    expect(refused.bodyAsText).toContain('accepts only ACR-audience');
    // ...and the registry adapter's exchange goes through.
    const registry = createRegistryAdapter({
      ...registryConnectionFor(sandbox),
      credential: sandbox.credentialFor(PULLER),
      retryOptions: { maxRetries: 0 },
    });
    const found = await registry.lookup('armoffapps.azurecr.io/apps/api:v1');
    expect(found?.variants).toEqual([expect.objectContaining({ osVersion: '10.0.20348.3207' })]);
  });

  it('cannot pull from an ABAC-mode ACR with AcrPull alone; Container Registry Repository Reader can', async () => {
    await rejectsWithCode(azure.registry.lookup('abacapps.azurecr.io/apps/api:v1'), 'UNAUTHORIZED');
    const reader = createRegistryAdapter({
      ...registryConnectionFor(sandbox),
      credential: sandbox.credentialFor(PULLER),
      retryOptions: { maxRetries: 0 },
    });
    expect(await reader.lookup('abacapps.azurecr.io/apps/api:v1')).toEqual(
      expect.objectContaining({ variants: [expect.objectContaining({ os: 'windows' })] }),
    );
  });
});
