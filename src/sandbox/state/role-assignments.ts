import { deterministicGuid, roleDefinitionIdOf } from './ids.js';
import type { RoleAssignmentState } from './model.js';
import type { RoleAssignmentSpec } from './scenario.js';

/** A role assignment in state from its scope, role and principal (the name is a GUID). */
export function createRoleAssignment(spec: RoleAssignmentSpec): RoleAssignmentState {
  const scope = spec.scope.startsWith('/') ? spec.scope : `/${spec.scope}`;
  const name =
    spec.name ??
    deterministicGuid(`ra:${scope.toLowerCase()}:${spec.roleDefinitionId}:${spec.principalId}`);
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope,
    roleDefinitionId: roleDefinitionIdOf(spec.roleDefinitionId),
    principalId: spec.principalId,
    principalType: spec.principalType ?? 'ServicePrincipal',
    createdOn: new Date(0).toISOString(),
  };
}

/** Whether scope `outer` contains (or equals) scope `inner`: ARM scopes nest by path prefix. */
export function scopeContains(outer: string, inner: string): boolean {
  const a = outer.toLowerCase().replace(/\/+$/, '');
  const b = inner.toLowerCase().replace(/\/+$/, '');
  return a === '' || b === a || b.startsWith(`${a}/`);
}

/** Built-in roles that let a principal read Key Vault secrets (RBAC vaults). */
export const SECRET_READ_ROLES: Readonly<Record<string, readonly ('get' | 'list')[]>> = {
  // Key Vault Administrator
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': ['get', 'list'],
  // Key Vault Secrets Officer
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': ['get', 'list'],
  // Key Vault Secrets User
  '4633458b-17de-408a-b874-0445c86b69e6': ['get', 'list'],
  // Key Vault Reader: metadata only
  '21090545-7ca7-4776-b22c-e363652d74d2': ['list'],
};
