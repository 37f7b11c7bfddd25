import { idKey, vaultId } from '../../state/ids.js';
import type { VaultState } from '../../state/model.js';
import type { AccessPolicySpec } from '../../state/scenario.js';
import { armError, bodyProperties, json, type SandboxResponse } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { vaultBody } from '../shapes.js';
import { missingGroup, resourceNotFound } from './lookup.js';

const VAULT =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults/{vaultName}';
type Permissions = AccessPolicySpec['permissions'];
type PermissionKind = keyof Permissions;
const KINDS: readonly PermissionKind[] = ['secrets', 'keys', 'certificates'];

function findVault(context: RouteContext): VaultState | SandboxResponse {
  const { subscriptionId = '', resourceGroupName = '', vaultName = '' } = context.params;
  const vault = context.emulator.world.vaults.get(
    idKey(vaultId(subscriptionId, resourceGroupName, vaultName)),
  );
  if (vault) return vault;
  return (
    missingGroup(context) ??
    resourceNotFound('Microsoft.KeyVault/vaults', vaultName, resourceGroupName)
  );
}

function isVault(value: VaultState | SandboxResponse): value is VaultState {
  return 'secrets' in value;
}

function combine(current: Permissions, change: Permissions, operation: string): Permissions {
  const result: Record<string, string[]> = {};
  for (const kind of KINDS) {
    const before = (current[kind] ?? []) as string[];
    const delta = ((change[kind] ?? []) as string[]).map((item) => item.toLowerCase());
    if (operation === 'add') result[kind] = [...new Set([...before, ...delta])];
    else if (operation === 'remove')
      result[kind] = before.filter((item) => !delta.includes(item.toLowerCase()));
    else result[kind] = change[kind] ? [...delta] : [...before];
  }
  return result;
}

function isEmpty(permissions: Permissions): boolean {
  return KINDS.every((kind) => (permissions[kind] ?? []).length === 0);
}

/** Vaults_UpdateAccessPolicy: add merges, replace overwrites, remove subtracts, per objectId. */
function updateAccessPolicy(context: RouteContext): SandboxResponse {
  const vault = findVault(context);
  if (!isVault(vault)) return vault;
  const operation = (context.params['operationKind'] ?? '').toLowerCase();
  if (!['add', 'replace', 'remove'].includes(operation)) {
    return armError(
      400,
      'BadRequest',
      `operationKind must be add, replace or remove, not '${context.params['operationKind']}'.`,
    );
  }
  const policies = bodyProperties(context.request)['accessPolicies'];
  if (!Array.isArray(policies))
    return armError(400, 'BadRequest', 'properties.accessPolicies is required.');
  for (const policy of policies as AccessPolicySpec[]) {
    const index = vault.accessPolicies.findIndex(
      (item) => item.objectId.toLowerCase() === policy.objectId.toLowerCase(),
    );
    const current = index >= 0 ? vault.accessPolicies[index] : undefined;
    const permissions = combine(current?.permissions ?? {}, policy.permissions ?? {}, operation);
    const next = {
      objectId: policy.objectId,
      tenantId: policy.tenantId ?? vault.tenantId,
      permissions,
    };
    if (index < 0) {
      if (operation !== 'remove') vault.accessPolicies.push(next);
    } else if (operation === 'remove' && isEmpty(permissions)) {
      vault.accessPolicies.splice(index, 1);
    } else {
      vault.accessPolicies[index] = next;
    }
  }
  return json(200, {
    id: `${vault.id}/accessPolicies/`,
    type: 'Microsoft.KeyVault/vaults/accessPolicies',
    properties: {
      accessPolicies: (policies as AccessPolicySpec[]).map((policy) => ({
        tenantId: policy.tenantId ?? vault.tenantId,
        objectId: policy.objectId,
        permissions: { keys: [], secrets: [], certificates: [], ...policy.permissions },
      })),
    },
  });
}

/** Vaults_ListBySubscription: every vault of the subscription (one page: scenarios hold a few). */
function listVaults(context: RouteContext): SandboxResponse {
  const subscriptionId = (context.params['subscriptionId'] ?? '').toLowerCase();
  const value = [...context.emulator.world.vaults.values()]
    .filter((vault) => vault.id.toLowerCase().startsWith(`/subscriptions/${subscriptionId}/`))
    .map((vault) => vaultBody(vault));
  return json(200, { value });
}

export const keyVaultManagementRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'Vaults_ListBySubscription',
    template: '/subscriptions/{subscriptionId}/providers/Microsoft.KeyVault/vaults',
    handle: listVaults,
  },
  {
    method: 'GET',
    operationId: 'Vaults_Get',
    template: VAULT,
    handle: (context) => {
      const vault = findVault(context);
      return isVault(vault) ? json(200, vaultBody(vault)) : vault;
    },
  },
  {
    method: 'PUT',
    operationId: 'Vaults_UpdateAccessPolicy',
    template: `${VAULT}/accessPolicies/{operationKind}`,
    handle: updateAccessPolicy,
  },
];
