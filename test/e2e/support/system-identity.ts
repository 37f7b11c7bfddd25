/**
 * A pool whose scale set has a system-assigned identity: that principal cannot move, so winshift
 * grants the new pool's principal the same role assignments and Key Vault access policies (the
 * copies the operator role's roleAssignments/write and vaults/accessPolicies/write exist for). The
 * default scenario's win19 gets such an identity, with AcrPull on the app registry and an access
 * policy on the gMSA vault (a vault on the access-policy model, as winshift plans policies only
 * for the vaults the pool's gMSA credential specs name).
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { RunningSandbox, SandboxScenario } from '../../../src/sandbox/index.js';
import { editedDefaultScenario } from './cluster.js';
import { checkerCredential } from '../../support/deploy/role-check.js';

const SUBSCRIPTION = '6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';
const GROUP = 'rg-payments';
const VAULT = 'kv-payments-gmsa';
export const OLD_POOL_PRINCIPAL = '4b8d2f6a-1c3e-4a5b-9d7f-2e6c8a0b4d1f';
export const ACR_SCOPE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.ContainerRegistry/registries/contosopayments`;
export const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';

interface RawScenario {
  roleAssignments: { scope: string; roleDefinitionId: string; principalId: string }[];
  subscriptions: {
    resourceGroups: {
      name: string;
      vaults?: { name: string; accessPolicies: unknown[] }[];
      clusters?: { pools: { name: string; vmssSystemAssignedPrincipalId?: string }[] }[];
    }[];
  }[];
}

export function systemIdentityScenario(): SandboxScenario {
  return editedDefaultScenario((raw: RawScenario) => {
    const group = raw.subscriptions[0]?.resourceGroups.find((g) => g.name === GROUP);
    const win19 = group?.clusters?.[0]?.pools.find((p) => p.name === 'win19');
    const vault = group?.vaults?.find((v) => v.name === VAULT);
    if (!win19 || !vault) throw new Error('the default scenario no longer has win19 or its vault');
    win19.vmssSystemAssignedPrincipalId = OLD_POOL_PRINCIPAL;
    vault.accessPolicies.push({
      objectId: OLD_POOL_PRINCIPAL,
      permissions: { secrets: ['get', 'list'] },
    });
    raw.roleAssignments.push({
      scope: ACR_SCOPE,
      roleDefinitionId: ACR_PULL,
      principalId: OLD_POOL_PRINCIPAL,
    });
  });
}

/** Role assignments of a principal in the scenario's subscription: `scope|role guid`. */
export async function grantsOf(sandbox: RunningSandbox, principalId: string): Promise<string[]> {
  const client = new AuthorizationManagementClient(checkerCredential(sandbox), SUBSCRIPTION, {
    httpClient: sandbox.arm.transport.httpClient,
  });
  const grants: string[] = [];
  const items = client.roleAssignments.listForScope(`/subscriptions/${SUBSCRIPTION}`, {
    filter: `principalId eq '${principalId}'`,
  });
  for await (const a of items)
    grants.push(`${a.scope?.toLowerCase()}|${a.roleDefinitionId?.split('/').pop()}`);
  return grants.sort();
}

/** The secret permissions the gMSA vault's access policies give a principal. */
export async function vaultSecretPermissions(
  sandbox: RunningSandbox,
  principalId: string,
): Promise<string[]> {
  const client = new KeyVaultManagementClient(checkerCredential(sandbox), SUBSCRIPTION, {
    httpClient: sandbox.arm.transport.httpClient,
  });
  const vault = await client.vaults.get(GROUP, VAULT);
  return (
    vault.properties.accessPolicies
      ?.filter((p) => p.objectId.toLowerCase() === principalId.toLowerCase())
      .flatMap((p) => p.permissions.secrets ?? [])
      .map((p) => p.toLowerCase())
      .sort() ?? []
  );
}
