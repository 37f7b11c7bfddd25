import { describe, expect, it } from '@jest/globals';
import { copyIdentities } from '../../../src/activities/copy-identities.js';
import { verifyGmsaAccess } from '../../../src/activities/verify-gmsa.js';
import type { PlannedIdentity } from '../../../src/domain/plan.js';
import {
  GMSA_OBJECT_ID,
  makePlan,
  makeWorld,
  SECRET_URI,
  STALE_REF,
  UAI,
  VAULT_ID,
  type World,
} from './fakes/world.js';

const SECRETS_USER =
  '/subscriptions/sub1/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
const READER =
  '/subscriptions/sub1/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';

const systemAssigned: PlannedIdentity = {
  kind: 'systemAssigned',
  principalId: 'old-principal',
  roleAssignments: [
    { scope: '/subscriptions/sub1/resourceGroups/app', roleDefinitionId: READER },
    { scope: VAULT_ID, roleDefinitionId: SECRETS_USER },
  ],
  keyVaultAccessPolicies: [{ vaultId: VAULT_ID, secretPermissions: ['get', 'list'] }],
};

function withVault(
  w: World,
  rbac: boolean,
  policies: { objectId: string; secretPermissions: string[] }[] = [],
): World {
  w.arm.vaults.set('kv1', {
    resourceId: VAULT_ID,
    name: 'kv1',
    enableRbacAuthorization: rbac,
    accessPolicies: policies,
  });
  return w;
}

describe('copyIdentities', () => {
  it('adds the user-assigned identities to the new VMSS once', async () => {
    const w = makeWorld();
    w.arm.addVmss('w22a');
    const first = await copyIdentities(w.deps, w.ref);
    const second = await copyIdentities(w.deps, w.ref);
    expect(first).toEqual({
      userAssignedAdded: 1,
      roleAssignmentsCopied: 0,
      accessPoliciesCopied: 0,
    });
    expect(second).toEqual({
      userAssignedAdded: 0,
      roleAssignmentsCopied: 0,
      accessPoliciesCopied: 0,
    });
    expect(w.arm.vmss.get('w22a')?.userAssignedIdentityIds).toEqual([UAI]);
    expect(w.arm.writesOf('addUserAssignedIdentities')).toHaveLength(1);
  });

  it('matches identity ids case-insensitively (ARM does)', async () => {
    const w = makeWorld();
    w.arm.addVmss('w22a', { userAssignedIdentityIds: [UAI.toUpperCase()] });
    expect(await copyIdentities(w.deps, w.ref)).toMatchObject({ userAssignedAdded: 0 });
  });

  it('gives a system-assigned identity’s grants to the new VMSS principal, once', async () => {
    const w = withVault(makeWorld(makePlan({ identities: [systemAssigned] })), false);
    w.arm.addVmss('w22a');
    const first = await copyIdentities(w.deps, w.ref);
    const second = await copyIdentities(w.deps, w.ref);
    expect(first).toEqual({
      userAssignedAdded: 0,
      roleAssignmentsCopied: 2,
      accessPoliciesCopied: 1,
    });
    expect(second).toEqual({
      userAssignedAdded: 0,
      roleAssignmentsCopied: 0,
      accessPoliciesCopied: 0,
    });
    const principal = w.arm.vmss.get('w22a')?.systemAssignedPrincipalId;
    expect(principal).toBeDefined();
    expect(w.arm.assignments.map((a) => [a.principalId, a.scope])).toEqual([
      [principal, '/subscriptions/sub1/resourceGroups/app'],
      [principal, VAULT_ID],
    ]);
    expect(w.arm.vaults.get('kv1')?.accessPolicies).toEqual([
      { objectId: principal, secretPermissions: ['get', 'list'] },
    ]);
    expect(w.arm.writesOf('enableSystemAssignedIdentity')).toHaveLength(1);
  });

  it('fails clearly when the new pool has no VMSS yet', async () => {
    const w = makeWorld();
    await expect(copyIdentities(w.deps, w.ref)).rejects.toThrow('[NOT_FOUND]');
  });

  it('refuses a changed plan before writing', async () => {
    const w = makeWorld();
    w.arm.addVmss('w22a');
    await expect(copyIdentities(w.deps, STALE_REF)).rejects.toThrow('[PLAN_CHANGED]');
    expect(w.arm.writes).toHaveLength(0);
  });
});

describe('verifyGmsaAccess', () => {
  const ready = (rbac: boolean): World => {
    const w = withVault(makeWorld(), rbac);
    w.arm.secrets.add(SECRET_URI);
    return w;
  };

  it.each([
    [
      'an access policy with get',
      false,
      [{ objectId: GMSA_OBJECT_ID, secretPermissions: ['Get'] }],
      [],
    ],
    ['Key Vault Secrets User on the vault', true, [], [VAULT_ID]],
    ['Key Vault Secrets User on the secret', true, [], [`${VAULT_ID}/secrets/gmsa-user`]],
    [
      'Key Vault Secrets User on the resource group',
      true,
      [],
      ['/subscriptions/sub1/resourceGroups/kv'],
    ],
  ])('passes with %s', async (_name, rbac, policies, scopes) => {
    const w = ready(rbac);
    withVault(w, rbac, policies);
    for (const scope of scopes)
      w.arm.assignments.push({
        id: scope,
        scope,
        roleDefinitionId: SECRETS_USER,
        principalId: GMSA_OBJECT_ID,
      });
    expect(await verifyGmsaAccess(w.deps, w.ref)).toEqual({ checked: 1 });
    expect(w.arm.writes).toHaveLength(0);
  });

  it.each([
    ['the secret is missing', (w: World) => w.arm.secrets.clear(), 'GMSA_SECRET_UNREACHABLE'],
    ['the vault is missing', (w: World) => w.arm.vaults.clear(), 'GMSA_SECRET_UNREACHABLE'],
    [
      'no policy grants get',
      (w: World) =>
        withVault(w, false, [{ objectId: GMSA_OBJECT_ID, secretPermissions: ['list'] }]),
      'GMSA_SECRET_UNREACHABLE',
    ],
    [
      'only another object (a group?) has get',
      (w: World) => withVault(w, false, [{ objectId: 'group-1', secretPermissions: ['get'] }]),
      'IDENTITY_UNVERIFIABLE',
    ],
    [
      'RBAC vault, no direct role (maybe a group’s)',
      (w: World) => withVault(w, true),
      'IDENTITY_UNVERIFIABLE',
    ],
    [
      'RBAC vault, a role without data access',
      (w: World) => {
        withVault(w, true);
        w.arm.assignments.push({
          id: 'x',
          scope: VAULT_ID,
          roleDefinitionId: READER,
          principalId: GMSA_OBJECT_ID,
        });
      },
      'IDENTITY_UNVERIFIABLE',
    ],
    [
      'RBAC vault, a role on another vault',
      (w: World) => {
        withVault(w, true);
        w.arm.assignments.push({
          id: 'x',
          scope: `${VAULT_ID}2`,
          roleDefinitionId: SECRETS_USER,
          principalId: GMSA_OBJECT_ID,
        });
      },
      'IDENTITY_UNVERIFIABLE',
    ],
  ])('fails when %s', async (_name, change, code) => {
    const w = ready(false);
    change(w);
    await expect(verifyGmsaAccess(w.deps, w.ref)).rejects.toMatchObject({ code });
  });

  it('refuses a spec naming the old VMSS’s system-assigned identity (it does not move)', async () => {
    const identities: PlannedIdentity[] = [{ ...systemAssigned, principalId: GMSA_OBJECT_ID }];
    const w = withVault(makeWorld(makePlan({ identities })), false, [
      { objectId: GMSA_OBJECT_ID, secretPermissions: ['get'] },
    ]);
    w.arm.secrets.add(SECRET_URI);
    await expect(verifyGmsaAccess(w.deps, w.ref)).rejects.toThrow(
      /\[GMSA_SECRET_UNREACHABLE\].*system-assigned/,
    );
  });

  it('has nothing to check without gMSA specs', async () => {
    const w = makeWorld(makePlan({ gmsa: [] }));
    expect(await verifyGmsaAccess(w.deps, w.ref)).toEqual({ checked: 0 });
  });
});
