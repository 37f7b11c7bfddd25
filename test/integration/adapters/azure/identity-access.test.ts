import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AzureAdapters } from '../../../../src/adapters/azure/index.js';
import {
  ScenarioBuilder,
  startArmEmulator,
  type RunningArmEmulator,
} from '../../../../src/sandbox/arm/index.js';
import { identityId, idKey, vaultId, vmssId } from '../../../../src/sandbox/state/ids.js';
import { adaptersFor, rejectsWithCode, served, WINSHIFT_PRINCIPAL } from './support.js';

const SUB = '00000000-0000-0000-0000-0000000bb001';
const RG = 'rg-apps';
const NODE_RG = `MC_${RG}_aks1_westeurope`;
const GMSA_PRINCIPAL = '11111111-1111-4111-a111-111111111111';
const GMSA_ID = identityId(SUB, RG, 'gmsa-id');
const OTHER_ID = identityId(SUB, RG, 'other-id');
const NEW_PRINCIPAL = '44444444-4444-4444-a444-444444444444';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
// The emulator compares role definition ids as written (ARM compares the role): use its form.
const READER_ID = `/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
const KV = vaultId(SUB, RG, 'kv-gmsa');

describe('Compute, Authorization, Managed identity and Key Vault adapters against the emulator', () => {
  let sandbox: RunningArmEmulator;
  let azure: AzureAdapters;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .resourceGroup(RG, 'westeurope')
      .identity(RG, { name: 'gmsa-id', principalId: GMSA_PRINCIPAL })
      .identity(RG, { name: 'other-id' })
      .vault(RG, {
        name: 'kv-gmsa',
        accessPolicies: [
          { objectId: GMSA_PRINCIPAL, permissions: { secrets: ['get'] } },
          // winshift reads metadata only: list, never get.
          { objectId: WINSHIFT_PRINCIPAL, permissions: { secrets: ['list'] } },
        ],
        secrets: [
          {
            name: 'gmsa-cred',
            versions: [{ value: 'old', version: 'a'.repeat(32) }, { value: 'current' }],
          },
          { name: 'retired', versions: [{ value: 'x', enabled: false }] },
        ],
      })
      .vault(RG, { name: 'kv-closed', secrets: [{ name: 's', versions: [{ value: 'v' }] }] })
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
          { name: 'win22', osType: 'Windows', osSKU: 'Windows2022' },
          {
            name: 'win22b',
            osType: 'Windows',
            osSKU: 'Windows2022',
            vmssUserAssignedIdentities: [GMSA_ID],
          },
        ],
      })
      .roleAssignment({
        scope: `/subscriptions/${SUB}/resourceGroups/${RG}`,
        roleDefinitionId: READER,
        principalId: GMSA_PRINCIPAL,
      })
      .roleAssignment({ scope: KV, roleDefinitionId: SECRETS_USER, principalId: GMSA_PRINCIPAL })
      .build();
    sandbox = await startArmEmulator(scenario);
    azure = adaptersFor(sandbox, [SUB]);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  beforeEach(() => {
    sandbox.clearFaults();
    sandbox.clearOperations();
  });

  function vmssOf(pool: string): string {
    const vmss = [...sandbox.world.vmss.values()].find((v) => v.poolName === pool);
    return vmssId(SUB, NODE_RG, vmss?.name ?? '');
  }

  function worldVmss(pool: string): { type: string; users: string[]; principal?: string } {
    const vmss = [...sandbox.world.vmss.values()].find((v) => v.poolName === pool)!;
    return {
      type: `${vmss.systemAssignedPrincipalId ? 'S' : ''}${vmss.userAssignedIdentities.size > 0 ? 'U' : ''}`,
      users: [...vmss.userAssignedIdentities.keys()].map((id) => id.toLowerCase()).sort(),
      ...(vmss.systemAssignedPrincipalId ? { principal: vmss.systemAssignedPrincipalId } : {}),
    };
  }

  describe('ComputePort', () => {
    it('finds a pool VMSS by its aks-managed-poolName tag with its identities; an unknown pool is undefined', async () => {
      const vmss = await azure.compute.findPoolVmss(SUB, NODE_RG, 'win19');
      expect(vmss?.resourceId.toLowerCase()).toBe(vmssOf('win19').toLowerCase());
      expect(vmss?.userAssignedIdentityIds).toEqual([GMSA_ID]);
      expect(vmss?.systemAssignedPrincipalId).toBe(worldVmss('win19').principal);
      expect(await azure.compute.findPoolVmss(SUB, NODE_RG, 'nopool')).toBeUndefined();
    });

    it('adds user-assigned identities keeping the system-assigned one; a repeat sends no PATCH', async () => {
      const before = worldVmss('win19');
      await azure.compute.addUserAssignedIdentities(vmssOf('win19'), [OTHER_ID, GMSA_ID]);
      expect(worldVmss('win19')).toEqual({
        type: 'SU',
        users: [GMSA_ID, OTHER_ID].map((id) => id.toLowerCase()).sort(),
        principal: before.principal,
      });
      await azure.compute.addUserAssignedIdentities(vmssOf('win19'), [OTHER_ID.toUpperCase()]);
      expect(served(sandbox, 'VirtualMachineScaleSets_Update')).toBe(1);
    });

    it('adds identities to a VMSS that has none (UserAssigned only)', async () => {
      await azure.compute.addUserAssignedIdentities(vmssOf('win22'), [GMSA_ID]);
      await azure.compute.addUserAssignedIdentities(vmssOf('win22'), [GMSA_ID]);
      expect(worldVmss('win22')).toEqual({ type: 'U', users: [GMSA_ID.toLowerCase()] });
      expect(served(sandbox, 'VirtualMachineScaleSets_Update')).toBe(1);
    });

    it('turns on the system-assigned identity keeping user-assigned ones; a repeat returns the same principal', async () => {
      const principal = await azure.compute.enableSystemAssignedIdentity(vmssOf('win22b'));
      expect(principal).toMatch(/^[0-9a-f-]{36}$/);
      expect(worldVmss('win22b')).toEqual({
        type: 'SU',
        users: [GMSA_ID.toLowerCase()],
        principal,
      });
      expect(await azure.compute.enableSystemAssignedIdentity(vmssOf('win22b'))).toBe(principal);
      expect(served(sandbox, 'VirtualMachineScaleSets_Update')).toBe(1);
    });

    it.each([
      ['a busy scale set (409)', { kind: 'conflict', code: 'OperationNotAllowed' }, 'TRANSIENT'],
      ['a throttled PATCH', { kind: 'throttle', retryAfterSeconds: 3 }, 'TRANSIENT'],
      ['a failing PATCH', { kind: 'serverError' }, 'TRANSIENT'],
    ] as const)('maps %s %j to %s', async (_what, fault, code) => {
      sandbox.setFault({ operationId: 'VirtualMachineScaleSets_Update', count: 1, ...fault });
      await rejectsWithCode(
        azure.compute.addUserAssignedIdentities(vmssOf('win22'), [OTHER_ID]),
        code,
      );
    });

    it('maps a missing node resource group to NOT_FOUND and a foreign subscription to FORBIDDEN', async () => {
      await rejectsWithCode(azure.compute.findPoolVmss(SUB, 'MC_missing', 'win19'), 'NOT_FOUND');
      await rejectsWithCode(
        azure.compute.findPoolVmss('00000000-0000-0000-0000-0000000bb999', NODE_RG, 'win19'),
        'FORBIDDEN',
      );
    });
  });

  describe('AuthorizationPort', () => {
    it('lists the assignments of a principal at and below the subscription', async () => {
      const listed = await azure.authorization.listForPrincipal(SUB, GMSA_PRINCIPAL);
      expect(
        listed.map((a) => [a.scope.toLowerCase(), a.roleDefinitionId.split('/').pop()]).sort(),
      ).toEqual(
        [
          [`/subscriptions/${SUB}/resourcegroups/${RG}`.toLowerCase(), READER],
          [KV.toLowerCase(), SECRETS_USER],
        ].sort(),
      );
      expect(listed.every((a) => a.principalId === GMSA_PRINCIPAL && a.id !== '')).toBe(true);
      expect(await azure.authorization.listForPrincipal(SUB, NEW_PRINCIPAL)).toEqual([]);
    });

    it('creates an assignment under a deterministic name: a repeat makes no second one', async () => {
      const wanted = {
        scope: KV,
        roleDefinitionId: SECRETS_USER,
        principalId: NEW_PRINCIPAL,
        principalType: 'ServicePrincipal',
      };
      const first = await azure.authorization.ensureAssignment(wanted);
      const second = await azure.authorization.ensureAssignment({
        ...wanted,
        scope: KV.toLowerCase(),
      });
      expect(second.id.toLowerCase()).toBe(first.id.toLowerCase());
      const stored = [...sandbox.world.roleAssignments.values()].filter(
        (a) => a.principalId === NEW_PRINCIPAL,
      );
      expect(stored).toHaveLength(1);
      expect(stored[0]?.roleDefinitionId).toBe(
        `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
      );
    });

    it('counts an identical assignment made under another name (409 RoleAssignmentExists) as done', async () => {
      const existing = await azure.authorization.ensureAssignment({
        scope: `/subscriptions/${SUB}/resourceGroups/${RG}`,
        roleDefinitionId: READER_ID,
        principalId: GMSA_PRINCIPAL,
      });
      expect(served(sandbox, 'RoleAssignments_Create', 409)).toBe(1);
      expect(existing.roleDefinitionId.split('/').pop()).toBe(READER);
      expect(
        [...sandbox.world.roleAssignments.values()].filter(
          (a) => a.principalId === GMSA_PRINCIPAL && a.roleDefinitionId.endsWith(READER),
        ),
      ).toHaveLength(1);
    });

    it.each([
      ['a throttled list', 'RoleAssignments_ListForScope', { kind: 'throttle' }, 'TRANSIENT'],
      [
        'a failing create',
        'RoleAssignments_Create',
        { kind: 'serverError', status: 503 },
        'TRANSIENT',
      ],
    ] as const)('maps %s (%s %j) to %s', async (_what, operationId, fault, code) => {
      sandbox.setFault({ operationId, count: 1, ...fault });
      const call =
        operationId === 'RoleAssignments_Create'
          ? azure.authorization.ensureAssignment({
              scope: KV,
              roleDefinitionId: READER,
              principalId: NEW_PRINCIPAL,
            })
          : azure.authorization.listForPrincipal(SUB, GMSA_PRINCIPAL);
      await rejectsWithCode(call, code);
    });

    it('refuses a principal id that is not a GUID before it reaches a filter', async () => {
      await rejectsWithCode(
        azure.authorization.listForPrincipal(SUB, "x' or 1 eq 1"),
        'INVALID_INPUT',
      );
      expect(sandbox.operations()).toHaveLength(0);
    });
  });

  describe('IdentityPort', () => {
    it('reads a user-assigned identity; missing is NOT_FOUND, a wrong id INVALID_INPUT', async () => {
      expect(await azure.identity.getUserAssignedIdentity(GMSA_ID)).toMatchObject({
        resourceId: GMSA_ID,
        principalId: GMSA_PRINCIPAL,
        clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      await rejectsWithCode(
        azure.identity.getUserAssignedIdentity(identityId(SUB, RG, 'nope')),
        'NOT_FOUND',
      );
      await rejectsWithCode(azure.identity.getUserAssignedIdentity(KV), 'INVALID_INPUT');
    });
  });

  describe('KeyVaultPort', () => {
    const secretUri = (name: string, version = ''): string =>
      `https://kv-gmsa.vault.azure.net/secrets/${name}${version ? `/${version}` : ''}`;

    it('adds secret permissions with access policy `add`; a repeat leaves one policy', async () => {
      await azure.keyVault.addSecretPermissions(KV, NEW_PRINCIPAL, ['Get']);
      await azure.keyVault.addSecretPermissions(KV, NEW_PRINCIPAL, ['get']);
      const policies = sandbox.world.vaults
        .get(idKey(KV))!
        .accessPolicies.filter((p) => p.objectId === NEW_PRINCIPAL);
      expect(policies.map((p) => p.permissions.secrets)).toEqual([['get']]);
      // The others' policies are untouched.
      expect(sandbox.world.vaults.get(idKey(KV))!.accessPolicies).toHaveLength(3);
    });

    it.each([
      ['the current version', secretUri('gmsa-cred'), true],
      ['a named existing version', secretUri('gmsa-cred', 'a'.repeat(32)), true],
      ['an unknown version', secretUri('gmsa-cred', 'b'.repeat(32)), false],
      ['a missing secret', secretUri('nope'), false],
      ['a secret whose only version is disabled', secretUri('retired'), false],
    ])(
      'says whether %s exists from properties only, never reading a value',
      async (_what, uri, exists) => {
        expect(await azure.keyVault.secretExists(uri)).toBe(exists);
        expect(served(sandbox, 'GetSecretVersions')).toBeGreaterThan(0);
        expect(served(sandbox, 'GetSecret')).toBe(0);
      },
    );

    it.each([
      [
        'a vault without a policy for winshift',
        'https://kv-closed.vault.azure.net/secrets/s',
        'FORBIDDEN',
      ],
      ['a URI on another host', 'https://evil.example.com/secrets/s', 'INVALID_INPUT'],
      ['a non-secret URI', 'https://kv-gmsa.vault.azure.net/keys/k', 'INVALID_INPUT'],
    ] as const)('refuses %s (%s) with %s', async (_what, uri, code) => {
      await rejectsWithCode(azure.keyVault.secretExists(uri), code);
      expect(served(sandbox, 'GetSecret')).toBe(0);
    });

    it('maps a throttled version listing to TRANSIENT', async () => {
      sandbox.setFault({
        operationId: 'GetSecretVersions',
        kind: 'throttle',
        retryAfterSeconds: 2,
      });
      expect(
        await rejectsWithCode(azure.keyVault.secretExists(secretUri('gmsa-cred')), 'TRANSIENT'),
      ).toMatch(/Retry-After: 2/);
    });

    it('maps a missing vault on access-policy update to NOT_FOUND', async () => {
      await rejectsWithCode(
        azure.keyVault.addSecretPermissions(vaultId(SUB, RG, 'kv-none'), NEW_PRINCIPAL, ['get']),
        'NOT_FOUND',
      );
    });
  });
});
