import { createHash } from 'node:crypto';

/** A GUID derived from a seed, so a scenario produces the same principal ids on every run. */
export function deterministicGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** 32 lowercase hex chars (Key Vault version ids). */
export function deterministicHex32(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

/** ARM ids compare case-insensitively; state maps are keyed by this. */
export function idKey(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function clusterId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

export function identityId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

export function vmssId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
}

export function vaultId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.KeyVault/vaults/${name}`;
}

/** AKS names a pool's scale set `aks-<pool>-<8 digits>-vmss`, the digits derived from the cluster. */
export function vmssNameFor(clusterIdValue: string, poolName: string): string {
  const digits = parseInt(
    createHash('sha256').update(idKey(clusterIdValue)).digest('hex').slice(0, 8),
    16,
  );
  return `aks-${poolName}-${String(digits % 100_000_000).padStart(8, '0')}-vmss`;
}

/** `/providers/Microsoft.Authorization/roleDefinitions/<guid>` or a subscription-scoped one, kept as given. */
export function roleDefinitionIdOf(value: string): string {
  return value.startsWith('/')
    ? value
    : `/providers/Microsoft.Authorization/roleDefinitions/${value}`;
}

/** The GUID at the end of a role definition id. */
export function roleDefinitionGuid(value: string): string {
  return (value.split('/').pop() ?? value).toLowerCase();
}
