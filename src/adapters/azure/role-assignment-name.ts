/**
 * Deterministic role assignment names. ARM names an assignment by a GUID chosen by the caller; deriving
 * it from (scope, role, principal) makes a repeated `ensureAssignment` address the same assignment,
 * as Bicep's `guid(scope, role, principal)` does.
 */
import { createHash } from 'node:crypto';

/** winshift's UUID namespace for role assignment names (a fixed random v4 UUID). */
const NAMESPACE = '3f0c6a52-8d1e-4b7a-9a57-2c41d7f3e6b8';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in `namespace`. */
export function uuidV5(name: string, namespace: string = NAMESPACE): string {
  const hash = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The role definition's GUID, whatever form the id is written in (full id or bare GUID). */
export function roleGuidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').filter(Boolean).pop() ?? roleDefinitionId).toLowerCase();
}

/** The normalised scope: leading slash, no trailing slash, lower case (ARM compares ids so). */
export function normaliseScope(scope: string): string {
  return `/${scope.replace(/^\/+|\/+$/g, '')}`.toLowerCase();
}

/** The assignment name for (scope, role, principal): the same inputs in any casing give one name. */
export function roleAssignmentName(
  scope: string,
  roleDefinitionId: string,
  principalId: string,
): string {
  return uuidV5(
    `${normaliseScope(scope)}|${roleGuidOf(roleDefinitionId)}|${principalId.toLowerCase()}`,
  );
}

/**
 * The full role definition id ARM expects in a create body. A bare GUID is qualified with the
 * scope's subscription (or the tenant-level provider path for scopes above subscriptions).
 */
export function qualifiedRoleDefinitionId(roleDefinitionId: string, scope: string): string {
  if (roleDefinitionId.includes('/')) return roleDefinitionId;
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(`/${scope.replace(/^\/+/, '')}`)?.[1];
  const prefix = subscription === undefined ? '' : `/subscriptions/${subscription}`;
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionId}`;
}
