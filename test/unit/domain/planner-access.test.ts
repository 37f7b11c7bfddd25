/**
 * winshift's own access at plan time (issue 13 item 7): the permission rule, what the plan reads,
 * and each blocker with the exact grant it names.
 */
import { describe, expect, it } from '@jest/globals';
import type {
  AccessFacts,
  RegistryAccessFact,
  VaultAccessFact,
} from '../../../src/domain/access-facts.js';
import { permits, type PermissionSet } from '../../../src/domain/azure-permissions.js';
import type { VaultAccess } from '../../../src/domain/azure-facts.js';
import { accessBlockers, accessReadsFor, vaultNameOf } from '../../../src/domain/planner-access.js';
import { buildPlan } from '../../../src/domain/planner.js';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { IMAGES, makeFacts, OPTIONS, UAI, VAULT_ID } from './planner-fixture.js';

const ME = '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70';
const REGISTRY =
  '/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso';

const perms = (
  actions: string[],
  dataActions: string[] = [],
  notActions: string[] = [],
): PermissionSet => ({ actions, notActions, dataActions, notDataActions: [] });

/** Role entries as the permissions API returns them (docs "Azure built-in roles"). */
const ROLES = {
  owner: perms(['*']),
  contributor: perms(['*'], [], ['Microsoft.Authorization/*/Write']),
  reader: perms(['*/read']),
  keyVaultReader: perms(
    ['Microsoft.KeyVault/vaults/*/read'],
    ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
  ),
  keyVaultSecretsUser: perms(
    [],
    [
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ],
  ),
  managedIdentityOperator: perms([
    'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
    'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
  ]),
  acrPull: perms(['Microsoft.ContainerRegistry/registries/pull/read']),
  repositoryReader: perms(
    [],
    [
      'Microsoft.ContainerRegistry/registries/repositories/content/read',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/read',
    ],
  ),
};

describe('permits: an entry grants an operation its own NotActions do not take away', () => {
  it.each([
    ['Owner *', [ROLES.owner], 'Microsoft.ContainerRegistry/registries/pull/read', 'action', true],
    [
      '* is not a data action',
      [ROLES.owner],
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      'dataAction',
      false,
    ],
    [
      'Reader */read',
      [ROLES.reader],
      'Microsoft.ContainerRegistry/registries/pull/read',
      'action',
      true,
    ],
    [
      'Reader cannot assign',
      [ROLES.reader],
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
      'action',
      false,
    ],
    [
      'Contributor minus its NotActions',
      [ROLES.contributor],
      'Microsoft.Authorization/roleAssignments/write',
      'action',
      false,
    ],
    [
      'another entry still grants it',
      [ROLES.contributor, ROLES.owner],
      'Microsoft.Authorization/roleAssignments/write',
      'action',
      true,
    ],
    [
      '/*/ matches a single /',
      [ROLES.managedIdentityOperator],
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
      'action',
      true,
    ],
    [
      'case-insensitive',
      [perms(['microsoft.containerregistry/REGISTRIES/pull/read'])],
      'Microsoft.ContainerRegistry/registries/pull/read',
      'action',
      true,
    ],
    ['no entries', [], 'Microsoft.ContainerRegistry/registries/pull/read', 'action', false],
    [
      'Key Vault Reader reads metadata',
      [ROLES.keyVaultReader],
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      'dataAction',
      true,
    ],
    [
      'a dot is not a wildcard',
      [perms(['Microsoft.KeyVault/vaults/secrets.read'])],
      'Microsoft.KeyVault/vaults/secrets/read',
      'action',
      false,
    ],
  ] as const)('%s', (_name, sets, operation, kind, expected) => {
    expect(permits(sets, operation, kind)).toBe(expected);
  });
});

const vault = (extra: Partial<VaultAccess> = {}): VaultAccess => ({
  resourceId: VAULT_ID,
  name: 'kv1',
  enableRbacAuthorization: false,
  accessPolicies: [],
  ...extra,
});

const found = (v: VaultAccess, permissions?: PermissionSet[]): VaultAccessFact => ({
  vaultName: v.name,
  status: 'found',
  vault: v,
  ...(permissions ? { permissions } : {}),
});

const access = (extra: Partial<AccessFacts> = {}): AccessFacts => ({
  principalId: ME,
  vaults: [],
  identities: [],
  registries: [],
  ...extra,
});

const messages = (facts: AccessFacts): string[] => accessBlockers(facts).map((b) => b.message);

describe('gMSA vaults', () => {
  it.each([
    ['its own list policy', [{ objectId: ME, secretPermissions: ['list'] }], false],
    ['its own all policy', [{ objectId: ME, secretPermissions: ['All'] }], false],
    ['get only (it lists versions)', [{ objectId: ME, secretPermissions: ['get'] }], true],
    [
      'a policy for another object',
      [{ objectId: 'someone-else', secretPermissions: ['list'] }],
      true,
    ],
    ['no policy', [], true],
  ])('access-policy vault, %s: blocked %s', (_name, accessPolicies, blocked) => {
    const facts = access({ vaults: [found(vault({ accessPolicies }))] });
    expect(messages(facts)).toEqual(
      blocked
        ? [
            `grant access policy: secrets list to ${ME} on vault kv1 (vault kv1 uses access policies, which ignore Azure RBAC data actions; winshift checks that the gMSA secret exists from its versions' properties and never reads its value)`,
          ]
        : [],
    );
  });

  it('an access-policy vault ignores RBAC: Owner does not help', () => {
    const facts = access({ vaults: [found(vault(), [ROLES.owner])] });
    expect(accessBlockers(facts)).toEqual([
      expect.objectContaining({ code: 'WINSHIFT_ACCESS_MISSING', subject: 'Key Vault kv1' }),
    ]);
  });

  it('without its own principal id, says which setting tells it', () => {
    const facts: AccessFacts = { vaults: [found(vault())], identities: [], registries: [] };
    expect(messages(facts)).toEqual([
      "vault kv1 uses access policies, which ignore Azure RBAC data actions, and winshift does not know its own principal id to look for its policy: set WINSHIFT_PRINCIPAL_ID to the object id of winshift's managed identity",
    ]);
  });

  it.each([
    ['Key Vault Reader', [ROLES.keyVaultReader], false],
    ['Key Vault Secrets User', [ROLES.keyVaultSecretsUser], false],
    ['Contributor (no data actions)', [ROLES.contributor], true],
    ['Owner (no data actions)', [ROLES.owner], true],
    ['nothing', [], true],
  ])('RBAC vault with %s: blocked %s', (_name, permissions, blocked) => {
    const facts = access({
      vaults: [found(vault({ enableRbacAuthorization: true }), permissions)],
    });
    expect(messages(facts)).toEqual(
      blocked
        ? [
            `grant role Key Vault Reader to ${ME} at ${VAULT_ID} (the data action Microsoft.KeyVault/vaults/secrets/readMetadata/action, with which winshift checks that the gMSA secret exists; Key Vault Secrets User grants it too)`,
          ]
        : [],
    );
  });

  it('a vault outside winshift subscriptions and an unreadable one block too', () => {
    const facts = access({
      vaults: [
        { vaultName: 'kv9', status: 'notFound' },
        { vaultName: 'kv8', status: 'unreadable', reason: '[FORBIDDEN] no' },
      ],
    });
    expect(messages(facts)).toEqual([
      "no vault kv9 in winshift's subscriptions: add its subscription to WINSHIFT_SUBSCRIPTIONS (and winshift's operator role there), or winshift cannot find the vault to check the gMSA secret",
      'winshift cannot read vault kv8: [FORBIDDEN] no',
    ]);
  });
});

describe('user-assigned identities the new scale set gets', () => {
  it.each([
    ['Managed Identity Operator', [ROLES.managedIdentityOperator], false],
    ['Contributor', [ROLES.contributor], false],
    ['Reader', [ROLES.reader], true],
    ['nothing (another subscription)', [], true],
  ])('%s: blocked %s', (_name, permissions, blocked) => {
    const facts = access({ identities: [{ resourceId: UAI, status: 'read', permissions }] });
    expect(messages(facts)).toEqual(
      blocked
        ? [
            `grant role Managed Identity Operator to ${ME} at ${UAI} (ARM checks Microsoft.ManagedIdentity/userAssignedIdentities/assign/action on the identity when the new pool's scale set is given it)`,
          ]
        : [],
    );
  });

  it('a refused permissions read names the same grant', () => {
    const facts = access({
      identities: [{ resourceId: UAI, status: 'unreadable', reason: '[FORBIDDEN] denied' }],
    });
    expect(messages(facts)).toEqual([
      `grant role Managed Identity Operator to ${ME} at ${UAI} (winshift cannot read its permissions there ([FORBIDDEN] denied))`,
    ]);
  });
});

describe('Azure Container Registries', () => {
  const registry = (
    mode: 'AbacRepositoryPermissions' | 'LegacyRegistryPermissions',
    permissions: PermissionSet[],
  ): RegistryAccessFact => ({
    host: 'contoso.azurecr.io',
    status: 'found',
    registry: {
      resourceId: REGISTRY,
      loginServer: 'contoso.azurecr.io',
      roleAssignmentMode: mode,
      armAudienceTokens: 'enabled',
    },
    permissions,
  });
  const abacGrant = `grant role Container Registry Repository Reader to ${ME} at ${REGISTRY} (its roleAssignmentMode is AbacRepositoryPermissions: AcrPull, Owner and Contributor grant no pulls there; the data action Microsoft.ContainerRegistry/registries/repositories/content/read does)`;
  const legacyGrant = `grant role AcrPull to ${ME} at ${REGISTRY} (the Entra token exchange needs Microsoft.ContainerRegistry/registries/pull/read to check the new images)`;

  it.each([
    ['legacy, AcrPull', 'LegacyRegistryPermissions', [ROLES.acrPull], []],
    ['legacy, Contributor', 'LegacyRegistryPermissions', [ROLES.contributor], []],
    ['legacy, nothing', 'LegacyRegistryPermissions', [], [legacyGrant]],
    ['ABAC, Repository Reader', 'AbacRepositoryPermissions', [ROLES.repositoryReader], []],
    ['ABAC, AcrPull only', 'AbacRepositoryPermissions', [ROLES.acrPull], [abacGrant]],
    ['ABAC, Owner only', 'AbacRepositoryPermissions', [ROLES.owner], [abacGrant]],
  ] as const)('%s', (_name, mode, permissions, expected) => {
    expect(messages(access({ registries: [registry(mode, [...permissions])] }))).toEqual(expected);
  });

  it('a registry that is not an ACR of winshift subscriptions is left to the image lookup', () => {
    expect(
      accessBlockers(access({ registries: [{ host: 'mcr.microsoft.com', status: 'notFound' }] })),
    ).toEqual([]);
  });
});

describe('what the plan reads', () => {
  it('names the vaults of the moved workloads gMSA specs, the identities and the registries', () => {
    const facts = makeFacts();
    const reads = accessReadsFor(
      facts.workloads,
      facts,
      [{ kind: 'userAssigned', resourceId: UAI }],
      [IMAGES.iis22, IMAGES.log, 'Contoso.AzureCR.io/other:1', 'library/busybox:1'],
    );
    // kv2 belongs to the spec `unused`, which no moved workload names.
    expect(reads).toEqual({
      vaultNames: ['kv1'],
      identityIds: [UAI],
      registryHosts: ['contoso.azurecr.io', 'mcr.microsoft.com'],
    });
  });

  it.each([
    ['https://kv1.vault.azure.net/secrets/gmsa', 'kv1'],
    ['https://KV-Gov.vault.usgovcloudapi.net/secrets/x/abc', 'kv-gov'],
    ['http://kv1.vault.azure.net/secrets/gmsa', undefined],
    ['https://kv1.example.com/secrets/gmsa', undefined],
  ])('vault of %s: %s', (uri, name) => {
    expect(vaultNameOf(uri)).toBe(name);
  });
});

describe('the planner', () => {
  it('puts the access blockers in the plan; without them none of that code', () => {
    const facts = makeFacts();
    const clean = buildPlan({ ...facts, access: access() }, OPTIONS, DEFAULT_CALENDAR);
    const blocked = buildPlan(
      {
        ...facts,
        access: access({ identities: [{ resourceId: UAI, status: 'read', permissions: [] }] }),
      },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(blocked.blockers.filter((b) => b.code === 'WINSHIFT_ACCESS_MISSING')).toEqual([
      expect.objectContaining({ subject: `identity ${UAI}` }),
    ]);
    expect(clean.blockers.filter((b) => b.code === 'WINSHIFT_ACCESS_MISSING')).toEqual([]);
  });
});
