/**
 * Azure RBAC permissions as the permissions API returns them (`GET {scope}/providers/
 * Microsoft.Authorization/permissions`, Permissions_ListForResource in azure-rest-api-specs
 * authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json): one entry per role
 * assigned to the caller at or above the scope. How Azure decides (docs "How Azure RBAC determines
 * if a user has access to a resource"; "Understand Azure role definitions", section NotActions): an
 * operation is allowed when some entry grants it and that same entry's NotActions / NotDataActions
 * do not take it away; `*` matches any characters, case-insensitively.
 */

export interface PermissionSet {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

export type PermissionKind = 'action' | 'dataAction';

/**
 * `*` matches any characters; a `/*\/` segment also matches a single `/`, as the built-in Managed
 * Identity Operator role's `userAssignedIdentities/*\/assign/action` grants the operation
 * `userAssignedIdentities/assign/action` (docs "Azure built-in roles for Identity").
 */
export function patternMatches(pattern: string, operation: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('/*/')
    .map((segment) =>
      segment
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    .join('/(?:.*/)?');
  return new RegExp(`^${source}$`).test(operation.toLowerCase());
}

/** Whether the permission sets allow `operation` (an action or a data action). */
export function permits(
  sets: readonly PermissionSet[],
  operation: string,
  kind: PermissionKind,
): boolean {
  return sets.some((set) => {
    const granted = kind === 'action' ? set.actions : set.dataActions;
    const removed = kind === 'action' ? set.notActions : set.notDataActions;
    return (
      granted.some((p) => patternMatches(p, operation)) &&
      !removed.some((p) => patternMatches(p, operation))
    );
  });
}

/**
 * The built-in roles a finding names, with their ids (docs "Azure built-in roles": the Containers,
 * Identity and Security pages list each role's JSON definition with its GUID).
 */
export const BUILT_IN_ROLES = {
  keyVaultReader: { name: 'Key Vault Reader', id: '21090545-7ca7-4776-b22c-e363652d74d2' },
  keyVaultSecretsUser: {
    name: 'Key Vault Secrets User',
    id: '4633458b-17de-408a-b874-0445c86b69e6',
  },
  managedIdentityOperator: {
    name: 'Managed Identity Operator',
    id: 'f1a07417-d97a-45cb-824c-7a7467783830',
  },
  acrPull: { name: 'AcrPull', id: '7f951dda-4ed3-4680-a7ca-43fe172d538d' },
  containerRegistryRepositoryReader: {
    name: 'Container Registry Repository Reader',
    id: 'b93aa761-3e63-49ed-ac28-beffa264f7ac',
  },
} as const;

/** The operations winshift's own plan-time checks look for. */
export const OPERATIONS = {
  /** Secret properties without the value (winshift lists a gMSA secret's versions). */
  secretMetadata: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
  /** ARM checks it on the identity when a VMSS PATCH assigns a user-assigned identity. */
  identityAssign: 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
  /** The Entra -> ACR token exchange of a registry in LegacyRegistryPermissions mode (AcrPull). */
  registryPull: 'Microsoft.ContainerRegistry/registries/pull/read',
  /** Pulls from an ABAC-mode registry (Container Registry Repository Reader's data action). */
  repositoryContentRead: 'Microsoft.ContainerRegistry/registries/repositories/content/read',
} as const;
