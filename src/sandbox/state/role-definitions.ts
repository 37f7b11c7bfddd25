/**
 * The built-in role definitions the sandbox's scenarios assign, as data: each role's `permissions`
 * entry copied from its JSON definition on the docs pages "Azure built-in roles" (General:
 * Owner, Contributor, Reader; Privileged: Role Based Access Control Administrator; Identity:
 * Managed Identity Operator; Security: the Key Vault roles; Containers: AcrPull, AcrPush and the
 * Container Registry Repository roles). A role the table does not know grants nothing. The Key
 * Vault roles are abridged to their Microsoft.Authorization and Microsoft.KeyVault entries (their
 * Insights, Resources and Support actions are never asked about here).
 */

export interface RolePermissions {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

const role = (
  actions: readonly string[],
  dataActions: readonly string[] = [],
  notActions: readonly string[] = [],
): RolePermissions => ({ actions, notActions, dataActions, notDataActions: [] });

/** Keyed by the role definition's GUID (lower case). */
export const BUILT_IN_ROLE_DEFINITIONS: Readonly<Record<string, RolePermissions>> = {
  // Owner
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': role(['*']),
  // Contributor
  'b24988ac-6180-42a0-ab88-20f7382dd24c': role(
    ['*'],
    [],
    [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  ),
  // Reader
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': role(['*/read']),
  // Role Based Access Control Administrator
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': role([
    'Microsoft.Authorization/roleAssignments/write',
    'Microsoft.Authorization/roleAssignments/delete',
    '*/read',
    'Microsoft.Support/*',
  ]),
  // Managed Identity Operator
  'f1a07417-d97a-45cb-824c-7a7467783830': role([
    'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
    'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
    'Microsoft.Authorization/*/read',
    'Microsoft.Insights/alertRules/*',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Resources/deployments/*',
    'Microsoft.Support/*',
  ]),
  // Key Vault Administrator
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': role(
    ['Microsoft.Authorization/*/read', 'Microsoft.KeyVault/vaults/*/read'],
    ['Microsoft.KeyVault/vaults/*'],
  ),
  // Key Vault Secrets Officer
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': role(
    ['Microsoft.Authorization/*/read', 'Microsoft.KeyVault/vaults/*/read'],
    ['Microsoft.KeyVault/vaults/secrets/*'],
  ),
  // Key Vault Secrets User
  '4633458b-17de-408a-b874-0445c86b69e6': role(
    [],
    [
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ],
  ),
  // Key Vault Reader
  '21090545-7ca7-4776-b22c-e363652d74d2': role(
    ['Microsoft.Authorization/*/read', 'Microsoft.KeyVault/vaults/*/read'],
    ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
  ),
  // AcrPull
  '7f951dda-4ed3-4680-a7ca-43fe172d538d': role([
    'Microsoft.ContainerRegistry/registries/pull/read',
  ]),
  // AcrPush
  '8311e382-0749-4cb8-b61a-304f252e45ec': role([
    'Microsoft.ContainerRegistry/registries/pull/read',
    'Microsoft.ContainerRegistry/registries/push/write',
  ]),
  // Container Registry Repository Reader
  'b93aa761-3e63-49ed-ac28-beffa264f7ac': role(
    [],
    [
      'Microsoft.ContainerRegistry/registries/repositories/content/read',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/read',
    ],
  ),
  // Container Registry Repository Writer
  '2a1e307c-b015-4ebd-883e-5b7698a07328': role(
    [],
    [
      'Microsoft.ContainerRegistry/registries/repositories/content/read',
      'Microsoft.ContainerRegistry/registries/repositories/content/write',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/read',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/write',
    ],
  ),
  // Container Registry Repository Contributor
  '2efddaa5-3f1f-4df3-97df-af3f13818f4c': role(
    [],
    [
      'Microsoft.ContainerRegistry/registries/repositories/content/read',
      'Microsoft.ContainerRegistry/registries/repositories/content/write',
      'Microsoft.ContainerRegistry/registries/repositories/content/delete',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/read',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/write',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/delete',
    ],
  ),
};

/**
 * Roles whose data actions let a principal pull from an ABAC-mode registry: AcrPull, AcrPush,
 * Owner, Contributor and Reader are not honoured there (docs "Microsoft Entra attribute-based
 * access control (ABAC) for repository permissions", Effect on existing role assignments).
 */
export const ABAC_PULL_ROLES: ReadonlySet<string> = new Set([
  'b93aa761-3e63-49ed-ac28-beffa264f7ac',
  '2a1e307c-b015-4ebd-883e-5b7698a07328',
  '2efddaa5-3f1f-4df3-97df-af3f13818f4c',
]);
