import { roleDefinitionGuid } from '../state/ids.js';
import type { VaultState } from '../state/model.js';
import { SECRET_READ_ROLES, scopeContains } from '../state/role-assignments.js';
import type { World } from '../state/world.js';

export type SecretAction = 'get' | 'list';

const SANDBOX_TOKEN = /^Bearer\s+sandbox:([^\s;]+)(?:;aud=(\S+))?$/i;

/**
 * The principal a sandbox bearer token names (`sandbox:<principalId>`, or with the audience it was
 * issued for, `sandbox:<principalId>;aud=<audience>`), or undefined.
 */
export function principalOfToken(authorization: string | undefined): string | undefined {
  return SANDBOX_TOKEN.exec(authorization ?? '')?.[1];
}

/**
 * The audience a sandbox token was issued for. The static-token credential marks only the audiences
 * a sandbox service must tell apart (adapters/connect/static-token-credential.ts); an unmarked token
 * is the one every other scope gets, ARM's included, so it counts as ARM's.
 */
export function audienceOfToken(authorization: string | undefined): string | undefined {
  const match = SANDBOX_TOKEN.exec(authorization ?? '');
  return match === null ? undefined : (match[2] ?? 'https://management.azure.com');
}

/**
 * Whether the principal may perform the action on the secret. RBAC vaults: a role assignment at or
 * above the secret's scope with a role that grants it; access-policy vaults: a policy for the
 * principal's object id listing the permission (`all` counts).
 */
export function mayAccessSecret(
  world: World,
  vault: VaultState,
  principalId: string,
  action: SecretAction,
  secretName?: string,
): boolean {
  const principal = principalId.toLowerCase();
  if (vault.enableRbacAuthorization) {
    const scope = secretName ? `${vault.id}/secrets/${secretName}` : vault.id;
    return [...world.roleAssignments.values()].some(
      (assignment) =>
        assignment.principalId.toLowerCase() === principal &&
        scopeContains(assignment.scope, scope) &&
        (SECRET_READ_ROLES[roleDefinitionGuid(assignment.roleDefinitionId)] ?? []).includes(action),
    );
  }
  return vault.accessPolicies.some(
    (policy) =>
      policy.objectId.toLowerCase() === principal &&
      (policy.permissions.secrets ?? []).some((permission) =>
        ['all', action].includes(permission.toLowerCase()),
      ),
  );
}
